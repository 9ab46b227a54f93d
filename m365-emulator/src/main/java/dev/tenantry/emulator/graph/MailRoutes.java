package dev.tenantry.emulator.graph;

import static dev.tenantry.emulator.graph.OData.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.emulator.mail.MailStore;
import dev.tenantry.emulator.mail.SentMail;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Outlook mail: {@code sendMail} (as the signed-in user with delegated Mail.Send, as any user with the application
 * permission) from a user who has an Exchange Online mailbox, and the messages of a user's inbox. Every message sent is
 * kept in the {@link MailStore} and delivered to recipients who are users of an emulated tenant with a mailbox;
 * nothing leaves the emulator. Errors are Exchange's ({@code ErrorAccessDenied}, {@code MailboxNotEnabledForRESTAPI}).
 */
final class MailRoutes implements Routes.Area {

    private final Directory directory;
    private final OData odata;
    private final MailStore mail;

    MailRoutes(Directory directory, OData odata, MailStore mail) {
        this.directory = directory;
        this.odata = odata;
        this.mail = mail;
    }

    @Override
    public void register(Routes routes) {
        routes.add("POST", "/me/sendMail", Set.of(), call -> send(call, call.user));
        routes.add("POST", "/users/{id}/sendMail", Set.of(), call -> send(call, mailUser(call)));
        routes.add("GET", "/me/messages", Set.of(), call -> messages(call, call.user));
        routes.add("GET", "/users/{id}/messages", Set.of(), call -> messages(call, mailUser(call)));
    }

    /** The user of the path; a delegated caller reaches only their own mailbox, as Exchange answers. */
    private DirectoryUser mailUser(Call call) {
        DirectoryUser user;
        synchronized (directory) {
            user = call.tenant.user(call.parameter(0)).orElseThrow(() -> new GraphError(404, "ErrorInvalidUser",
                    "The requested user '" + call.parameter(0) + "' is invalid."));
        }
        if (call.user != null && !call.user.id().equals(user.id())) {
            throw new GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
        }
        return user;
    }

    private Response send(Call call, DirectoryUser sender) {
        JsonNode body = body(call);
        JsonNode message = parameter(body, "message");
        if (!message.isObject()) {
            throw new GraphError(400, "ErrorInvalidRequest", "The request body is missing the message to send.");
        }
        List<String> to = addresses(message.path("toRecipients"));
        List<String> cc = addresses(message.path("ccRecipients"));
        List<String> bcc = addresses(message.path("bccRecipients"));
        if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
            throw new GraphError(400, "ErrorInvalidRecipients", "At least one recipient is not valid., A message "
                    + "can't be sent because it contains no recipients.");
        }
        String from;
        synchronized (directory) {
            requireMailbox(call.tenant, sender);
            from = address(sender);
        }
        Instant now = directory.now();
        SentMail sent = new SentMail(call.tenant.id(), from, to, cc, bcc, message.path("subject").asText(""),
                message.path("body").path("contentType").asText("text").toLowerCase(Locale.ROOT),
                message.path("body").path("content").asText(""), now,
                parameter(body, "saveToSentItems").asBoolean(true));
        mail.sent(sent);
        deliver(sent, sender);
        return Response.accepted();
    }

    private Response messages(Call call, DirectoryUser owner) {
        synchronized (directory) {
            requireMailbox(call.tenant, owner);
        }
        return odata.collection(call, "users('" + owner.id() + "')/messages", mail.inbox(call.tenant.id(),
                owner.id()), Set.of("subject", "isRead"), null);
    }

    private void requireMailbox(Tenant tenant, DirectoryUser user) {
        if (directory.mailbox(tenant, user).isEmpty()) {
            throw new GraphError(404, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, "
                    + "or is hosted on-premise.");
        }
    }

    /** Puts the message into the inbox of each recipient who is a user with a mailbox in an emulated tenant. */
    private void deliver(SentMail sent, DirectoryUser sender) {
        List<String> recipients = new ArrayList<>(sent.to());
        recipients.addAll(sent.cc());
        recipients.addAll(sent.bcc());
        for (String address : recipients) {
            synchronized (directory) {
                Optional<Tenant> tenant = directory.tenantOfSignInName(address);
                Optional<DirectoryUser> user = tenant.flatMap(found -> found.users().stream()
                        .filter(candidate -> address.equalsIgnoreCase(address(candidate))
                                || address.equalsIgnoreCase(candidate.userPrincipalName())).findFirst());
                if (user.isPresent() && directory.mailbox(tenant.get(), user.get()).isPresent()) {
                    mail.deliver(tenant.get().id(), user.get().id(), message(sent, sender));
                }
            }
        }
    }

    private static ObjectNode message(SentMail sent, DirectoryUser sender) {
        String at = sent.sentAt().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode message = Json.object().put("@odata.etag", "W/\"" + UUID.randomUUID() + "\"")
                .put("id", UUID.randomUUID().toString()).put("createdDateTime", at).put("receivedDateTime", at)
                .put("sentDateTime", at).put("hasAttachments", false).put("subject", sent.subject())
                .put("bodyPreview", sent.body().length() > 255 ? sent.body().substring(0, 255) : sent.body())
                .put("importance", "normal").put("isRead", false).put("isDraft", false);
        message.putObject("body").put("contentType", sent.contentType()).put("content", sent.body());
        ObjectNode from = message.putObject("from");
        from.putObject("emailAddress").put("name", sender.displayName()).put("address", sent.from());
        message.set("sender", from.deepCopy());
        message.set("toRecipients", recipients(sent.to()));
        message.set("ccRecipients", recipients(sent.cc()));
        return message;
    }

    private static ArrayNode recipients(List<String> addresses) {
        ArrayNode array = Json.array();
        addresses.forEach(address -> array.addObject().putObject("emailAddress").put("address", address));
        return array;
    }

    private static List<String> addresses(JsonNode recipients) {
        List<String> addresses = new ArrayList<>();
        recipients.forEach(recipient -> {
            String address = recipient.path("emailAddress").path("address").asText("");
            if (!address.isBlank()) {
                addresses.add(address);
            }
        });
        return addresses;
    }

    /** An action's parameter, whatever its case (the Graph SDKs send {@code Message}, the reference writes it lower). */
    private static JsonNode parameter(JsonNode body, String name) {
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            if (property.getKey().equalsIgnoreCase(name)) {
                return property.getValue();
            }
        }
        return MissingNode.getInstance();
    }

    /** A user's primary SMTP address: its {@code mail}, else its user principal name. */
    static String address(DirectoryUser user) {
        String mail = user.json().path("mail").asText("");
        return mail.isBlank() ? user.userPrincipalName() : mail;
    }
}
