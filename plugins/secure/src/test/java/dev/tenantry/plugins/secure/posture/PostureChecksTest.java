package dev.tenantry.plugins.secure.posture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.models.AuthorizationPolicy;
import com.microsoft.graph.models.ConditionalAccessApplications;
import com.microsoft.graph.models.ConditionalAccessClientApp;
import com.microsoft.graph.models.ConditionalAccessConditionSet;
import com.microsoft.graph.models.ConditionalAccessGrantControl;
import com.microsoft.graph.models.ConditionalAccessGrantControls;
import com.microsoft.graph.models.ConditionalAccessLocations;
import com.microsoft.graph.models.ConditionalAccessPolicy;
import com.microsoft.graph.models.ConditionalAccessPolicyState;
import com.microsoft.graph.models.ConditionalAccessUsers;
import com.microsoft.graph.models.ControlScore;
import com.microsoft.graph.models.CountryNamedLocation;
import com.microsoft.graph.models.DefaultUserRolePermissions;
import com.microsoft.graph.models.IpNamedLocation;
import com.microsoft.graph.models.NamedLocation;
import com.microsoft.graph.models.RiskLevel;
import com.microsoft.graph.models.SecureScore;
import com.microsoft.graph.models.SecureScoreControlProfile;
import com.microsoft.graph.models.UserRegistrationDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every check's pass, fail, warning and skipped paths, on the Graph SDK's own models. */
class PostureChecksTest {

    private static final Licences P2 = Licences.of(List.of("AAD_PREMIUM_P2"));
    private static final Licences P1 = Licences.of(List.of("SPE_E3"));
    /** Tenantry's "do not modify" group: documented break-glass accounts. */
    private static final String TENANTRY_GROUP = "9f1c2d3e-0000-4000-8000-00000000b9a5";
    private static final Licences NONE = Licences.of(List.of("O365_BUSINESS_ESSENTIALS"));

    private static ConditionalAccessPolicy policy(String name, ConditionalAccessPolicyState state,
            ConditionalAccessGrantControl control, Consumer<ConditionalAccessUsers> users,
            Consumer<ConditionalAccessConditionSet> more) {
        ConditionalAccessPolicy policy = new ConditionalAccessPolicy();
        policy.setId(name.toLowerCase().replace(' ', '-'));
        policy.setDisplayName(name);
        policy.setState(state);
        ConditionalAccessConditionSet conditions = new ConditionalAccessConditionSet();
        ConditionalAccessUsers who = new ConditionalAccessUsers();
        who.setIncludeUsers(new ArrayList<>());
        who.setExcludeUsers(new ArrayList<>());
        users.accept(who);
        conditions.setUsers(who);
        ConditionalAccessApplications apps = new ConditionalAccessApplications();
        apps.setIncludeApplications(List.of("All"));
        conditions.setApplications(apps);
        conditions.setClientAppTypes(List.of(ConditionalAccessClientApp.All));
        more.accept(conditions);
        policy.setConditions(conditions);
        ConditionalAccessGrantControls grant = new ConditionalAccessGrantControls();
        grant.setBuiltInControls(List.of(control));
        policy.setGrantControls(grant);
        return policy;
    }

    private static ConditionalAccessPolicy allUsersMfa(ConditionalAccessPolicyState state) {
        return policy("MFA for all", state, ConditionalAccessGrantControl.Mfa,
                users -> users.setIncludeUsers(List.of("All")), conditions -> { });
    }

    private static TenantPosture posture(Licences licences, List<ConditionalAccessPolicy> policies) {
        return new TenantPosture(Reading.of(licences), Reading.of(policies), Reading.of(List.of()),
                new Reading.PermissionMissing<>("secure.posture"), new Reading.PermissionMissing<>("secure.posture"),
                Reading.of(true), new Reading.PermissionMissing<>("secure.score"), Reading.of(true),
                java.util.Set.of(TENANTRY_GROUP));
    }

    private static CheckResult run(String id, TenantPosture posture) {
        return PostureChecks.find(id).orElseThrow().evaluate(posture);
    }

