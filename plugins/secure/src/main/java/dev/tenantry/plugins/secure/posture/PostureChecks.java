package dev.tenantry.plugins.secure.posture;

import com.microsoft.graph.models.ConditionalAccessClientApp;
import com.microsoft.graph.models.ConditionalAccessGrantControl;
import com.microsoft.graph.models.ConditionalAccessPolicy;
import com.microsoft.graph.models.ConditionalAccessPolicyState;
import com.microsoft.graph.models.ConditionalAccessUsers;
import com.microsoft.graph.models.CountryNamedLocation;
import com.microsoft.graph.models.IpNamedLocation;
import com.microsoft.graph.models.NamedLocation;
import com.microsoft.graph.models.SecureScoreControlProfile;
import com.microsoft.graph.models.UserRegistrationDetails;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The posture checks, in the order the posture page lists them. Each looks only at what the scan read and says what
 * it saw; thresholds are stated in the check's text.
 */
public final class PostureChecks {

    /**
     * Privileged directory roles an administrators' MFA policy must cover (role template ids): Global, Privileged Role,
     * Security, Conditional Access, Exchange, SharePoint, User, Authentication, Helpdesk, Billing, Application and
     * Cloud Application Administrator — Microsoft's template "Require multifactor authentication for admins".
     */
    static final Map<String, String> PRIVILEGED_ROLES = Map.ofEntries(
            Map.entry("62e90394-69f5-4237-9190-012177145e10", "Global Administrator"),
            Map.entry("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"),
            Map.entry("194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator"),
            Map.entry("b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", "Conditional Access Administrator"),
            Map.entry("29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator"),
            Map.entry("f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator"),
            Map.entry("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"),
            Map.entry("c4e39bd9-1100-46d3-8c65-fb160da0071f", "Authentication Administrator"),
            Map.entry("729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator"),
            Map.entry("b0f54661-2d74-4c50-afa3-1ec803f12efe", "Billing Administrator"),
            Map.entry("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator"),
            Map.entry("158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator"));

    /** The privileged directory roles (template id → name) an administrators' MFA policy must cover. */
    public static Map<String, String> privilegedRoles() {
        return PRIVILEGED_ROLES;
    }

    /** How many individually excluded accounts a policy may have (documented break-glass accounts). */
    static final int BREAK_GLASS = 2;

