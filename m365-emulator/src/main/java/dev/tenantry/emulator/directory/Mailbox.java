package dev.tenantry.emulator.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A user's Exchange Online mailbox: what {@code Set-Mailbox} changes and the permissions others hold on it. A licensed
 * user has one from the start ({@link Directory#mailbox}); it is made on first use, so unused mailboxes cost nothing.
 * Guarded by the {@link Directory}'s lock; other users are held by object id.
 */
public final class Mailbox {

    private final String userId;
    /** {@code UserMailbox} or {@code SharedMailbox}. */
    public String recipientTypeDetails = "UserMailbox";
    public final List<String> grantSendOnBehalfTo = new ArrayList<>();
    /** An SMTP address, or null for none. */
    public String forwardingSmtpAddress;
    public boolean deliverToMailboxAndForward;
    public boolean hiddenFromAddressListsEnabled;
    /** FullAccess holders, with whether the mailbox is mapped into their Outlook (AutoMapping). */
    public final Map<String, Boolean> fullAccess = new LinkedHashMap<>();
    /** SendAs trustees. */
    public final Set<String> sendAs = new LinkedHashSet<>();
    /** {@code Set-MailboxAutoReplyConfiguration}'s settings, null until set. */
    public ObjectNode autoReply;

    Mailbox(String userId) {
        this.userId = userId;
    }

    public String userId() {
        return userId;
    }
}