    @Test
    void mfaForAllUsersPassesWarnsOnReportOnlyOrBroadExclusionsAndFailsWithout() {
        assertEquals(Status.PASS, run("user-mfa", posture(P1, List.of(allUsersMfa(
                ConditionalAccessPolicyState.Enabled)))).status());
        CheckResult reportOnly = run("user-mfa", posture(P1, List.of(allUsersMfa(
                ConditionalAccessPolicyState.EnabledForReportingButNotEnforced))));
        assertEquals(Status.WARNING, reportOnly.status());
        assertTrue(reportOnly.summary().contains("enabledForReportingButNotEnforced"), reportOnly.summary());
        assertEquals("mfa-for-all", reportOnly.evidence().get(0).id(), "evidence links the policy");

        ConditionalAccessPolicy excluding = policy("MFA for all", ConditionalAccessPolicyState.Enabled,
                ConditionalAccessGrantControl.Mfa, users -> {
                    users.setIncludeUsers(List.of("All"));
                    users.setExcludeGroups(List.of("all-sales"));
                }, conditions -> { });
        assertEquals(Status.WARNING, run("user-mfa", posture(P1, List.of(excluding))).status());
        ConditionalAccessPolicy breakGlass = policy("MFA for all", ConditionalAccessPolicyState.Enabled,
                ConditionalAccessGrantControl.Mfa, users -> {
                    users.setIncludeUsers(List.of("All"));
                    users.setExcludeUsers(List.of("break-glass-1", "break-glass-2"));
                }, conditions -> { });
        assertEquals(Status.PASS, run("user-mfa", posture(P1, List.of(breakGlass))).status(),
                "two excluded accounts are the documented break-glass accounts");
        ConditionalAccessPolicy tenantryGroup = policy("MFA for all", ConditionalAccessPolicyState.Enabled,
                ConditionalAccessGrantControl.Mfa, users -> {
                    users.setIncludeUsers(List.of("All"));
                    users.setExcludeGroups(List.of(TENANTRY_GROUP));
                }, conditions -> { });
        assertEquals(Status.PASS, run("user-mfa", posture(P1, List.of(tenantryGroup))).status(),
                "Tenantry's do-not-modify group holds the documented break-glass accounts");
        tenantryGroup.getConditions().getUsers().setExcludeGroups(List.of(TENANTRY_GROUP, "all-sales"));
        assertEquals(Status.WARNING, run("user-mfa", posture(P1, List.of(tenantryGroup))).status(),
                "any other group is a broad exclusion");

        assertEquals(Status.FAIL, run("user-mfa", posture(P1, List.of())).status());
        CheckResult unlicensed = run("user-mfa", posture(NONE, List.of()));
        assertEquals(Status.SKIPPED, unlicensed.status());
        assertTrue(unlicensed.summary().startsWith("Not licensed"), unlicensed.summary());
    }

    @Test
    void mfaForAdministratorsMustCoverEveryPrivilegedRole() {
        ConditionalAccessPolicy allRoles = policy("Admins", ConditionalAccessPolicyState.Enabled,
                ConditionalAccessGrantControl.Mfa, users -> users.setIncludeRoles(List.copyOf(
                        PostureChecks.PRIVILEGED_ROLES.keySet())), conditions -> { });
        assertEquals(Status.PASS, run("admin-mfa", posture(P1, List.of(allRoles))).status());
        ConditionalAccessPolicy globalOnly = policy("Global admins", ConditionalAccessPolicyState.Enabled,
                ConditionalAccessGrantControl.Mfa, users -> users.setIncludeRoles(List.of(
                        "62e90394-69f5-4237-9190-012177145e10")), conditions -> { });
        assertEquals(Status.FAIL, run("admin-mfa", posture(P1, List.of(globalOnly))).status(),
                "Global Administrator alone leaves other privileged roles without MFA");
        assertEquals(Status.PASS, run("admin-mfa", posture(P1, List.of(allUsersMfa(
                ConditionalAccessPolicyState.Enabled)))).status(), "all users include every administrator");
    }

