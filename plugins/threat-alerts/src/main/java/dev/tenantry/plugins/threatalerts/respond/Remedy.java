package dev.tenantry.plugins.threatalerts.respond;

import dev.tenantry.plugins.threatalerts.ThreatIds;
import java.util.Arrays;
import java.util.Optional;

/** What a Threat Responder can do about a user at risk, each through its own scope set, asked on first use. */
public enum Remedy {
    CONFIRM_COMPROMISED("confirm-compromised", "Confirm compromised", ThreatIds.RISK_RESPONSE_SCOPES),
    DISMISS_RISK("dismiss-risk", "Dismiss the user's risk", ThreatIds.RISK_RESPONSE_SCOPES),
    REVOKE_SESSIONS("revoke-sessions", "Revoke sign-in sessions", ThreatIds.SESSION_SCOPES),
    FORCE_PASSWORD_RESET("force-password-reset", "Force a password change at the next sign-in",
            ThreatIds.PASSWORD_SCOPES);

    private final String key;
    private final String label;
    private final String scopeSet;

    Remedy(String key, String label, String scopeSet) {
        this.key = key;
        this.label = label;
        this.scopeSet = scopeSet;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public String scopeSet() {
        return scopeSet;
    }

    public static Optional<Remedy> of(String key) {
        return Arrays.stream(values()).filter(remedy -> remedy.key.equals(key)).findFirst();
    }
}
