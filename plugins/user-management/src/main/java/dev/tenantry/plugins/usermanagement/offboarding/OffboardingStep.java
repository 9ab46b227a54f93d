package dev.tenantry.plugins.usermanagement.offboarding;

/**
 * The steps of an offboarding, in the order they run: access first (sign-in, sessions, MFA), then what the leaver held
 * (groups), their mailbox (converted to shared before its licence goes, as Microsoft advises, so that it is kept and
 * needs none), and licences last. Each records what it removed or changed, so that an undo puts it back.
 */
public enum OffboardingStep {
    BLOCK_SIGN_IN("Block sign-in"),
    REVOKE_SESSIONS("Revoke sessions"),
    RESET_MFA("Reset MFA"),
    REMOVE_GROUPS("Remove from groups"),
    CONVERT_TO_SHARED("Convert the mailbox to shared"),
    DELEGATE_MAILBOX("Give the manager full access to the mailbox"),
    FORWARD_MAIL("Forward mail"),
    HIDE_FROM_ADDRESS_LIST("Hide from the address list"),
    AUTOMATIC_REPLIES("Set an out-of-office reply"),
    REMOVE_LICENCES("Remove licences");

    private final String label;

    OffboardingStep(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the step works on the mailbox (through Exchange Online). */
    public boolean mailbox() {
        return this == CONVERT_TO_SHARED || this == DELEGATE_MAILBOX || this == FORWARD_MAIL
                || this == HIDE_FROM_ADDRESS_LIST || this == AUTOMATIC_REPLIES;
    }
}
