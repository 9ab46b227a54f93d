package dev.tenantry.plugins.secure.posture;

import com.microsoft.graph.models.AuthorizationPolicy;
import com.microsoft.graph.models.ConditionalAccessPolicy;
import com.microsoft.graph.models.NamedLocation;
import com.microsoft.graph.models.SecureScore;
import com.microsoft.graph.models.SecureScoreControlProfile;
import com.microsoft.graph.models.UserRegistrationDetails;
import java.util.List;
import java.util.Set;

/**
 * What a scan read of one tenant, each part as it could be read ({@link Reading}): the input of every check.
 *
 * @param branding whether the organization has sign-in page branding
 * @param auditLog whether unified audit log ingestion is on (Exchange Online)
 * @param breakGlassGroups groups documented as holding only break-glass accounts (Tenantry's "do not modify" group)
 */
public record TenantPosture(Reading<Licences> licences, Reading<List<ConditionalAccessPolicy>> policies,
        Reading<List<NamedLocation>> namedLocations, Reading<AuthorizationPolicy> authorization,
        Reading<List<UserRegistrationDetails>> registration, Reading<Boolean> branding, Reading<Score> score,
        Reading<Boolean> auditLog, Set<String> breakGlassGroups) {

    public TenantPosture {
        breakGlassGroups = Set.copyOf(breakGlassGroups);
    }

    /** The latest Secure Score with the control profiles that explain it. */
    public record Score(SecureScore latest, List<SecureScoreControlProfile> profiles) {
    }

    /**
     * The Conditional Access policies, for a check that needs Entra ID P1 (or P2 with {@code p2}): "not licensed" when
     * the subscriptions were read and lack it.
     */
    Reading<List<ConditionalAccessPolicy>> policiesLicensed(boolean p2) {
        if (licences instanceof Reading.Read<Licences> read
                && !(p2 ? read.value().entraP2() : read.value().entraP1())) {
            return new Reading.NotLicensed<>(p2 ? "Entra ID P2" : "Entra ID P1");
        }
        return policies;
    }

    /**
     * Users' registration details, for the checks that read them: Microsoft answers the registration report only in a
     * tenant with Entra ID P1 or P2 ("A Microsoft Entra ID P1 or P2 license is required to access authentication
     * methods usage and insights reports"), so "not licensed" when the subscriptions were read and lack it.
     */
    Reading<List<UserRegistrationDetails>> registrationLicensed() {
        if (licences instanceof Reading.Read<Licences> read && !read.value().entraP1()) {
            return new Reading.NotLicensed<>("Entra ID P1");
        }
        return registration;
    }
}