    @Test
    void legacyAuthenticationRiskyCountriesAndIpRanges() {
        ConditionalAccessPolicy legacy = policy("Block legacy", ConditionalAccessPolicyState.Enabled,
                ConditionalAccessGrantControl.Block, users -> users.setIncludeUsers(List.of("All")),
                conditions -> conditions.setClientAppTypes(List.of(ConditionalAccessClientApp.ExchangeActiveSync,
                        ConditionalAccessClientApp.Other)));
        assertEquals(Status.PASS, run("legacy-auth", posture(P1, List.of(legacy))).status());
        assertEquals(Status.FAIL, run("legacy-auth", posture(P1, List.of(allUsersMfa(
                ConditionalAccessPolicyState.Enabled)))).status());

        CountryNamedLocation countries = new CountryNamedLocation();
        countries.setId("blocked");
        countries.setDisplayName("Blocked countries");
        countries.setCountriesAndRegions(List.of("KP", "IR"));
        IpNamedLocation offices = new IpNamedLocation();
        offices.setId("offices");
        offices.setDisplayName("Offices");
        offices.setIsTrusted(true);
        ConditionalAccessPolicy blockCountries = policy("Block countries", ConditionalAccessPolicyState.Enabled,
                ConditionalAccessGrantControl.Block, users -> users.setIncludeUsers(List.of("All")), conditions -> {
                    ConditionalAccessLocations where = new ConditionalAccessLocations();
                    where.setIncludeLocations(List.of("blocked"));
                    conditions.setLocations(where);
                });
        List<NamedLocation> named = List.of(countries, offices);
        TenantPosture withLocations = new TenantPosture(Reading.of(P1), Reading.of(List.of(blockCountries)),
                Reading.of(named), Reading.of(new AuthorizationPolicy()), Reading.of(List.of()), Reading.of(true),
                Reading.of(new TenantPosture.Score(new SecureScore(), List.of())), Reading.of(true), java.util.Set.of());
        CheckResult risky = run("risky-countries", withLocations);
        assertEquals(Status.PASS, risky.status());
        assertTrue(risky.evidence().stream().anyMatch(evidence -> evidence.value().equals("KP, IR")),
                risky.evidence().toString());
        CheckResult ranges = run("ip-ranges", withLocations);
        assertEquals(Status.WARNING, ranges.status(), "named, but no policy uses the office range");
        assertEquals("trusted, 0 ranges", ranges.evidence().get(0).value());
    }

    @Test
    void riskPoliciesNeedEntraIdP2() {
        ConditionalAccessPolicy risk = policy("Sign-in risk", ConditionalAccessPolicyState.Enabled,
                ConditionalAccessGrantControl.Mfa, users -> users.setIncludeUsers(List.of("All")),
                conditions -> conditions.setSignInRiskLevels(List.of(RiskLevel.High, RiskLevel.Medium)));
        assertEquals(Status.PASS, run("risk-policies", posture(P2, List.of(risk))).status());
        assertEquals(Status.FAIL, run("risk-policies", posture(P2, List.of())).status());
        assertEquals("Not licensed: the tenant has no Entra ID P2",
                run("risk-policies", posture(P1, List.of(risk))).summary());
    }

    private static UserRegistrationDetails user(String upn, boolean admin, boolean mfa, boolean sspr) {
        UserRegistrationDetails details = new UserRegistrationDetails();
        details.setUserPrincipalName(upn);
        details.setIsAdmin(admin);
        details.setIsMfaRegistered(mfa);
        details.setIsSsprRegistered(sspr);
        details.setIsSsprEnabled(true);
        return details;
    }

    private static TenantPosture registration(List<UserRegistrationDetails> users) {
        return new TenantPosture(Reading.of(P1), Reading.of(List.of()), Reading.of(List.of()),
                Reading.of(new AuthorizationPolicy()), Reading.of(users), Reading.of(false),
                new Reading.Failed<>("throttled"), Reading.of(false), java.util.Set.of());
    }

