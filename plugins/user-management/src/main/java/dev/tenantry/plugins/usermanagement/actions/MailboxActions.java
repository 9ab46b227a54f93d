package dev.tenantry.plugins.usermanagement.actions;

import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.ExchangeCommandException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugins.usermanagement.UserIds;
import dev.tenantry.plugins.usermanagement.directory.ManagedUser;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A user's Exchange Online mailbox, read and changed with the mailbox scope set's cmdlets only: who holds FullAccess
 * (Add/Remove-MailboxPermission, mapped into their Outlook), SendAs (Add/Remove-RecipientPermission) and SendOnBehalf
 * (Set-Mailbox -GrantSendOnBehalfTo), forwarding, shared or regular, hidden from the address list, automatic replies.
 * Each change goes as {@link UserActions}' do: authorised first (permission {@code user-management:mailboxes} in the
 * user's tenant, and {@code user-management:manage-admins} for a user holding a directory role), what staff typed
 * checked against the stored users before Exchange is asked, then the cmdlet, a line in the user's history, and the
 * audit record last. Exchange's warnings (a permission already there, or not there to remove) are not failures; its
 * refusal is said and recorded. Nothing here throws for what staff can correct.
 */
public final class MailboxActions {

    /** A holder as Exchange lists it: no control character, and not a well-known account such as NT AUTHORITY\SELF. */
    private static final Pattern HOLDER = Pattern.compile("[^\\p{Cntrl}\\\\]{1,256}");
    private static final String SELF = "NT AUTHORITY\\SELF";
    private static final int MAX_REPLY = 8_000;

    private final GraphAccess graph;
    private final UserStore store;
    private final PortalUser person;
    private final Clock clock;
    private final ActionSteps steps;

    public MailboxActions(GraphAccess graph, UserStore store, History history, PluginAudit audit, PortalUser person,
            Clock clock) {
        this.graph = graph;
        this.store = store;
        this.person = person;
        this.clock = clock;
        this.steps = new ActionSteps(graph, store, history, audit, person, clock);
    }

    /**
     * A mailbox as Exchange Online answered for it.
     *
     * @param type                 {@code UserMailbox} or {@code SharedMailbox}
     * @param forwardingAddress    where its mail is forwarded (without {@code smtp:}); empty for nowhere
     * @param fullAccess           who may open it, as Exchange names them (their sign-in names)
     * @param sendAs               who may send as its owner
     * @param sendOnBehalf         who may send on its owner's behalf, as Exchange names them
     * @param automaticReplies     {@code Disabled}, {@code Enabled} or {@code Scheduled}
     * @param automaticRepliesEnd  when scheduled replies stop; null otherwise
     */
    public record Mailbox(String type, String forwardingAddress, boolean deliverToMailboxAndForward,
            boolean hiddenFromAddressLists, List<String> fullAccess, List<String> sendAs, List<String> sendOnBehalf,
            String automaticReplies, String internalMessage, String externalMessage, Instant automaticRepliesEnd)
            implements Serializable {

        public Mailbox {
            fullAccess = List.copyOf(fullAccess);
            sendAs = List.copyOf(sendAs);
            sendOnBehalf = List.copyOf(sendOnBehalf);
        }

        public boolean shared() {
            return "SharedMailbox".equalsIgnoreCase(type);
        }

        public boolean forwarded() {
            return !forwardingAddress.isEmpty();
        }

        public boolean replying() {
            return !"Disabled".equalsIgnoreCase(automaticReplies);
        }
    }

    /**
     * What reading a mailbox came to: the mailbox, or that the user has none (no Exchange Online licence), or why it
     * could not be read, with the scope set to grant when consent is missing.
     */
    public record Reading(Mailbox mailbox, boolean noMailbox, String problem, String consentScopeSet)
            implements Serializable {

        static Reading of(Mailbox mailbox) {
            return new Reading(mailbox, false, "", "");
        }

        static Reading none() {
            return new Reading(null, true, "", "");
        }

        static Reading problem(String problem) {
            return new Reading(null, false, problem, "");
        }

        public boolean found() {
            return mailbox != null;
        }
    }

