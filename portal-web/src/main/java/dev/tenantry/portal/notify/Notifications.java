package dev.tenantry.portal.notify;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.RequiresPermission;
import dev.tenantry.portal.crypto.SealedValueException;
import dev.tenantry.portal.crypto.SecretBox;
import dev.tenantry.portal.identity.RequestCaller;
import dev.tenantry.portal.notify.internal.DeliveryEntity;
import dev.tenantry.portal.notify.internal.DeliveryOutbox;
import dev.tenantry.portal.notify.internal.MailTransport;
import dev.tenantry.portal.notify.internal.OutboundAddresses;
import dev.tenantry.portal.notify.internal.WebhookSignature;
import dev.tenantry.portal.notify.internal.WebhookTransport;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Mail and webhooks: queued in the database, delivered by the server's managed scheduler every
 * {@code tenantry.notifications.tick}, tried again after {@code first-retry}, four times as long each time (at most six
 * hours), up to {@code max-attempts}; a webhook answered 410 Gone is not tried again, nor one refused because its
 * address is this server, a private network or a cloud metadata service (unless listed in
 * {@code tenantry.webhooks.allowed-hosts}): it fails with the reason, and an administrator may send it again. Mail
 * waits (HELD) while no SMTP server is configured ({@code tenantry.mail.smtp.host}) and goes once one is. Webhook
 * secrets are sealed with the {@link SecretBox} and forgotten once delivered.
 *
 * <p>A secret mail (a new password) is sealed whole with the {@link SecretBox}, for its delivery only, and opened only
 * to be handed to the mail server; its sealed body is erased once it was sent or given up, and it is given up when it
 * was not sent within {@code tenantry.notifications.secret-mail-lifetime} (an hour; at most a day), also when it waited
 * for a mail server all that time or the next attempt would come later. Sent or given up, it cannot be sent again. It
 * is not sent while Jakarta Mail's SMTP protocol trace is on, which would log it.
 */
@ApplicationScoped
public class Notifications {

    private static final Logger LOG = Logger.getLogger(Notifications.class.getName());
    private static final int MAX_RECIPIENTS = 50;
    private static final int MAX_WEBHOOK_BODY = 64 * 1024;
    private static final int MAX_MAIL_BODY = 256 * 1024;
    private static final int MAX_SECRET_MAIL_BODY = 16 * 1024;
    private static final Duration LONGEST_SECRET_MAIL_LIFETIME = Duration.ofDays(1);
    private static final Duration LONGEST_PAUSE = Duration.ofHours(6);

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    DeliveryOutbox outbox;

    @Inject
    SecretBox secrets;

    @Inject
    AccessControl access;

    @Inject
    RequestCaller caller;

    @Inject
    @ConfigProperty(name = "tenantry.notifications.tick", defaultValue = "PT10S")
    Duration tick;

    @Inject
    @ConfigProperty(name = "tenantry.notifications.first-retry", defaultValue = "PT30S")
    Duration firstRetry;