    @Test
    void registrationSharesWithEveryAdministratorRequired() {
        List<UserRegistrationDetails> users = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            users.add(user("user" + i + "@contoso.example", false, true, true));
        }
        users.add(user("admin@contoso.example", true, true, false));
        assertEquals(Status.PASS, run("mfa-registration", registration(users)).status());
        users.set(9, user("admin@contoso.example", true, false, false));
        CheckResult admin = run("mfa-registration", registration(users));
        assertEquals(Status.FAIL, admin.status());
        assertTrue(admin.evidence().stream().anyMatch(evidence -> evidence.value().equals("admin@contoso.example")));
        assertEquals(Status.PASS, run("sspr", registration(users)).status(), "9 of 10 registered");
        CheckResult sspr = run("sspr", registration(List.of(user("a@c", false, true, false),
                user("b@c", false, true, true))));
        assertEquals(Status.WARNING, sspr.status());
        assertTrue(sspr.evidence().stream().anyMatch(evidence -> evidence.value().contains("not readable")),
                "says the tenant-wide switch has no API");
    }

    @Test
    void withoutEntraIdP1TheRegistrationChecksAreNotLicensedWhateverWasRead() {
        // Microsoft answers the registration report only with Entra ID P1 or P2: the subscriptions say so first, and
        // a scan that could not read them takes Microsoft's refusal for the same (PostureScan)
        TenantPosture basic = new TenantPosture(Reading.of(NONE), Reading.of(List.of()), Reading.of(List.of()),
                Reading.of(new AuthorizationPolicy()), Reading.of(List.of(user("admin@fabrikam.example", true, false,
                false))), Reading.of(false), new Reading.Failed<>("throttled"), Reading.of(false), java.util.Set.of());
        for (String check : List.of("mfa-registration", "sspr")) {
            CheckResult result = run(check, basic);
            assertEquals(Status.SKIPPED, result.status(), check);
            assertEquals("Not licensed: the tenant has no Entra ID P1", result.summary(), check);
        }
        TenantPosture refused = new TenantPosture(new Reading.Failed<>("throttled"), Reading.of(List.of()),
                Reading.of(List.of()), Reading.of(new AuthorizationPolicy()), new Reading.NotLicensed<>("Entra ID P1"),
                Reading.of(false), new Reading.Failed<>("throttled"), Reading.of(false), java.util.Set.of());
        assertEquals(Status.SKIPPED, run("mfa-registration", refused).status());
    }

    @Test
    void userConsentBrandingAuditLogAndWhatCouldNotBeRead() {
        AuthorizationPolicy policy = new AuthorizationPolicy();
        DefaultUserRolePermissions defaults = new DefaultUserRolePermissions();
        defaults.setPermissionGrantPoliciesAssigned(List.of());
        policy.setDefaultUserRolePermissions(defaults);
        assertEquals(Status.PASS, PostureChecks.userConsent("user-consent", List.of()).status());
        assertEquals(Status.WARNING, PostureChecks.userConsent("user-consent",
                List.of("ManagePermissionGrantsForSelf.microsoft-user-default-low")).status());
        assertEquals(Status.FAIL, PostureChecks.userConsent("user-consent",
                List.of("ManagePermissionGrantsForSelf.microsoft-user-default-legacy")).status());

        TenantPosture posture = registration(List.of());
        assertEquals(Status.FAIL, run("branding", posture).status());
        assertEquals(Status.FAIL, run("audit-log", posture).status());
        CheckResult throttled = run("secure-score", posture);
        assertEquals(Status.ERROR, throttled.status());
        assertTrue(throttled.summary().contains("throttled"));

        CheckResult missing = run("user-consent", posture(P1, List.of()));
        assertEquals(Status.SKIPPED, missing.status());
        assertEquals("secure.posture", missing.scopeSet(), "the scope set to grant, for the consent button");
    }

    @Test
    void secureScoreNamesTheWeakestControls() {
        SecureScore score = new SecureScore();
        score.setCurrentScore(62.0);
        score.setMaxScore(100.0);
        ControlScore mfa = new ControlScore();
        mfa.setControlName("MFARegistrationV2");
        mfa.setScore(1.0);
        score.setControlScores(List.of(mfa));
        SecureScoreControlProfile mfaProfile = new SecureScoreControlProfile();
        mfaProfile.setId("MFARegistrationV2");
        mfaProfile.setTitle("Ensure all users can complete MFA");
        mfaProfile.setMaxScore(9.0);
        SecureScoreControlProfile done = new SecureScoreControlProfile();
        done.setId("Other");
        done.setTitle("Something small");
        done.setMaxScore(1.0);
        CheckResult result = PostureChecks.secureScore("secure-score", new TenantPosture.Score(score,
                List.of(done, mfaProfile)));
        assertEquals(Status.WARNING, result.status());
        assertEquals("62 of 100 (62%)", result.evidence().get(0).value());
        assertEquals("Weakest: Ensure all users can complete MFA", result.evidence().get(1).subject());
        assertEquals("1 of 9 points", result.evidence().get(1).value());
    }

    @Test
    void checkIdsAreStableAndUnique() {
        List<String> ids = PostureChecks.all().stream().map(PostureCheck::id).toList();
        assertEquals(List.of("admin-mfa", "user-mfa", "legacy-auth", "mfa-registration", "sspr", "risky-countries",
                "ip-ranges", "risk-policies", "user-consent", "branding", "audit-log", "secure-score"), ids);
    }
}