    /** Reads the user's mailbox: its settings, and who holds FullAccess, SendAs and SendOnBehalf on it. */
    public Reading read(String tenantId, String userId) {
        if (!person.holds(UserIds.MAILBOXES, tenantId)) {
            return Reading.problem("You may not see mailboxes in this tenant (it needs " + UserIds.MAILBOXES + ").");
        }
        Optional<ManagedUser> found = userId == null || !ActionSteps.OBJECT_ID.matcher(userId).matches()
                ? Optional.empty() : store.get(tenantId, userId);
        if (found.isEmpty() || found.get().deleted()) {
            return Reading.problem("No such user in this tenant.");
        }
        Map<String, Object> identity = Map.of("Identity", found.get().userPrincipalName());
        try {
            List<Map<String, Object>> boxes = exchange(tenantId, "Get-Mailbox", identity);
            if (boxes.isEmpty()) {
                return Reading.none();
            }
            Map<String, Object> box = boxes.get(0);
            List<String> fullAccess = new ArrayList<>();
            for (Map<String, Object> entry : exchange(tenantId, "Get-MailboxPermission", identity)) {
                if (!Boolean.TRUE.equals(entry.get("IsInherited")) && !Boolean.TRUE.equals(entry.get("Deny"))
                        && rights(entry).contains("fullaccess") && !SELF.equalsIgnoreCase(text(entry, "User"))) {
                    fullAccess.add(text(entry, "User"));
                }
            }
            List<String> sendAs = new ArrayList<>();
            for (Map<String, Object> entry : exchange(tenantId, "Get-RecipientPermission", identity)) {
                if (!"Deny".equalsIgnoreCase(text(entry, "AccessControlType")) && rights(entry).contains("sendas")
                        && !SELF.equalsIgnoreCase(text(entry, "Trustee"))) {
                    sendAs.add(text(entry, "Trustee"));
                }
            }
            List<Map<String, Object>> replies = exchange(tenantId, "Get-MailboxAutoReplyConfiguration", identity);
            Map<String, Object> reply = replies.isEmpty() ? Map.of() : replies.get(0);
            String state = text(reply, "AutoReplyState").isEmpty() ? "Disabled" : text(reply, "AutoReplyState");
            return Reading.of(new Mailbox(text(box, "RecipientTypeDetails"), text(box, "ForwardingSmtpAddress")
                    .replaceFirst("(?i)^smtp:", ""), Boolean.TRUE.equals(box.get("DeliverToMailboxAndForward")),
                    Boolean.TRUE.equals(box.get("HiddenFromAddressListsEnabled")), fullAccess, sendAs,
                    strings(box.get("GrantSendOnBehalfTo")), state, text(reply, "InternalMessage"),
                    text(reply, "ExternalMessage"), "Scheduled".equalsIgnoreCase(state) ? instant(text(reply,
                    "EndTime")) : null));
        } catch (ConsentRequiredException e) {
            return graph.consent(tenantId, UserIds.MAILBOX_SCOPES).granted()
                    ? Reading.problem(accountRefused() + ".")
                    : new Reading(null, false, e.getMessage(), UserIds.MAILBOX_SCOPES);
        } catch (ExchangeCommandException e) {
            return notFound(e) ? Reading.none() : Reading.problem("Exchange Online refused: " + said(e));
        } catch (GraphUnavailableException e) {
            return Reading.problem("Exchange Online is unavailable now; try again in a minute.");
        } catch (Exception e) {
            return Reading.problem("The mailbox could not be read: " + e.getMessage());
        }
    }

    /** Lets a user of the tenant open the mailbox; it appears in their Outlook (AutoMapping). */
    public UserActions.Outcome grantFullAccess(String tenantId, String userId, String delegate) {
        return toDelegate(tenantId, userId, "grant-full-access", delegate, (user, to) -> {
            exchange(tenantId, "Add-MailboxPermission", parameters("Identity", user.userPrincipalName(), "User", to,
                    "AccessRights", List.of("FullAccess"), "InheritanceType", "All", "AutoMapping", true));
            return "FullAccess granted to " + to;
        });
    }

    /** Takes FullAccess away from a holder, named as the mailbox's permissions list them. */
    public UserActions.Outcome removeFullAccess(String tenantId, String userId, String holder) {
        return fromHolder(tenantId, userId, "remove-full-access", holder, (user, from) -> {
            exchange(tenantId, "Remove-MailboxPermission", parameters("Identity", user.userPrincipalName(), "User",
                    from, "AccessRights", List.of("FullAccess"), "InheritanceType", "All", "Confirm", false));
            return "FullAccess removed from " + from;
        });
    }

