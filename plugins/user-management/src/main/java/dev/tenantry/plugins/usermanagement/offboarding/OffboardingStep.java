package dev.tenantry.plugins.usermanagement.offboarding;

/**
 * The steps of an offboarding, in the order they run: access first (sign-in, sessions, MFA), then what the leaver held
 * (groups, licences). Each records what it removed, so that an undo puts it back.
 */
public enum OffboardingStep {
    BLOCK_SIGN_IN("Block sign-in"),
    REVOKE_SESSIONS("Revoke sessions"),
    RESET_MFA("Reset MFA"),
    REMOVE_GROUPS("Remove from groups"),
    REMOVE_LICENCES("Remove licences");

    private final String label;

    OffboardingStep(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
