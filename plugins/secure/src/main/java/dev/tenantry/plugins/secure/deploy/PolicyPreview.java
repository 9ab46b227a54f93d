package dev.tenantry.plugins.secure.deploy;

import com.microsoft.graph.models.UserRegistrationDetails;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Who a template's policy would reach, from the tenant's authentication methods registration report: administrators
 * (admin-mfa) or every member (user-mfa), each with whether they already registered MFA (those who did not are asked
 * to at their next sign-in once the policy is on) and whether the exclusion group leaves them out.
 */
public final class PolicyPreview {

    private PolicyPreview() {
    }

    /** One user the policy would reach. */
    public record Affected(String userPrincipalName, String displayName, boolean admin, boolean mfaRegistered,
            boolean excluded) implements Serializable {
    }

    /**
     * @param excludedUserIds the exclusion group's members (object ids)
     */
    public static List<Affected> affected(PolicyTemplates template, List<UserRegistrationDetails> users,
            Set<String> excludedUserIds) {
        return users.stream()
                .filter(user -> template == PolicyTemplates.USER_MFA || Boolean.TRUE.equals(user.getIsAdmin()))
                .map(user -> new Affected(user.getUserPrincipalName(), user.getUserDisplayName(),
                        Boolean.TRUE.equals(user.getIsAdmin()), Boolean.TRUE.equals(user.getIsMfaRegistered()),
                        excludedUserIds.contains(user.getId())))
                .sorted(Comparator.comparing(Affected::excluded).thenComparing(Affected::mfaRegistered)
                        .thenComparing(Affected::userPrincipalName, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }
}