    private static final List<PostureCheck> ALL = List.of(
            new PostureCheck("admin-mfa", "MFA for administrators is enforced by Conditional Access", Severity.HIGH,
                    "Identity", "Deploy the administrators' MFA policy (report-only first), then switch it on.",
                    (id, posture) -> posture.policiesLicensed(false).evaluate(id,
                            policies -> adminMfa(policies, posture.breakGlassGroups()))),
            new PostureCheck("user-mfa", "MFA for all users is enforced by Conditional Access", Severity.HIGH,
                    "Identity", "Deploy the all-users MFA policy (report-only first), then switch it on.",
                    (id, posture) -> posture.policiesLicensed(false).evaluate(id,
                            policies -> userMfa(policies, posture.breakGlassGroups()))),
            new PostureCheck("legacy-auth", "Legacy authentication is blocked", Severity.HIGH, "Identity",
                    "Create a Conditional Access policy for all users that blocks the Exchange ActiveSync and "
                            + "'other clients' client app types.",
                    (id, posture) -> posture.policiesLicensed(false).evaluate(id,
                            policies -> legacyAuth(policies, posture.breakGlassGroups()))),
            new PostureCheck("mfa-registration", "Users and administrators have registered for MFA", Severity.HIGH,
                    "Identity", "Ask the users listed to register an authentication method (aka.ms/mfasetup); "
                            + "every administrator must.",
                    (id, posture) -> posture.registrationLicensed().evaluate(id, PostureChecks::mfaRegistration)),
            new PostureCheck("sspr", "Users have registered for self-service password reset", Severity.MEDIUM,
                    "Identity", "Enable self-service password reset for all users in the Entra admin center "
                            + "(Microsoft Graph has no API for the tenant-wide switch) and ask users to register.",
                    (id, posture) -> posture.registrationLicensed().evaluate(id, PostureChecks::sspr)),
            new PostureCheck("risky-countries", "Sign-ins from risky countries are blocked", Severity.MEDIUM,
                    "Identity", "Create a country named location with the countries you never sign in from and a "
                            + "Conditional Access policy that blocks it.",
                    (id, posture) -> posture.policiesLicensed(false).evaluate(id, policies -> posture
                            .namedLocations().evaluate(id, locations -> riskyCountries(id, policies, locations,
                                    posture.breakGlassGroups())))),
            new PostureCheck("ip-ranges", "Trusted and untrusted IP ranges are named and used", Severity.LOW,
                    "Identity", "Name your offices' IP ranges as trusted locations and use them in Conditional "
                            + "Access (to require MFA or block elsewhere).",
                    (id, posture) -> posture.policiesLicensed(false).evaluate(id, policies -> posture
                            .namedLocations().evaluate(id, locations -> ipRanges(id, policies, locations)))),
            new PostureCheck("risk-policies", "User and sign-in risk policies are on", Severity.MEDIUM, "Identity",
                    "Create Conditional Access policies on user risk (require a password change) and sign-in risk "
                            + "(require MFA).",
                    (id, posture) -> posture.policiesLicensed(true).evaluate(id,
                            policies -> riskPolicies(policies, posture.breakGlassGroups()))),
            new PostureCheck("user-consent", "Users cannot consent to apps on their own", Severity.MEDIUM,
                    "Applications", "In Enterprise applications → Consent and permissions, allow user consent for "
                            + "verified publishers' low-impact permissions at most, and route the rest to admin "
                            + "consent requests.",
                    (id, posture) -> posture.authorization().evaluate(id, authorization -> userConsent(id,
                            authorization.getDefaultUserRolePermissions() == null ? List.of()
                                    : authorization.getDefaultUserRolePermissions()
                                            .getPermissionGrantPoliciesAssigned()))),
            new PostureCheck("branding", "The sign-in page carries the organization's branding", Severity.LOW,
                    "Identity", "Add company branding (logo, background, sign-in text) so users notice a fake "
                            + "sign-in page.",
                    (id, posture) -> posture.branding().evaluate(id, configured -> CheckResult.of(id,
                            configured ? Status.PASS : Status.FAIL, configured ? "Company branding is configured"
                                    : "The sign-in page shows Microsoft's default look",
                            List.of(Evidence.of("Company branding", configured ? "configured" : "none"))))),
            new PostureCheck("audit-log", "Unified audit log ingestion is on", Severity.HIGH, "Data",
                    "Turn on audit log search (Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled $true).",
                    (id, posture) -> posture.auditLog().evaluate(id, on -> CheckResult.of(id,
                            on ? Status.PASS : Status.FAIL, on ? "Audit log ingestion is on"
                                    : "Audit log ingestion is off: nothing that happens in the tenant is recorded",
                            List.of(Evidence.of("UnifiedAuditLogIngestionEnabled", String.valueOf(on)))))),
            new PostureCheck("secure-score", "Microsoft Secure Score is at least 70%", Severity.MEDIUM, "Score",
                    "Work through the weakest improvement actions listed.",
                    (id, posture) -> posture.score().evaluate(id, score -> secureScore(id, score))));

    private PostureChecks() {
    }

    public static List<PostureCheck> all() {
        return ALL;
    }

    public static Optional<PostureCheck> find(String id) {
        return ALL.stream().filter(check -> check.id().equals(id)).findFirst();
    }

    // ---------------------------------------------------------------- Conditional Access

    private static boolean requires(ConditionalAccessPolicy policy, ConditionalAccessGrantControl control) {
        return policy.getGrantControls() != null && policy.getGrantControls().getBuiltInControls() != null
                && policy.getGrantControls().getBuiltInControls().contains(control);
    }

    private static boolean allApps(ConditionalAccessPolicy policy) {
        return policy.getConditions() != null && policy.getConditions().getApplications() != null
                && contains(policy.getConditions().getApplications().getIncludeApplications(), "All");
    }

    private static ConditionalAccessUsers users(ConditionalAccessPolicy policy) {
        return policy.getConditions() == null || policy.getConditions().getUsers() == null
                ? new ConditionalAccessUsers() : policy.getConditions().getUsers();
    }

