package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.PluginNotifications;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plugin notifications for plugins' tests: what the plugin queued, kept in order and never sent; secret mail
 * ({@link #secretMails()}) apart from the rest, so a test can tell that a password went sealed. Links point at
 * {@code https://portal.test}.
 */
public final class MemoryNotifications implements PluginNotifications {

    /** A queued mail. */
    public record Mail(String id, List<String> to, String subject, String text) {
    }

    /** A queued webhook, with the secret it was to be signed with. */
    public record Webhook(String id, URI url, String secret, String json) {
    }

    private final List<Mail> mails = new CopyOnWriteArrayList<>();
    private final List<Mail> secretMails = new CopyOnWriteArrayList<>();
    private final List<Webhook> webhooks = new CopyOnWriteArrayList<>();

    @Override
    public String mail(List<String> to, String subject, String text) {
        if (to == null || to.isEmpty() || subject == null || subject.isBlank() || subject.contains("\n")) {
            throw new IllegalArgumentException("A mail needs recipients and a subject of one line");
        }
        String id = "mail-" + (mails.size() + secretMails.size() + webhooks.size() + 1);
        mails.add(new Mail(id, List.copyOf(to), subject, text));
        return id;
    }

    /** Keeps the mail as the host would send it; the host seals its text, this fake keeps it to be read. */
    @Override
    public String secretMail(List<String> to, String subject, String text) {
        if (to == null || to.isEmpty() || subject == null || subject.isBlank() || subject.contains("\n")) {
            throw new IllegalArgumentException("A mail needs recipients and a subject of one line");
        }
        if (text == null || text.length() > 16_384) {
            throw new IllegalArgumentException("A secret mail's text is at most 16384 characters");
        }
        String id = "mail-" + (mails.size() + secretMails.size() + webhooks.size() + 1);
        secretMails.add(new Mail(id, List.copyOf(to), subject, text));
        return id;
    }

    @Override
    public String webhook(URI url, String secret, String json) {
        if (url == null || !"https".equals(url.getScheme()) || secret == null || secret.length() < 24) {
            throw new IllegalArgumentException("A webhook goes to an https:// address with a secret of 24 characters");
        }
        String id = "msg_" + (mails.size() + secretMails.size() + webhooks.size() + 1);
        webhooks.add(new Webhook(id, url, secret, json));
        return id;
    }

    @Override
    public URI link(String path) {
        return URI.create("https://portal.test" + path);
    }

    @Override
    public Optional<Delivery> delivery(String deliveryId) {
        boolean known = mails.stream().anyMatch(m -> m.id().equals(deliveryId))
                || secretMails.stream().anyMatch(m -> m.id().equals(deliveryId))
                || webhooks.stream().anyMatch(w -> w.id().equals(deliveryId));
        return known ? Optional.of(new Delivery(deliveryId, deliveryId.startsWith("mail") ? "MAIL" : "WEBHOOK", "",
                "QUEUED", 0, Instant.EPOCH, null, null, "")) : Optional.empty();
    }

    public List<Mail> mails() {
        return List.copyOf(mails);
    }

    /** The mails queued with {@link #secretMail}, text and all. */
    public List<Mail> secretMails() {
        return List.copyOf(secretMails);
    }

    public List<Webhook> webhooks() {
        return List.copyOf(webhooks);
    }

    public void clear() {
        mails.clear();
        secretMails.clear();
        webhooks.clear();
    }
}