    /** Lets a user of the tenant send as the mailbox's owner. */
    public UserActions.Outcome grantSendAs(String tenantId, String userId, String delegate) {
        return toDelegate(tenantId, userId, "grant-send-as", delegate, (user, to) -> {
            exchange(tenantId, "Add-RecipientPermission", parameters("Identity", user.userPrincipalName(), "Trustee",
                    to, "AccessRights", List.of("SendAs"), "Confirm", false));
            return "SendAs granted to " + to;
        });
    }

    public UserActions.Outcome removeSendAs(String tenantId, String userId, String holder) {
        return fromHolder(tenantId, userId, "remove-send-as", holder, (user, from) -> {
            exchange(tenantId, "Remove-RecipientPermission", parameters("Identity", user.userPrincipalName(),
                    "Trustee", from, "AccessRights", List.of("SendAs"), "Confirm", false));
            return "SendAs removed from " + from;
        });
    }

    /** Lets a user of the tenant send on the owner's behalf, keeping the delegates there are. */
    public UserActions.Outcome grantSendOnBehalf(String tenantId, String userId, String delegate) {
        return toDelegate(tenantId, userId, "grant-send-on-behalf", delegate, (user, to) -> {
            exchange(tenantId, "Set-Mailbox", parameters("Identity", user.userPrincipalName(), "GrantSendOnBehalfTo",
                    Map.of("Add", List.of(to))));
            return "SendOnBehalf granted to " + to;
        });
    }

    public UserActions.Outcome removeSendOnBehalf(String tenantId, String userId, String holder) {
        return fromHolder(tenantId, userId, "remove-send-on-behalf", holder, (user, from) -> {
            exchange(tenantId, "Set-Mailbox", parameters("Identity", user.userPrincipalName(), "GrantSendOnBehalfTo",
                    Map.of("Remove", List.of(from))));
            return "SendOnBehalf removed from " + from;
        });
    }

    /** Forwards the mailbox's mail to an address, keeping a copy in the mailbox when asked. */
    public UserActions.Outcome setForwarding(String tenantId, String userId, String address, boolean keepCopy) {
        String to = address == null ? "" : address.strip();
        return act(tenantId, userId, "set-forwarding", user -> {
            if (!ActionSteps.ADDRESS.matcher(to).matches()) {
                return Optional.of("'" + to + "' is not a mail address; nothing was changed.");
            }
            return to.equalsIgnoreCase(user.userPrincipalName()) || to.equalsIgnoreCase(user.mail())
                    ? Optional.of("A mailbox cannot forward to itself; nothing was changed.") : Optional.empty();
        }, user -> {
            exchange(tenantId, "Set-Mailbox", parameters("Identity", user.userPrincipalName(), "ForwardingSmtpAddress",
                    "smtp:" + to, "DeliverToMailboxAndForward", keepCopy));
            return "Mail forwarded to " + to + (keepCopy ? ", a copy kept in the mailbox" : ", none kept");
        });
    }

    public UserActions.Outcome clearForwarding(String tenantId, String userId) {
        return act(tenantId, userId, "clear-forwarding", user -> Optional.empty(), user -> {
            exchange(tenantId, "Set-Mailbox", parameters("Identity", user.userPrincipalName(), "ForwardingSmtpAddress",
                    null, "DeliverToMailboxAndForward", false));
            return "Forwarding stopped";
        });
    }

    /** Converts the mailbox to a shared mailbox, or back to a regular (user) one. */
    public UserActions.Outcome setShared(String tenantId, String userId, boolean shared) {
        return act(tenantId, userId, shared ? "convert-to-shared" : "convert-to-regular", user -> Optional.empty(),
                user -> {
                    exchange(tenantId, "Set-Mailbox", parameters("Identity", user.userPrincipalName(), "Type",
                            shared ? "Shared" : "Regular"));
                    return shared ? "Converted to a shared mailbox" : "Converted to a regular mailbox";
                });
    }

    /** Hides the mailbox from the address list, or shows it again. */
    public UserActions.Outcome setHidden(String tenantId, String userId, boolean hidden) {
        return act(tenantId, userId, hidden ? "hide-from-address-list" : "show-in-address-list", user ->
                user.onPremisesSynced() ? Optional.of(user.userPrincipalName() + " is synced from on-premises, where "
                        + "the address list setting is kept (msExchHideFromAddressLists); change it there.")
                        : Optional.empty(), user -> {
                    exchange(tenantId, "Set-Mailbox", parameters("Identity", user.userPrincipalName(),
                            "HiddenFromAddressListsEnabled", hidden));
                    return hidden ? "Hidden from the address list" : "Shown in the address list";
                });
    }