    private static boolean contains(List<String> values, String value) {
        return values != null && values.stream().anyMatch(value::equalsIgnoreCase);
    }

    private static int size(List<?> values) {
        return values == null ? 0 : values.size();
    }

    private static String state(ConditionalAccessPolicy policy) {
        return policy.getState() == null ? "unknown" : policy.getState().getValue();
    }

    private static Evidence evidence(ConditionalAccessPolicy policy) {
        ConditionalAccessUsers users = users(policy);
        String exclusions = size(users.getExcludeUsers()) + " users, " + size(users.getExcludeGroups()) + " groups, "
                + size(users.getExcludeRoles()) + " roles excluded";
        return new Evidence(policy.getDisplayName(), state(policy) + "; " + exclusions, policy.getId());
    }

    /**
     * Exclusions beyond documented break-glass accounts: any group but the documented break-glass groups (Tenantry's
     * "do not modify" group), any role, or more than a couple of accounts.
     */
    private static boolean broadExclusions(ConditionalAccessPolicy policy, Set<String> breakGlassGroups) {
        ConditionalAccessUsers users = users(policy);
        long groups = users.getExcludeGroups() == null ? 0 : users.getExcludeGroups().stream()
                .filter(group -> !breakGlassGroups.contains(group)).count();
        return groups > 0 || size(users.getExcludeRoles()) > 0 || size(users.getExcludeUsers()) > BREAK_GLASS;
    }

    /**
     * The policies matching {@code applies}, judged: an enabled one without broad exclusions passes; only report-only
     * ones, or enabled ones with broad exclusions, warn; none fails.
     */
    private static CheckResult judge(String id, List<ConditionalAccessPolicy> policies,
            Predicate<ConditionalAccessPolicy> applies, String what, Set<String> breakGlassGroups) {
        List<ConditionalAccessPolicy> matching = policies.stream().filter(applies).toList();
        List<Evidence> seen = matching.stream().map(PostureChecks::evidence).toList();
        List<ConditionalAccessPolicy> enabled = matching.stream()
                .filter(policy -> policy.getState() == ConditionalAccessPolicyState.Enabled).toList();
        if (enabled.stream().anyMatch(policy -> !broadExclusions(policy, breakGlassGroups))) {
            return CheckResult.of(id, Status.PASS, "An enabled policy " + what, seen);
        }
        if (!enabled.isEmpty()) {
            return CheckResult.of(id, Status.WARNING, "The policy that " + what + " excludes groups, roles or more "
                    + "than " + BREAK_GLASS + " accounts", seen);
        }
        if (!matching.isEmpty()) {
            return CheckResult.of(id, Status.WARNING, "A policy " + what + " but is not enforced ("
                    + matching.stream().map(PostureChecks::state).distinct().collect(Collectors.joining(", ")) + ")",
                    seen);
        }
        return CheckResult.of(id, Status.FAIL, "No Conditional Access policy " + what,
                List.of(Evidence.of("Conditional Access policies", policies.size() + " in the tenant")));
    }

    static CheckResult adminMfa(List<ConditionalAccessPolicy> policies, Set<String> breakGlassGroups) {
        return judge("admin-mfa", policies, policy -> requires(policy, ConditionalAccessGrantControl.Mfa)
                && allApps(policy) && (contains(users(policy).getIncludeUsers(), "All")
                        || users(policy).getIncludeRoles() != null && users(policy).getIncludeRoles().stream()
                                .map(role -> role.toLowerCase(Locale.ROOT)).collect(Collectors.toSet())
                                .containsAll(PRIVILEGED_ROLES.keySet())),
                "requires MFA of every privileged administrator role", breakGlassGroups);
    }

    static CheckResult userMfa(List<ConditionalAccessPolicy> policies, Set<String> breakGlassGroups) {
        return judge("user-mfa", policies, policy -> requires(policy, ConditionalAccessGrantControl.Mfa)
                && allApps(policy) && contains(users(policy).getIncludeUsers(), "All"), "requires MFA of all users",
                breakGlassGroups);
    }

