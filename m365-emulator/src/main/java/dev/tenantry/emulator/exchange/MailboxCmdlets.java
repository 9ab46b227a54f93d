package dev.tenantry.emulator.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Mailbox;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The mailbox cmdlets of Exchange Online's admin API: {@code Get-Mailbox}, {@code Set-Mailbox}, mailbox (FullAccess)
 * and recipient (SendAs) permissions, and automatic replies. Mailboxes are those of licensed users (a shared mailbox
 * needs none, {@link Directory#mailbox}). An identity is matched as Exchange matches it: object id, user principal
 * name, primary address, alias or display name. As in Exchange, an unknown identity fails with its "couldn't be found"
 * message, while adding a permission that is already there (or removing one that is not) only warns
 * ({@code @adminapi.warnings}).
 */
final class MailboxCmdlets {

    /** What a cmdlet gave: its objects and the warnings Exchange writes beside them. */
    record Result(ArrayNode value, List<String> warnings) {
        static Result of(ArrayNode value) {
            return new Result(value, List.of());
        }
    }

    private static final int DEFAULT_RESULT_SIZE = 1000;
    private static final String SELF = "NT AUTHORITY\\SELF";
    private static final Set<String> AUTO_REPLY_STATES = Set.of("Enabled", "Disabled", "Scheduled");

    private final Directory directory;

    MailboxCmdlets(Directory directory) {
        this.directory = directory;
    }

    static boolean serves(String cmdlet) {
        return Set.of("get-mailbox", "set-mailbox", "add-mailboxpermission", "remove-mailboxpermission",
                "get-mailboxpermission", "add-recipientpermission", "remove-recipientpermission",
                "get-recipientpermission", "set-mailboxautoreplyconfiguration", "get-mailboxautoreplyconfiguration")
                .contains(cmdlet.toLowerCase(Locale.ROOT));
    }

    /** Runs one of the cmdlets {@link #serves} under the directory's lock. */
    Result run(Tenant tenant, String cmdlet, JsonNode parameters) {
        synchronized (directory) {
            return switch (cmdlet.toLowerCase(Locale.ROOT)) {
                case "get-mailbox" -> getMailbox(tenant, parameters);
                case "set-mailbox" -> setMailbox(tenant, parameters);
                case "add-mailboxpermission" -> fullAccess(tenant, parameters, true);
                case "remove-mailboxpermission" -> fullAccess(tenant, parameters, false);
                case "get-mailboxpermission" -> getMailboxPermission(tenant, parameters);
                case "add-recipientpermission" -> sendAs(tenant, parameters, true);
                case "remove-recipientpermission" -> sendAs(tenant, parameters, false);
                case "get-recipientpermission" -> getRecipientPermission(tenant, parameters);
                case "set-mailboxautoreplyconfiguration" -> setAutoReply(tenant, parameters);
                default -> getAutoReply(tenant, parameters);
            };
        }
    }

    private Result getMailbox(Tenant tenant, JsonNode parameters) {
        allow(parameters, "Identity", "ResultSize", "RecipientTypeDetails");
        List<String> types = new ArrayList<>();
        strings(parameters.path("RecipientTypeDetails")).forEach(types::add);
        int size = resultSize(parameters.path("ResultSize"));
        ArrayNode value = Json.array();
        List<String> warnings = new ArrayList<>();
        if (parameters.hasNonNull("Identity")) {
            Mailbox mailbox = mailbox(tenant, parameters.get("Identity").asText());
            value.add(mailboxJson(tenant, mailbox));
            return Result.of(value);
        }
        for (DirectoryUser user : tenant.users()) {
            Optional<Mailbox> mailbox = directory.mailbox(tenant, user);
            if (mailbox.isEmpty() || !types.isEmpty() && types.stream()
                    .noneMatch(type -> type.equalsIgnoreCase(mailbox.get().recipientTypeDetails))) {
                continue;
            }
            if (value.size() == size) {
                if (parameters.path("ResultSize").isMissingNode()) {
                    warnings.add("By default, only the first 1000 items are returned. Use the ResultSize parameter to "
                            + "specify the number of items returned. To return all items, specify \"-ResultSize "
                            + "unlimited\". Be aware that, depending on the actual number of items, returning all "
                            + "items "
                            + "can take a long time and consume a large amount of memory. Also, we don't recommend "
                            + "storing the results in a variable. Instead, pipe the results to another task or script "
                            + "to perform batch changes.");
                }
                break;
            }
            value.add(mailboxJson(tenant, mailbox.get()));
        }
        return new Result(value, warnings);
    }

    private Result setMailbox(Tenant tenant, JsonNode parameters) {
        allow(parameters, "Identity", "Type", "GrantSendOnBehalfTo", "ForwardingSmtpAddress",
                "DeliverToMailboxAndForward", "HiddenFromAddressListsEnabled");
        Mailbox mailbox = mailbox(tenant, required(parameters, "Identity"));
        if (parameters.has("Type")) {
            String type = parameters.get("Type").asText();
            if (!type.equalsIgnoreCase("Shared") && !type.equalsIgnoreCase("Regular")) {
                throw invalidValue("Type", type, "Regular, Shared");
            }
            mailbox.recipientTypeDetails = type.equalsIgnoreCase("Shared") ? "SharedMailbox" : "UserMailbox";
        }
        if (parameters.has("GrantSendOnBehalfTo")) {
            JsonNode grant = parameters.get("GrantSendOnBehalfTo");
            if (grant.isObject()) {
                for (String add : strings(field(grant, "Add"))) {
                    String id = recipient(tenant, add).id();
                    if (!mailbox.grantSendOnBehalfTo.contains(id)) {
                        mailbox.grantSendOnBehalfTo.add(id);
                    }
                }
                for (String remove : strings(field(grant, "Remove"))) {
                    mailbox.grantSendOnBehalfTo.remove(recipient(tenant, remove).id());
                }
            } else {
                List<String> ids = new ArrayList<>();
                for (String identity : strings(grant)) {
                    ids.add(recipient(tenant, identity).id());
                }
                mailbox.grantSendOnBehalfTo.clear();
                mailbox.grantSendOnBehalfTo.addAll(ids);
            }
        }
        if (parameters.has("ForwardingSmtpAddress")) {
            JsonNode forwarding = parameters.get("ForwardingSmtpAddress");
            mailbox.forwardingSmtpAddress = forwarding.isNull() || forwarding.asText().isBlank() ? null
                    : forwarding.asText().replaceFirst("(?i)^smtp:", "");
        }
        if (parameters.has("DeliverToMailboxAndForward")) {
            mailbox.deliverToMailboxAndForward = bool(parameters, "DeliverToMailboxAndForward");
        }
        if (parameters.has("HiddenFromAddressListsEnabled")) {
            mailbox.hiddenFromAddressListsEnabled = bool(parameters, "HiddenFromAddressListsEnabled");
        }
        return Result.of(Json.array());
    }

    private Result fullAccess(Tenant tenant, JsonNode parameters, boolean add) {
        allow(parameters, "Identity", "User", "AccessRights", "AutoMapping", "InheritanceType", "Confirm");
        DirectoryUser owner = mailboxOwner(tenant, required(parameters, "Identity"));
        Mailbox mailbox = directory.mailbox(tenant, owner).orElseThrow();
        DirectoryUser user = recipient(tenant, required(parameters, "User"));
        requireRights(parameters, "FullAccess");
        String inheritance = parameters.path("InheritanceType").asText("All");
        if (!inheritance.equalsIgnoreCase("All")) {
            throw invalidValue("InheritanceType", inheritance, "All");
        }
        ArrayNode value = Json.array();
        if (add) {
            if (mailbox.fullAccess.containsKey(user.id())) {
                return new Result(value, List.of("The appropriate access control entry is already present on the "
                        + "object \"" + identity(owner) + "\" for account \"" + user.userPrincipalName() + "\"."));
            }
            mailbox.fullAccess.put(user.id(), parameters.path("AutoMapping").asBoolean(true));
            value.add(fullAccessJson(owner, user.userPrincipalName()));
        } else if (mailbox.fullAccess.remove(user.id()) == null) {
            return new Result(value, List.of("Can't remove the access control entry on the object \"" + identity(owner)
                    + "\" for account \"" + user.userPrincipalName() + "\" because the ACE doesn't exist on the "
                    + "object."));
        }
        return Result.of(value);
    }

    private Result getMailboxPermission(Tenant tenant, JsonNode parameters) {
        allow(parameters, "Identity", "User");
        DirectoryUser owner = mailboxOwner(tenant, required(parameters, "Identity"));
        Mailbox mailbox = directory.mailbox(tenant, owner).orElseThrow();
        String only = parameters.hasNonNull("User") ? recipient(tenant, parameters.get("User").asText()).id() : null;
        ArrayNode value = Json.array();
        if (only == null) {
            ObjectNode self = fullAccessJson(owner, SELF);
            self.putArray("AccessRights").add("FullAccess, ReadPermission");
            value.add(self);
        }
        mailbox.fullAccess.keySet().stream().filter(id -> only == null || only.equals(id))
                .forEach(id -> tenant.user(id).ifPresent(user -> value.add(fullAccessJson(owner,
                        user.userPrincipalName()))));
        return Result.of(value);
    }

    private Result sendAs(Tenant tenant, JsonNode parameters, boolean add) {
        allow(parameters, "Identity", "Trustee", "AccessRights", "Confirm");
        DirectoryUser owner = mailboxOwner(tenant, required(parameters, "Identity"));
        Mailbox mailbox = directory.mailbox(tenant, owner).orElseThrow();
        DirectoryUser trustee = recipient(tenant, required(parameters, "Trustee"));
        requireRights(parameters, "SendAs");
        ArrayNode value = Json.array();
        if (add) {
            if (!mailbox.sendAs.add(trustee.id())) {
                return new Result(value, List.of("The appropriate access control entry is already present on the "
                        + "object \"" + identity(owner) + "\" for account \"" + trustee.userPrincipalName() + "\"."));
            }
            value.add(sendAsJson(owner, trustee.userPrincipalName()));
        } else if (!mailbox.sendAs.remove(trustee.id())) {
            return new Result(value, List.of("Can't remove the access control entry on the object \"" + identity(owner)
                    + "\" for account \"" + trustee.userPrincipalName() + "\" because the ACE doesn't exist on the "
                    + "object."));
        }
        return Result.of(value);
    }

    private Result getRecipientPermission(Tenant tenant, JsonNode parameters) {
        allow(parameters, "Identity", "Trustee");
        DirectoryUser owner = mailboxOwner(tenant, required(parameters, "Identity"));
        Mailbox mailbox = directory.mailbox(tenant, owner).orElseThrow();
        String only = parameters.hasNonNull("Trustee") ? recipient(tenant, parameters.get("Trustee").asText()).id()
                : null;
        ArrayNode value = Json.array();
        if (only == null) {
            value.add(sendAsJson(owner, SELF));
        }
        mailbox.sendAs.stream().filter(id -> only == null || only.equals(id)).forEach(id -> tenant.user(id)
                .ifPresent(user -> value.add(sendAsJson(owner, user.userPrincipalName()))));
        return Result.of(value);
    }

    private Result setAutoReply(Tenant tenant, JsonNode parameters) {
        allow(parameters, "Identity", "AutoReplyState", "InternalMessage", "ExternalMessage", "StartTime", "EndTime",
                "ExternalAudience");
        DirectoryUser owner = mailboxOwner(tenant, required(parameters, "Identity"));
        Mailbox mailbox = directory.mailbox(tenant, owner).orElseThrow();
        ObjectNode config = autoReply(owner, mailbox).deepCopy();
        if (parameters.has("AutoReplyState")) {
            String state = parameters.get("AutoReplyState").asText();
            String known = AUTO_REPLY_STATES.stream().filter(state::equalsIgnoreCase).findFirst()
                    .orElseThrow(() -> invalidValue("AutoReplyState", state, "Disabled, Enabled, Scheduled"));
            config.put("AutoReplyState", known);
        }
        for (String message : List.of("InternalMessage", "ExternalMessage")) {
            if (parameters.has(message)) {
                config.put(message, parameters.get(message).isNull() ? "" : parameters.get(message).asText());
            }
        }
        if (parameters.has("ExternalAudience")) {
            String audience = parameters.get("ExternalAudience").asText();
            config.put("ExternalAudience", List.of("None", "Known", "All").stream().filter(audience::equalsIgnoreCase)
                    .findFirst().orElseThrow(() -> invalidValue("ExternalAudience", audience, "None, Known, All")));
        }
        for (String time : List.of("StartTime", "EndTime")) {
            if (parameters.has(time)) {
                config.put(time, instant(time, parameters.get(time).asText()).toString());
            }
        }
        if ("Scheduled".equals(config.path("AutoReplyState").asText()) && !Instant.parse(config.path("EndTime")
                .asText()).isAfter(Instant.parse(config.path("StartTime").asText()))) {
            throw new ExchangeEndpoints.Failure(400, "BadRequest", "|Microsoft.Exchange.Data.DataValidationException|"
                    + "The end time must be later than the start time.");
        }
        mailbox.autoReply = config;
        return Result.of(Json.array());
    }

    private Result getAutoReply(Tenant tenant, JsonNode parameters) {
        allow(parameters, "Identity");
        DirectoryUser owner = mailboxOwner(tenant, required(parameters, "Identity"));
        ArrayNode value = Json.array();
        value.add(autoReply(owner, directory.mailbox(tenant, owner).orElseThrow()).deepCopy());
        return Result.of(value);
    }

    /** As set, else Exchange's defaults: disabled, no messages, a day from the current hour. */
    private ObjectNode autoReply(DirectoryUser owner, Mailbox mailbox) {
        if (mailbox.autoReply != null) {
            return mailbox.autoReply;
        }
        Instant hour = directory.now().truncatedTo(ChronoUnit.HOURS);
        return Json.object().put("Identity", identity(owner)).put("MailboxOwnerId", identity(owner))
                .put("AutoReplyState", "Disabled").put("StartTime", hour.toString())
                .put("EndTime", hour.plus(1, ChronoUnit.DAYS).toString()).put("ExternalAudience", "All")
                .put("InternalMessage", "").put("ExternalMessage", "");
    }

    private ObjectNode mailboxJson(Tenant tenant, Mailbox mailbox) {
        DirectoryUser user = tenant.user(mailbox.userId()).orElseThrow();
        ObjectNode json = Json.object().put("Identity", identity(user)).put("Name", identity(user))
                .put("Alias", alias(user)).put("DisplayName", user.displayName())
                .put("UserPrincipalName", user.userPrincipalName()).put("PrimarySmtpAddress", address(user))
                .put("ExternalDirectoryObjectId", user.id()).put("RecipientType", "UserMailbox")
                .put("RecipientTypeDetails", mailbox.recipientTypeDetails).put("IsMailboxEnabled", true);
        json.putArray("EmailAddresses").add("SMTP:" + address(user));
        ArrayNode onBehalf = json.putArray("GrantSendOnBehalfTo");
        mailbox.grantSendOnBehalfTo.forEach(id -> tenant.user(id).ifPresent(delegate -> onBehalf.add(
                identity(delegate))));
        json.putNull("ForwardingAddress");
        if (mailbox.forwardingSmtpAddress == null) {
            json.putNull("ForwardingSmtpAddress");
        } else {
            json.put("ForwardingSmtpAddress", "smtp:" + mailbox.forwardingSmtpAddress);
        }
        json.put("DeliverToMailboxAndForward", mailbox.deliverToMailboxAndForward)
                .put("HiddenFromAddressListsEnabled", mailbox.hiddenFromAddressListsEnabled);
        return json;
    }

    private static ObjectNode fullAccessJson(DirectoryUser owner, String user) {
        ObjectNode json = Json.object().put("Identity", identity(owner)).put("User", user);
        json.putArray("AccessRights").add("FullAccess");
        return json.put("IsInherited", false).put("Deny", false).put("InheritanceType", "All");
    }

    private static ObjectNode sendAsJson(DirectoryUser owner, String trustee) {
        ObjectNode json = Json.object().put("Identity", identity(owner)).put("Trustee", trustee)
                .put("AccessControlType", "Allow");
        json.putArray("AccessRights").add("SendAs");
        return json.put("IsInherited", false).put("InheritanceType", "None");
    }

    /** The mailbox an identity names, else Exchange's "couldn't be found" failure. */
    private Mailbox mailbox(Tenant tenant, String identity) {
        return directory.mailbox(tenant, mailboxOwner(tenant, identity)).orElseThrow();
    }

    private DirectoryUser mailboxOwner(Tenant tenant, String identity) {
        return find(tenant, identity).filter(user -> directory.mailbox(tenant, user).isPresent())
                .orElseThrow(() -> new ExchangeEndpoints.Failure(404, "NotFound",
                        "|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation "
                        + "couldn't be performed because object '" + identity + "' couldn't be found on '"
                        + domainController(tenant) + "'."));
    }

    /** A user named by a parameter (a permission's user or trustee, a delegate). */
    private static DirectoryUser recipient(Tenant tenant, String identity) {
        return find(tenant, identity).orElseThrow(() -> new ExchangeEndpoints.Failure(404, "NotFound",
                "|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|Couldn't find object \""
                + identity + "\". Please make sure that it was spelled correctly or specify a different object."));
    }

    private static Optional<DirectoryUser> find(Tenant tenant, String identity) {
        Optional<DirectoryUser> direct = tenant.user(identity);
        if (direct.isPresent()) {
            return direct;
        }
        List<Function<DirectoryUser, String>> names = List.of(MailboxCmdlets::address, MailboxCmdlets::alias,
                DirectoryUser::displayName);
        for (Function<DirectoryUser, String> name : names) {
            Optional<DirectoryUser> found = tenant.users().stream()
                    .filter(user -> name.apply(user).equalsIgnoreCase(identity)).findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The name Exchange shows a mailbox by: its alias. */
    private static String identity(DirectoryUser user) {
        return alias(user);
    }

    private static String alias(DirectoryUser user) {
        String nickname = user.json().path("mailNickname").asText("");
        return nickname.isBlank() ? user.userPrincipalName().substring(0, user.userPrincipalName().indexOf('@'))
                : nickname;
    }

    private static String address(DirectoryUser user) {
        String mail = user.json().path("mail").asText("");
        return mail.isBlank() ? user.userPrincipalName() : mail;
    }

    /** A server name in the form Exchange reports them, the same for a tenant each time. */
    private static String domainController(Tenant tenant) {
        int n = Math.abs(tenant.id().hashCode() % 90) + 10;
        return "AM" + n + "PR01A001DC01.EURPRD01.PROD.OUTLOOK.COM";
    }

    private static void allow(JsonNode parameters, String... names) {
        parameters.fieldNames().forEachRemaining(name -> {
            if (List.of(names).stream().noneMatch(name::equalsIgnoreCase)) {
                throw new ExchangeEndpoints.Failure(400, "BadRequest", "A parameter cannot be found that matches "
                        + "parameter name '" + name + "'.");
            }
        });
    }

    private static String required(JsonNode parameters, String name) {
        JsonNode value = field(parameters, name);
        if (value.isMissingNode() || value.isNull() || value.asText().isBlank()) {
            throw new ExchangeEndpoints.Failure(400, "BadRequest", "Cannot process command because of one or more "
                    + "missing mandatory parameters: " + name + ".");
        }
        return value.asText();
    }

    private static JsonNode field(JsonNode object, String name) {
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static void requireRights(JsonNode parameters, String right) {
        List<String> rights = strings(field(parameters, "AccessRights"));
        if (rights.isEmpty()) {
            throw new ExchangeEndpoints.Failure(400, "BadRequest", "Cannot process command because of one or more "
                    + "missing mandatory parameters: AccessRights.");
        }
        for (String given : rights) {
            if (!given.equalsIgnoreCase(right)) {
                throw invalidValue("AccessRights", given, right);
            }
        }
    }

    private static boolean bool(JsonNode parameters, String name) {
        JsonNode value = parameters.get(name);
        if (!value.isBoolean()) {
            throw new ExchangeEndpoints.Failure(400, "BadRequest", "Cannot process argument transformation on "
                    + "parameter '" + name + "'. Cannot convert value \"" + value.asText() + "\" to type "
                    + "\"System.Boolean\".");
        }
        return value.asBoolean();
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ExchangeEndpoints.Failure(400, "BadRequest", "Cannot process argument transformation on "
                    + "parameter '" + name + "'. Cannot convert value \"" + value + "\" to type \"System.DateTime\".");
        }
    }

    private static int resultSize(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return DEFAULT_RESULT_SIZE;
        }
        if (value.asText().equalsIgnoreCase("Unlimited")) {
            return Integer.MAX_VALUE;
        }
        if (value.canConvertToInt() && value.asInt() > 0 || value.asText().matches("[1-9]\\d{0,8}")) {
            return value.isNumber() ? value.asInt() : Integer.parseInt(value.asText());
        }
        throw invalidValue("ResultSize", value.asText(), "Unlimited or a positive number");
    }

    private static ExchangeEndpoints.Failure invalidValue(String parameter, String value, String allowed) {
        return new ExchangeEndpoints.Failure(400, "BadRequest", "Cannot bind parameter '" + parameter + "'. Cannot "
                + "convert value \"" + value + "\" to type. Specify one of the following values: " + allowed + ".");
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> values.add(item.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            values.add(node.asText());
        }
        return values;
    }
}