    /**
     * Turns automatic replies on: to the organisation with {@code internalMessage}, and to everyone outside it with
     * {@code externalMessage} when one is given; from {@code start} (now when null) until {@code end}, or until they
     * are turned off when {@code end} is null.
     */
    public UserActions.Outcome setAutomaticReplies(String tenantId, String userId, String internalMessage,
            String externalMessage, Instant start, Instant end) {
        String internal = internalMessage == null ? "" : internalMessage.strip();
        String external = externalMessage == null ? "" : externalMessage.strip();
        Instant from = start == null ? clock.instant() : start;
        return act(tenantId, userId, "set-automatic-replies", user -> {
            if (internal.isEmpty()) {
                return Optional.of("Write the reply first; nothing was changed.");
            }
            if (internal.length() > MAX_REPLY || external.length() > MAX_REPLY) {
                return Optional.of("A reply is at most " + MAX_REPLY + " characters; nothing was changed.");
            }
            return end != null && (!end.isAfter(from) || !end.isAfter(clock.instant()))
                    ? Optional.of("The replies must end after they start and in the future; nothing was changed.")
                    : Optional.empty();
        }, user -> {
            Map<String, Object> asked = parameters("Identity", user.userPrincipalName(), "AutoReplyState",
                    end == null ? "Enabled" : "Scheduled", "InternalMessage", internal, "ExternalMessage", external,
                    "ExternalAudience", external.isEmpty() ? "None" : "All");
            if (end != null) {
                asked.put("StartTime", from.toString());
                asked.put("EndTime", end.toString());
            }
            exchange(tenantId, "Set-MailboxAutoReplyConfiguration", asked);
            return "Automatic replies on" + (end == null ? "" : " until " + end) + (external.isEmpty()
                    ? ", inside the organisation only" : ", inside and outside the organisation");
        });
    }

    public UserActions.Outcome clearAutomaticReplies(String tenantId, String userId) {
        return act(tenantId, userId, "clear-automatic-replies", user -> Optional.empty(), user -> {
            exchange(tenantId, "Set-MailboxAutoReplyConfiguration", parameters("Identity", user.userPrincipalName(),
                    "AutoReplyState", "Disabled"));
            return "Automatic replies off";
        });
    }

    /** What staff asked, checked once the action is authorised: why it cannot be done, or nothing. */
    @FunctionalInterface
    private interface Check {
        Optional<String> refusal(ManagedUser user);
    }

    /** The cmdlets an action runs; returns what was done, for the history and the audit record. */
    @FunctionalInterface
    private interface Cmdlets {
        String run(ManagedUser user) throws Exception;
    }

    /** The cmdlets of a grant to a delegate, who is named by sign-in name. */
    @FunctionalInterface
    private interface Grant {
        String run(ManagedUser user, String delegate) throws Exception;
    }

    /**
     * A grant to {@code delegate}: a sign-in name of an active member of the user's tenant (as the last sync stored
     * them), not the user themself, before Exchange is asked.
     */
    private UserActions.Outcome toDelegate(String tenantId, String userId, String action, String delegate,
            Grant grant) {
        String wanted = delegate == null ? "" : delegate.strip().toLowerCase(Locale.ROOT);
        AtomicReference<ManagedUser> member = new AtomicReference<>();
        return act(tenantId, userId, action, user -> {
            Optional<ManagedUser> found = member(tenantId, wanted);
            if (found.isEmpty()) {
                return Optional.of("'" + wanted + "' is not a user of this tenant (sync it if they were added since); "
                        + "nothing was changed.");
            }
            if (found.get().id().equals(user.id())) {
                return Optional.of(user.userPrincipalName() + " has their own mailbox already; nothing was changed.");
            }
            if (found.get().guest()) {
                return Optional.of(wanted + " is a guest: Exchange Online delegates a mailbox only to members of the "
                        + "tenant; nothing was changed.");
            }
            member.set(found.get());
            return Optional.empty();
        }, user -> grant.run(user, member.get().userPrincipalName()));
    }

    /** A removal from {@code holder}, named as Exchange lists them (a deleted user stays listed until removed). */
    private UserActions.Outcome fromHolder(String tenantId, String userId, String action, String holder,
            Grant removal) {
        String from = holder == null ? "" : holder.strip();
        return act(tenantId, userId, action, user -> HOLDER.matcher(from).matches() ? Optional.empty()
                : Optional.of("Choose whom to remove; nothing was changed."), user -> removal.run(user, from));
    }