    static CheckResult legacyAuth(List<ConditionalAccessPolicy> policies, Set<String> breakGlassGroups) {
        return judge("legacy-auth", policies, policy -> requires(policy, ConditionalAccessGrantControl.Block)
                && contains(users(policy).getIncludeUsers(), "All")
                && policy.getConditions().getClientAppTypes() != null
                && policy.getConditions().getClientAppTypes().containsAll(List.of(
                        ConditionalAccessClientApp.ExchangeActiveSync, ConditionalAccessClientApp.Other)),
                "blocks legacy authentication for all users", breakGlassGroups);
    }

    static CheckResult riskPolicies(List<ConditionalAccessPolicy> policies, Set<String> breakGlassGroups) {
        return judge("risk-policies", policies, policy -> policy.getConditions() != null
                && (size(policy.getConditions().getUserRiskLevels()) > 0
                        || size(policy.getConditions().getSignInRiskLevels()) > 0),
                "acts on user or sign-in risk", breakGlassGroups);
    }

    private static List<String> locationsUsedBy(ConditionalAccessPolicy policy) {
        return policy.getConditions() == null || policy.getConditions().getLocations() == null
                || policy.getConditions().getLocations().getIncludeLocations() == null ? List.of()
                : policy.getConditions().getLocations().getIncludeLocations();
    }

    static CheckResult riskyCountries(String id, List<ConditionalAccessPolicy> policies,
            List<NamedLocation> locations, Set<String> breakGlassGroups) {
        Map<String, CountryNamedLocation> countries = locations.stream()
                .filter(CountryNamedLocation.class::isInstance).map(CountryNamedLocation.class::cast)
                .collect(Collectors.toMap(NamedLocation::getId, location -> location));
        List<Evidence> seen = new ArrayList<>();
        countries.values().forEach(country -> seen.add(new Evidence(country.getDisplayName(),
                String.join(", ", Optional.ofNullable(country.getCountriesAndRegions()).orElse(List.of())),
                country.getId())));
        return judge(id, policies, policy -> requires(policy, ConditionalAccessGrantControl.Block)
                && locationsUsedBy(policy).stream().anyMatch(countries::containsKey),
                "blocks sign-ins from a country named location", breakGlassGroups).withEvidence(seen);
    }

    static CheckResult ipRanges(String id, List<ConditionalAccessPolicy> policies, List<NamedLocation> locations) {
        List<IpNamedLocation> ranges = locations.stream().filter(IpNamedLocation.class::isInstance)
                .map(IpNamedLocation.class::cast).toList();
        List<Evidence> seen = ranges.stream().map(range -> new Evidence(range.getDisplayName(),
                (Boolean.TRUE.equals(range.getIsTrusted()) ? "trusted, " : "untrusted, ")
                        + size(range.getIpRanges()) + " ranges", range.getId())).toList();
        if (ranges.isEmpty()) {
            return CheckResult.of(id, Status.FAIL, "No IP ranges are named", List.of());
        }
        Set<String> ids = ranges.stream().map(NamedLocation::getId).collect(Collectors.toSet());
        boolean used = policies.stream().filter(policy -> policy.getState() == ConditionalAccessPolicyState.Enabled)
                .anyMatch(policy -> locationsUsedBy(policy).stream().anyMatch(ids::contains)
                        || policy.getConditions().getLocations() != null
                                && policy.getConditions().getLocations().getExcludeLocations() != null
                                && policy.getConditions().getLocations().getExcludeLocations().stream()
                                        .anyMatch(ids::contains));
        return CheckResult.of(id, used ? Status.PASS : Status.WARNING, used
                ? "Named IP ranges are used by an enabled policy"
                : "IP ranges are named but no enabled policy uses them", seen);
    }

    // ---------------------------------------------------------------- registration

    private static long share(List<UserRegistrationDetails> users, Predicate<UserRegistrationDetails> registered) {
        return users.isEmpty() ? 0 : Math.round(100.0 * users.stream().filter(registered).count() / users.size());
    }

