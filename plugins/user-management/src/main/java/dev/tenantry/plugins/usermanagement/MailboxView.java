package dev.tenantry.plugins.usermanagement;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugins.usermanagement.actions.History;
import dev.tenantry.plugins.usermanagement.actions.MailboxActions;
import dev.tenantry.plugins.usermanagement.actions.UserActions;
import dev.tenantry.plugins.usermanagement.directory.ManagedUser;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.io.Serializable;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pf4j.Extension;

/**
 * The mailbox section of a user's page ({@code #{userMailbox}}, {@code /user-management/user-mailbox.xhtml}): the
 * user's Exchange Online mailbox read when the section renders (who may open it, send as or on behalf of the user,
 * forwarding, shared, address list, automatic replies), and its changes. Shown only to staff holding
 * {@code user-management:mailboxes} in the user's tenant; every change is authorised again by {@link MailboxActions}.
 */
@Extension
@Model("userMailbox")
public class MailboxView implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;
    /** Where the last change's outcome is kept, for this response only. */
    private static final String OUTCOME = "userMailbox.outcome";
    private static final int DELEGATES_OFFERED = 15;

    /** The rights a delegate is granted with. */
    public enum Right {
        FULL_ACCESS, SEND_AS, SEND_ON_BEHALF
    }

    @HostService
    private transient PortalUser user;

    @HostService
    private transient GraphAccess graph;

    @HostService
    private transient PluginRecords records;

    @HostService
    private transient PluginAudit audit;

    private String tenant = "";
    private String id = "";
    private transient Boolean shown;
    private transient MailboxActions.Reading reading;
    private String delegate = "";
    private Right right = Right.FULL_ACCESS;
    private String forwardTo = "";
    private boolean keepCopy = true;
    private String internalMessage = "";
    private String externalMessage = "";
    private LocalDateTime repliesEnd;

    /**
     * Whether the section shows: the person may see users and change mailboxes in the tenant, and the user is there,
     * not deleted.
     */
    public boolean isShown() {
        if (shown == null) {
            shown = !tenant.isEmpty() && !id.isEmpty() && user.holds(UserIds.VIEW, tenant) && user.holds(
                    UserIds.MAILBOXES, tenant) && new UserStore(records).get(tenant, id).filter(found -> !found
                    .deleted()).isPresent();
        }
        return shown;
    }

    /** The mailbox, read from Exchange Online once per view (again after a change). */
    public MailboxActions.Reading getReading() {
        if (reading == null) {
            reading = actions().read(tenant, id);
        }
        return reading;
    }

    /** A right someone holds on the mailbox. */
    public record Delegation(String holder, Right right) implements Serializable {
    }

    /** Who holds which right on the mailbox: FullAccess, then SendAs, then SendOnBehalf. */
    public List<Delegation> getDelegations() {
        if (!isShown() || !getReading().found()) {
            return List.of();
        }
        MailboxActions.Mailbox mailbox = getReading().mailbox();
        List<Delegation> delegations = new ArrayList<>();
        mailbox.fullAccess().forEach(holder -> delegations.add(new Delegation(holder, Right.FULL_ACCESS)));
        mailbox.sendAs().forEach(holder -> delegations.add(new Delegation(holder, Right.SEND_AS)));
        mailbox.sendOnBehalf().forEach(holder -> delegations.add(new Delegation(holder, Right.SEND_ON_BEHALF)));
        return delegations;
    }

    /** Members of the user's tenant whose sign-in name starts with {@code text}, for the delegate picker. */
    public List<String> completeDelegate(String text) {
        String typed = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (typed.isEmpty() || !isShown()) {
            return List.of();
        }
        return new UserStore(records).find(RecordQuery.of(UserStore.USER).inTenant(tenant).startsWith("upn", typed)
                .equal("guest", false).orderBy("upn", false), 0, DELEGATES_OFFERED).stream()
                .map(UserStore.Found::user).filter(found -> !found.deleted() && !found.id().equals(id))
                .map(ManagedUser::userPrincipalName).toList();
    }

    public void grant() {
        done(switch (right) {
            case FULL_ACCESS -> actions().grantFullAccess(tenant, id, delegate);
            case SEND_AS -> actions().grantSendAs(tenant, id, delegate);
            case SEND_ON_BEHALF -> actions().grantSendOnBehalf(tenant, id, delegate);
        });
        delegate = "";
    }

    /** Takes a right away from a holder, named as Exchange lists them. */
    public void remove(String holder, Right held) {
        done(switch (held) {
            case FULL_ACCESS -> actions().removeFullAccess(tenant, id, holder);
            case SEND_AS -> actions().removeSendAs(tenant, id, holder);
            case SEND_ON_BEHALF -> actions().removeSendOnBehalf(tenant, id, holder);
        });
    }

    public void setForwarding() {
        done(actions().setForwarding(tenant, id, forwardTo, keepCopy));
        forwardTo = "";
    }

    public void clearForwarding() {
        done(actions().clearForwarding(tenant, id));
    }

    public void convertToShared() {
        done(actions().setShared(tenant, id, true));
    }

    public void convertToRegular() {
        done(actions().setShared(tenant, id, false));
    }

    public void hide() {
        done(actions().setHidden(tenant, id, true));
    }

    public void show() {
        done(actions().setHidden(tenant, id, false));
    }

    /** Turns automatic replies on, until the end given (read as UTC), or until turned off. */
    public void setAutomaticReplies() {
        if (done(actions().setAutomaticReplies(tenant, id, internalMessage, externalMessage, null,
                repliesEnd == null ? null : repliesEnd.toInstant(ZoneOffset.UTC))).done()) {
            internalMessage = "";
            externalMessage = "";
            repliesEnd = null;
        }
    }

    public void clearAutomaticReplies() {
        done(actions().clearAutomaticReplies(tenant, id));
    }

    /** What the last change came to, in this response only. */
    public UserActions.Outcome getOutcome() {
        return Pages.outcome(OUTCOME);
    }

    /** The scope set the last change or the reading needs granted, if any. */
    public String getConsentNeeded() {
        String needed = Pages.consentNeeded(OUTCOME);
        if (!needed.isEmpty()) {
            return needed;
        }
        return isShown() ? getReading().consentScopeSet() : "";
    }

    private MailboxActions actions() {
        return new MailboxActions(graph, new UserStore(records), new History(records), audit, user,
                Clock.systemUTC());
    }

    private UserActions.Outcome done(UserActions.Outcome result) {
        Pages.said(OUTCOME, result);
        shown = null;
        reading = null;
        return result;
    }

    /** Where the consent card returns to: this user. */
    public String getHere() {
        return UserIds.userPage(tenant, id);
    }

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String value) {
        tenant = value == null ? "" : value.strip();
        shown = null;
        reading = null;
    }

    public String getId() {
        return id;
    }

    public void setId(String value) {
        id = value == null ? "" : value.strip();
        shown = null;
        reading = null;
    }

    public String getDelegate() {
        return delegate;
    }

    public void setDelegate(String value) {
        delegate = value == null ? "" : value.strip();
    }

    public Right getRight() {
        return right;
    }

    public void setRight(Right value) {
        right = value == null ? Right.FULL_ACCESS : value;
    }

    public Right[] getRights() {
        return Right.values();
    }

    public String getForwardTo() {
        return forwardTo;
    }

    public void setForwardTo(String value) {
        forwardTo = value == null ? "" : value.strip();
    }

    public boolean isKeepCopy() {
        return keepCopy;
    }

    public void setKeepCopy(boolean value) {
        keepCopy = value;
    }

    public String getInternalMessage() {
        return internalMessage;
    }

    public void setInternalMessage(String value) {
        internalMessage = value == null ? "" : value;
    }

    public String getExternalMessage() {
        return externalMessage;
    }

    public void setExternalMessage(String value) {
        externalMessage = value == null ? "" : value;
    }

    public LocalDateTime getRepliesEnd() {
        return repliesEnd;
    }

    public void setRepliesEnd(LocalDateTime value) {
        repliesEnd = value;
    }
}