    @Inject
    @ConfigProperty(name = "tenantry.notifications.max-attempts", defaultValue = "7")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "tenantry.notifications.secret-mail-lifetime", defaultValue = "PT1H")
    Duration secretMailLifetime;

    @Inject
    @ConfigProperty(name = "tenantry.webhooks.allow-http", defaultValue = "false")
    boolean allowHttp;

    @Inject
    @ConfigProperty(name = OutboundAddresses.ALLOWED_HOSTS)
    Optional<String> allowedHosts;

    @Inject
    @ConfigProperty(name = "tenantry.mail.smtp.host")
    Optional<String> smtpHost;

    @Inject
    @ConfigProperty(name = "tenantry.mail.smtp.port", defaultValue = "25")
    int smtpPort;

    @Inject
    @ConfigProperty(name = "tenantry.mail.smtp.starttls", defaultValue = "false")
    boolean smtpStartTls;

    @Inject
    @ConfigProperty(name = "tenantry.mail.smtp.user")
    Optional<String> smtpUser;

    @Inject
    @ConfigProperty(name = "tenantry.mail.smtp.password")
    Optional<String> smtpPassword;

    @Inject
    @ConfigProperty(name = "tenantry.mail.from", defaultValue = "tenantry@localhost")
    String from;

    @Inject
    @ConfigProperty(name = "tenantry.portal.url")
    Optional<String> portalUrl;

    @Inject
    @ConfigProperty(name = "tenantry.identity.redirect-uri")
    String identityRedirect;

    private MailTransport mail;
    private OutboundAddresses outbound;
    private WebhookTransport webhooks;
    private ScheduledFuture<?> deliveries;

    @PostConstruct
    void init() {
        mail = new MailTransport(new MailTransport.Settings(smtpHost, smtpPort, smtpStartTls, smtpUser, smtpPassword,
                from));
        outbound = new OutboundAddresses(allowedHosts);
        webhooks = new WebhookTransport(outbound);
    }

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 300) Startup startup) {
        long period = Math.max(1, tick.toMillis());
        deliveries = scheduler.scheduleWithFixedDelay(this::deliverDue, period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (deliveries != null) {
            deliveries.cancel(false);
        }
    }

    /** Queues a plain-text mail from {@code pluginId}; returns its id. */
    public String queueMail(String pluginId, List<String> to, String subject, String text, String requestedBy) {
        requireMail(to, subject);
        if (text == null || text.length() > MAX_MAIL_BODY) {
            throw new IllegalArgumentException("A mail's text is at most " + MAX_MAIL_BODY + " characters");
        }
        String id = UUID.randomUUID().toString();
        outbox.queue(id, pluginId, "MAIL", String.join(", ", to), subject, text, null, requestedBy);
        return id;
    }

    /**
     * Queues a plain-text mail from {@code pluginId} whose text is a secret; returns its id. The text is sealed before
     * it reaches the database and is never logged; the subject is not sealed.
     */
    public String queueSecretMail(String pluginId, List<String> to, String subject, String text,
            String requestedBy) {
        requireMail(to, subject);
        if (text == null || text.isEmpty() || text.length() > MAX_SECRET_MAIL_BODY) {
            throw new IllegalArgumentException("A secret mail's text is 1 to " + MAX_SECRET_MAIL_BODY
                    + " characters");
        }
        String id = UUID.randomUUID().toString();
        outbox.queueSealed(id, pluginId, String.join(", ", to), subject, secrets.seal(text, secretMailPurpose(id)),
                requestedBy, Instant.now().plus(secretMailLifetime()));
        return id;
    }

    /** How long a secret mail may wait to be sent: the configured lifetime, at most a day. */
    Duration secretMailLifetime() {
        if (secretMailLifetime == null || secretMailLifetime.isNegative() || secretMailLifetime.isZero()) {
            return Duration.ofHours(1);
        }
        return secretMailLifetime.compareTo(LONGEST_SECRET_MAIL_LIFETIME) > 0 ? LONGEST_SECRET_MAIL_LIFETIME
                : secretMailLifetime;
    }

    private static void requireMail(List<String> to, String subject) {
        if (to == null || to.isEmpty() || to.size() > MAX_RECIPIENTS) {
            throw new IllegalArgumentException("A mail needs 1 to " + MAX_RECIPIENTS + " recipients");
        }
        for (String address : to) {
            try {
                new InternetAddress(address, true).validate();
            } catch (AddressException e) {
                throw new IllegalArgumentException("Not a mail address: " + address);
            }
        }
        if (subject == null || subject.isBlank() || subject.length() > 300 || subject.contains("\n")
                || subject.contains("\r")) {
            throw new IllegalArgumentException("A mail needs a subject of one line, at most 300 characters");
        }
    }

    /**
     * Queues a signed webhook from {@code pluginId}; returns its id. An address that is, or resolves to, one webhooks
     * may not go to (see {@link OutboundAddresses}) is refused here already; the check that counts is made again when
     * it is sent, against the address connected to.
     */
    public String queueWebhook(String pluginId, URI url, String secret, String json, String requestedBy) {
        String scheme = url == null || url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!"https".equals(scheme) && !(allowHttp && "http".equals(scheme))) {
            throw new IllegalArgumentException("A webhook goes to an https:// address"
                    + (allowHttp ? " (or http://)" : ""));
        }
        if (url.getHost() == null || url.getUserInfo() != null || url.toString().length() > 2000) {
            throw new IllegalArgumentException("Not a webhook address: " + url);
        }
        outbound.requireAllowed(url.getHost());
        WebhookSignature.requireUsable(secret);
        if (json == null || json.getBytes(StandardCharsets.UTF_8).length > MAX_WEBHOOK_BODY) {
            throw new IllegalArgumentException("A webhook body is at most 64 KiB of JSON");
        }
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(json))) {
            reader.readValue();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("A webhook body must be JSON");
        }
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        outbox.queue(id, pluginId, "WEBHOOK", url.toString(), null, json, secrets.seal(secret, purpose(id)),
                requestedBy);
        return id;
    }

    /**
     * The absolute address of a portal page for a mail or webhook: {@code tenantry.portal.url}, or else the origin of
     * the identity redirect URI (the address people sign in at), followed by {@code path}.
     */
    public URI link(String path) {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.length() > 2000) {
            throw new IllegalArgumentException("A portal link is a path starting with /: " + path);
        }
        String base = portalUrl.filter(url -> !url.isBlank()).orElseGet(() -> {
            URI redirect = URI.create(identityRedirect);
            return redirect.getScheme() + "://" + redirect.getRawAuthority();
        });
        return URI.create(base.replaceAll("/+$", "") + path);
    }

    /** One delivery, for the plugin that queued it or the log. */
    public Optional<Delivery> find(String id) {
        return outbox.find(id);
    }

    /**
     * One delivery as the signed-in caller may see it: with the reason an attempt failed only for staff who may read
     * the delivery log ({@code plugins:manage} in all tenants); for everyone else, and for work running outside a
     * request, only whether it went ({@link Delivery#withoutReason()}).
     */
    public Optional<Delivery> findForCaller(String id) {
        boolean readsTheLog = caller.staff().isPresent()
                && access.callerPermissions(null).contains(Permissions.PLUGINS_MANAGE);
        return outbox.find(id).map(delivery -> readsTheLog ? delivery : delivery.withoutReason());
    }

    /** The delivery log, newest first. */
    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public List<Delivery> log(String pluginId, String state, int first, int max) {
        return outbox.recent(pluginId, state, first, max);
    }

    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public int logSize(String pluginId, String state) {
        return outbox.count(pluginId, state);
    }

    /** Sends a held or failed delivery again at the next tick; not a secret mail given up (its text is erased). */
    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public boolean retry(String id) {
        return outbox.retry(id);
    }

    /** Whether mail can be sent (an SMTP server is configured). */
    public boolean mailConfigured() {
        return mail.configured();
    }

    /** Delivers what is due; called by the scheduler, and by tests. */
    public void deliverDue() {
        try {
            for (DeliveryOutbox.Due due : outbox.claimDue(20, mail.configured())) {
                deliver(due);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not deliver notifications; trying again next time", e);
        }
    }

    private void deliver(DeliveryOutbox.Due due) {
        if ("MAIL".equals(due.channel())) {
            if (due.sealed() && !Instant.now().isBefore(due.expiresAt())) {
                outbox.attempted(due.id(), "FAILED", null, DeliveryEntity.EXPIRED);
                return;
            }
            if (!mail.configured()) {
                outbox.attempted(due.id(), "HELD", null, "No mail server configured (tenantry.mail.smtp.host)");
                return;
            }
            if (due.sealed() && mail.traced()) {
                failed(due, "Not sent while the SMTP protocol trace is on (org.eclipse.angus.mail.smtp.protocol at "
                        + "FINEST logs what is sent, the secret too); turn the trace off", Optional.empty(), false);
                return;
            }
            String text;
            try {
                text = due.sealed() ? secrets.open(due.body(), secretMailPurpose(due.id())) : due.body();
            } catch (SealedValueException e) {
                outbox.attempted(due.id(), "FAILED", null, "The sealed content cannot be opened: " + e.getMessage());
                return;
            }
            try {
                mail.send(due.id(), due.target(), due.subject(), text);
                outbox.attempted(due.id(), "SENT", null, null);
            } catch (MessagingException | RuntimeException e) {
                failed(due, "The mail server refused or did not answer: " + e.getMessage(), Optional.empty(),
                        false);
            }
            return;
        }
        String secret;
        try {
            secret = secrets.open(due.secretSealed(), purpose(due.id()));
        } catch (SealedValueException e) {
            outbox.attempted(due.id(), "FAILED", null, "The signing secret cannot be opened: " + e.getMessage());
            return;
        }
        WebhookTransport.Outcome outcome = webhooks.post(due.id(), URI.create(due.target()), secret, due.body());
        if (outcome.delivered()) {
            outbox.attempted(due.id(), "SENT", null, null);
        } else if (outcome.refused()) {
            LOG.warning(() -> "Webhook " + due.id() + " not sent: " + outcome.error());
            outbox.attempted(due.id(), "FAILED", null, outcome.error());
        } else {
            failed(due, outcome.error(), outcome.retryAfter(), outcome.status() == 410);
        }
    }

    private void failed(DeliveryOutbox.Due due, String error, Optional<Duration> retryAfter, boolean gone) {
        if (gone || due.attempts() >= maxAttempts) {
            outbox.attempted(due.id(), "FAILED", null, error + (gone ? "" : " (gave up after " + due.attempts()
                    + " attempts)"));
            return;
        }
        Duration pause = firstRetry.multipliedBy((long) Math.pow(4, Math.min(10, due.attempts() - 1)));
        pause = pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause;
        if (retryAfter.isPresent() && retryAfter.get().compareTo(pause) > 0) {
            pause = retryAfter.get().compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : retryAfter.get();
        }
        Instant next = Instant.now().plus(pause);
        if (due.sealed() && !next.isBefore(due.expiresAt())) {
            outbox.attempted(due.id(), "FAILED", null, error + " (given up after " + due.attempts() + " attempts: the "
                    + "next would come after the secret mail's lifetime; its sealed content was erased)");
            return;
        }
        outbox.attempted(due.id(), "RETRYING", next, error);
    }

    private static String purpose(String deliveryId) {
        return "webhook-secret:" + deliveryId;
    }

    private static String secretMailPurpose(String deliveryId) {
        return "secret-mail:" + deliveryId;
    }
}