    static CheckResult mfaRegistration(List<UserRegistrationDetails> users) {
        Predicate<UserRegistrationDetails> registered = user -> Boolean.TRUE.equals(user.getIsMfaRegistered());
        List<UserRegistrationDetails> admins = users.stream().filter(user -> Boolean.TRUE.equals(user.getIsAdmin()))
                .toList();
        List<String> adminsWithout = admins.stream().filter(registered.negate())
                .map(UserRegistrationDetails::getUserPrincipalName).toList();
        long all = share(users, registered);
        List<Evidence> seen = new ArrayList<>(List.of(Evidence.of("Users registered", all + "% of " + users.size()),
                Evidence.of("Administrators registered", share(admins, registered) + "% of " + admins.size())));
        adminsWithout.forEach(upn -> seen.add(Evidence.of("Administrator without MFA", upn)));
        Status status = !adminsWithout.isEmpty() || all < 50 ? Status.FAIL : all < 90 ? Status.WARNING : Status.PASS;
        return CheckResult.of("mfa-registration", status, status == Status.PASS
                ? "Every administrator and at least 90% of users registered MFA"
                : !adminsWithout.isEmpty() ? adminsWithout.size() + " administrators have not registered MFA"
                        : all + "% of users registered MFA (90% is the target)", seen);
    }

    static CheckResult sspr(List<UserRegistrationDetails> users) {
        long enabled = share(users, user -> Boolean.TRUE.equals(user.getIsSsprEnabled()));
        long registered = share(users, user -> Boolean.TRUE.equals(user.getIsSsprRegistered()));
        Status status = registered >= 80 ? Status.PASS : registered >= 50 ? Status.WARNING : Status.FAIL;
        return CheckResult.of("sspr", status, registered + "% of users registered for self-service password reset "
                + "(80% is the target)", List.of(Evidence.of("Users enabled for SSPR", enabled + "%"),
                        Evidence.of("Users registered for SSPR", registered + "% of " + users.size()),
                        Evidence.of("Tenant-wide SSPR switch", "not readable through Microsoft Graph")));
    }

    // ---------------------------------------------------------------- consent, score

    static CheckResult userConsent(String id, List<String> assigned) {
        List<String> self = assigned == null ? List.of() : assigned.stream()
                .filter(policy -> policy.startsWith("ManagePermissionGrantsForSelf.")).toList();
        List<Evidence> seen = List.of(Evidence.of("Permission grant policies assigned to users",
                self.isEmpty() ? "none" : String.join(", ", self)));
        if (self.isEmpty()) {
            return CheckResult.of(id, Status.PASS, "Users cannot consent to apps; administrators decide", seen);
        }
        if (self.stream().allMatch(policy -> policy.endsWith(".microsoft-user-default-low"))) {
            return CheckResult.of(id, Status.WARNING, "Users may consent to low-impact permissions of verified "
                    + "publishers", seen);
        }
        return CheckResult.of(id, Status.FAIL, "Users may consent to any app on their own", seen);
    }

    static CheckResult secureScore(String id, TenantPosture.Score score) {
        double current = Optional.ofNullable(score.latest().getCurrentScore()).orElse(0.0);
        double maximum = Optional.ofNullable(score.latest().getMaxScore()).orElse(0.0);
        long percent = maximum <= 0 ? 0 : Math.round(100 * current / maximum);
        Map<String, Double> achieved = score.latest().getControlScores() == null ? Map.of()
                : score.latest().getControlScores().stream().filter(control -> control.getControlName() != null)
                        .collect(Collectors.toMap(control -> control.getControlName(),
                                control -> Optional.ofNullable(control.getScore()).orElse(0.0), (a, b) -> a));
        List<Evidence> seen = new ArrayList<>(List.of(Evidence.of("Secure Score",
                String.format(Locale.ROOT, "%.0f of %.0f (%d%%)", current, maximum, percent))));
        score.profiles().stream().filter(profile -> profile.getMaxScore() != null && profile.getMaxScore() > 0)
                .sorted(Comparator.comparingDouble((SecureScoreControlProfile profile) -> achieved.getOrDefault(
                        profile.getId(), 0.0) - profile.getMaxScore()))
                .limit(3).forEach(profile -> seen.add(new Evidence("Weakest: " + profile.getTitle(), String.format(
                        Locale.ROOT, "%.0f of %.0f points", achieved.getOrDefault(profile.getId(), 0.0),
                        profile.getMaxScore()), profile.getId())));
        Status status = percent >= 70 ? Status.PASS : percent >= 40 ? Status.WARNING : Status.FAIL;
        return CheckResult.of(id, status, "Secure Score is " + percent + "% of its maximum (70% is the target)",
                seen);
    }
}
