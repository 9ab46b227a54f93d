package dev.tenantry.plugins.usermanagement.actions;

import com.microsoft.graph.models.BodyType;
import com.microsoft.graph.models.EmailAddress;
import com.microsoft.graph.models.ItemBody;
import com.microsoft.graph.models.Message;
import com.microsoft.graph.models.Recipient;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.users.item.sendmail.SendMailPostRequestBody;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugins.usermanagement.UserIds;
import dev.tenantry.plugins.usermanagement.directory.ManagedUser;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mails a password Microsoft has just been given, the way the technician chose ({@link MailRoute}): from the tenant's
 * integration account through Microsoft Graph, or through Tenantry's mail server as the host's secret mail (sealed
 * until sent, never shown in the delivery log, erased once sent, given up when it cannot go in time). Each mail, and
 * each that could not be mailed, is a line in the user's history, and each mailed one an audit record: the address
 * and the route, never the password.
 */
final class PasswordMailer {

    private final GraphAccess graph;
    private final PluginNotifications notifications;
    private final History history;
    private final PluginAudit audit;
    private final PortalUser person;
    private final Clock clock;

    /** {@code notifications} may be null where no password is mailed through Tenantry (a job's work). */
    PasswordMailer(GraphAccess graph, PluginNotifications notifications, History history, PluginAudit audit,
            PortalUser person, Clock clock) {
        this.graph = graph;
        this.notifications = notifications;
        this.history = history;
        this.audit = audit;
        this.person = person;
        this.clock = clock;
    }

    /** Why a password cannot be mailed by {@code route} here at all, asked before anything changes; empty if it can. */
    Optional<String> unavailable(MailRoute route) {
        return route == MailRoute.TENANTRY && notifications == null
                ? Optional.of("Mailing a password through Tenantry's mail server is not possible here")
                : Optional.empty();
    }

    /**
     * Mails {@code password}, just set for {@code user}, to {@code to} by {@code route}; says what became of it.
     *
     * @param created whether the user was created with it (else it was reset)
     */
    String mail(String tenantId, ManagedUser user, String to, String password, MailRoute route, boolean created) {
        String upn = user.userPrincipalName();
        String subject = "Your new password for " + upn;
        String text = (created ? "The account " + upn + " was created by " : "The password of " + upn
                + " was reset by ") + person.displayName() + ".\r\n\r\nSign in with this password; you will be asked "
                + "to choose a new one at once:\r\n\r\n" + password + "\r\n";
        return route == MailRoute.TENANTRY ? throughTenantry(tenantId, user, to, subject, text)
                : fromIntegrationAccount(tenantId, user, to, subject, text);
    }

    private String throughTenantry(String tenantId, ManagedUser user, String to, String subject, String text) {
        String delivery;
        try {
            delivery = notifications.secretMail(List.of(to), subject, text);
        } catch (RuntimeException e) {
            history.add(tenantId, new History.Change(user.id(), clock.instant(), person.userPrincipalName(),
                    "mail-password", "failed", "Not mailed to " + to + " " + MailRoute.TENANTRY.how()));
            return "It could not be mailed (" + e.getMessage() + "); give it to the user another way";
        }
        history.add(tenantId, new History.Change(user.id(), clock.instant(), person.userPrincipalName(),
                "mail-password", "queued", "New password sent to " + to + " " + MailRoute.TENANTRY.how()
                        + " (delivery " + delivery + ")"));
        audit.record("mail-password", tenantId, user.userPrincipalName(), Map.of("to", to, "via",
                MailRoute.TENANTRY.id(), "delivery", delivery));
        return "The new password is on its way to " + to + " " + MailRoute.TENANTRY.how() + ": kept sealed until "
                + "sent, and given up if it cannot be sent within its lifetime (an hour unless the installation set "
                + "another)";
    }

    private String fromIntegrationAccount(String tenantId, ManagedUser user, String to, String subject,
            String text) {
        try {
            // A 403 here is the account's mailbox or Microsoft's rule, not a consent a card could give
            graph.call(tenantId, UserIds.MAIL_SCOPES, MicrosoftRefusedException.caught(client -> {
                Message message = new Message();
                message.setSubject(subject);
                ItemBody body = new ItemBody();
                body.setContentType(BodyType.Text);
                body.setContent(text);
                message.setBody(body);
                Recipient recipient = new Recipient();
                EmailAddress address = new EmailAddress();
                address.setAddress(to);
                recipient.setEmailAddress(address);
                message.setToRecipients(List.of(recipient));
                SendMailPostRequestBody send = new SendMailPostRequestBody();
                send.setMessage(message);
                send.setSaveToSentItems(false);
                client.me().sendMail().post(send);
                return null;
            }));
            history.add(tenantId, new History.Change(user.id(), clock.instant(), person.userPrincipalName(),
                    "mail-password", "done", "New password mailed to " + to + " "
                            + MailRoute.INTEGRATION_ACCOUNT.how()));
            audit.record("mail-password", tenantId, user.userPrincipalName(), Map.of("to", to, "via",
                    MailRoute.INTEGRATION_ACCOUNT.id()));
            return "The new password was mailed to " + to + " " + MailRoute.INTEGRATION_ACCOUNT.how();
        } catch (ConsentRequiredException e) {
            return "It was not mailed: the scope set " + UserIds.MAIL_SCOPES + " (Mail.Send) is not granted";
        } catch (Exception e) {
            history.add(tenantId, new History.Change(user.id(), clock.instant(), person.userPrincipalName(),
                    "mail-password", "failed", "Not mailed to " + to + " " + MailRoute.INTEGRATION_ACCOUNT.how()));
            return "It could not be mailed (" + (e instanceof ODataError error && error.getError() != null
                    ? error.getError().getMessage() : e.getMessage()) + "); give it to the user another way";
        }
    }
}