    private UserActions.Outcome act(String tenantId, String userId, String action, Check check, Cmdlets cmdlets) {
        ActionSteps.Authorised authorised = steps.authorise(tenantId, userId, UserIds.MAILBOXES, true, false);
        if (authorised.refused().isPresent()) {
            return authorised.refused().get();
        }
        ManagedUser user = authorised.user().orElseThrow();
        Optional<String> refusal = check.refusal(user);
        if (refusal.isPresent()) {
            return UserActions.Outcome.refused(refusal.get());
        }
        try {
            return steps.done(tenantId, user, action, UserIds.MAILBOX_SCOPES, cmdlets.run(user));
        } catch (ConsentRequiredException e) {
            if (!graph.consent(tenantId, UserIds.MAILBOX_SCOPES).granted()) {
                return ActionSteps.consentNeeded(e.getMessage(), UserIds.MAILBOX_SCOPES);
            }
            // Granted, yet refused: the account's Exchange role (or a grant withdrawn since the host last looked)
            return new UserActions.Outcome(false, steps.failed(tenantId, user, action, accountRefused()
                    + "; nothing was changed.").message(), UserIds.MAILBOX_SCOPES, "");
        } catch (ExchangeCommandException e) {
            return steps.failed(tenantId, user, action, "Exchange Online refused: " + said(e));
        } catch (GraphUnavailableException e) {
            return steps.failed(tenantId, user, action, "Exchange Online is unavailable now; nothing was changed. Try "
                    + "again in a minute.");
        } catch (Exception e) {
            return steps.failed(tenantId, user, action, "It could not be done: " + e.getMessage());
        }
    }

    private List<Map<String, Object>> exchange(String tenantId, String cmdlet, Map<String, Object> parameters)
            throws Exception {
        return graph.exchange(tenantId, UserIds.MAILBOX_SCOPES, cmdlet, parameters);
    }

    /** An active member of the tenant, by sign-in name, as the last sync stored them. */
    private Optional<ManagedUser> member(String tenantId, String userPrincipalName) {
        if (!ActionSteps.ADDRESS.matcher(userPrincipalName).matches()) {
            return Optional.empty();
        }
        return store.find(RecordQuery.of(UserStore.USER).inTenant(tenantId).equal("upn", userPrincipalName), 0, 2)
                .stream().map(UserStore.Found::user).filter(found -> !found.deleted() && found.userPrincipalName()
                        .equalsIgnoreCase(userPrincipalName)).findFirst();
    }

    private static String accountRefused() {
        return "Exchange Online refused: the integration account needs the Exchange Administrator role (or the "
                + "tenant withdrew its grant of " + UserIds.MAILBOX_SCOPES + ")";
    }

    /** Whether Exchange said the mailbox does not exist (ManagementObjectNotFoundException). */
    private static boolean notFound(ExchangeCommandException e) {
        return e.status() == 404 || String.valueOf(e.getMessage()).contains("ManagementObjectNotFoundException");
    }

    /** Exchange's own words, without the exception's preamble or the .NET type Exchange puts first. */
    private static String said(ExchangeCommandException e) {
        String message = String.valueOf(e.getMessage());
        int preamble = message.indexOf("): ");
        return (preamble < 0 ? message : message.substring(preamble + 3)).replaceFirst("^\\|[^|]*\\|", "");
    }

    /** Parameters in order; a null value is sent as null (Exchange's $null, which clears a setting). */
    private static Map<String, Object> parameters(Object... namesAndValues) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return parameters;
    }

    private static String text(Map<String, Object> object, String name) {
        Object value = object.get(name);
        return value == null ? "" : value.toString();
    }

    private static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.stream().filter(item -> item != null && !item.toString().isBlank()).forEach(item -> strings.add(
                    item.toString()));
        } else if (value != null && !value.toString().isBlank()) {
            strings.add(value.toString());
        }
        return strings;
    }

    /** An entry's access rights, lower-cased, each of a combined "FullAccess, ReadPermission" on its own. */
    private static List<String> rights(Map<String, Object> entry) {
        List<String> rights = new ArrayList<>();
        for (String item : strings(entry.get("AccessRights"))) {
            for (String right : item.split(",")) {
                rights.add(right.strip().toLowerCase(Locale.ROOT));
            }
        }
        return rights;
    }

    private static Instant instant(String text) {
        try {
            return text.isEmpty() ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
