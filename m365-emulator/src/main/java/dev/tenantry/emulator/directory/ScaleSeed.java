package dev.tenantry.emulator.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tenantry.emulator.http.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seed of many customer tenants for benchmarks: the demo's MSP tenant and applications, plus {@code tenants}
 * customers of {@code usersPerTenant} users each with groups, licences (every user holds the tenant's one SKU, so has
 * a mailbox), a few administrators (user, helpdesk, authentication and Exchange), authentication methods and sign-in
 * activity of the last 90 days (about one user in ten registered no method or never signed in), Conditional Access
 * policies (some tenants
 * without MFA), varying user-consent settings and audit settings; and, so that a benchmark needs no browser, in every
 * customer tenant:
 * <ul>
 * <li>an admin consent grant to Tenantry's application ({@link #TENANTRY_APP_ID}) for all users, of every permission
 * the built-in plugins' scope sets declare ({@link #TENANTRY_GRAPH_SCOPES}, {@link #TENANTRY_EXCHANGE_SCOPES});</li>
 * <li>an integration account ({@link Customer#integrationAccount()}, password {@link #PASSWORD}) holding the
 * directory roles those plugins' reads and risk responses need ({@link #INTEGRATION_ROLES});</li>
 * <li>Secure Score with its control profiles, about one risky user in a hundred with one to three risk detections of
 * the last two weeks (before {@code asOf}), MFA registration of the administrator and the integration account.</li>
 * </ul>
 * Customer {@code n} is the same whatever the number of tenants, and the same arguments always give the same seed.
 * {@link #apply} adds the seed to a directory one tenant at a time, so the whole seed is never held in memory.
 */
public final class ScaleSeed {

    /** Tenantry's application, the client id the portal signs in with (the demo seed registers it). */
    public static final String TENANTRY_APP_ID = "8d1c8f54-3a0e-4a7c-9d3b-5e2f71c0a9b1";
    /**
     * Microsoft Graph delegated permissions each customer granted Tenantry for all its users: its sign-in permissions
     * and every Graph permission the scope sets of the built-in plugins (Secure, Threat Alerts, User Management, Teams
     * Governance) declare.
     */
    public static final List<String> TENANTRY_GRAPH_SCOPES = List.of("openid", "profile", "email", "offline_access",
            "User.Read", "Policy.Read.All", "AuditLog.Read.All", "LicenseAssignment.Read.All",
            "SecurityEvents.Read.All", "Policy.ReadWrite.ConditionalAccess", "Group.ReadWrite.All",
            "IdentityRiskEvent.Read.All", "IdentityRiskyUser.Read.All", "IdentityRiskyUser.ReadWrite.All",
            "User.RevokeSessions.All", "User-PasswordProfile.ReadWrite.All",
            // User Management's scope sets
            "User.Read.All", "GroupMember.Read.All", "RoleManagement.Read.Directory", "User.ReadWrite.All",
            "Domain.Read.All", "User.EnableDisableAccount.All", "Mail.Send", "LicenseAssignment.ReadWrite.All",
            "GroupMember.ReadWrite.All", "UserAuthenticationMethod.ReadWrite.All", "UserAuthMethod-TAP.ReadWrite.All",
            "User.DeleteRestore.All",
            // Teams Governance's scope sets (the integration account's, and its service account's)
            "User.ReadBasic.All", "Team.ReadBasic.All", "Channel.ReadBasic.All", "TeamMember.Read.All",
            "ChannelMember.Read.All", "TeamsTab.Read.All", "InformationProtectionPolicy.Read", "AppCatalog.Read.All",
            "Team.Create", "Channel.Create", "TeamSettings.ReadWrite.All");
    /** Office 365 Exchange Online delegated permissions each customer granted Tenantry (Secure's audit check). */
    public static final List<String> TENANTRY_EXCHANGE_SCOPES = List.of("Exchange.Manage");
    /**
     * Directory roles of each customer's integration account: reading posture, Secure Score, risk and sign-ins (Global
     * Reader), answering risk (Security Operator) and running Exchange's audit cmdlet (Exchange Administrator).
     */
    public static final List<String> INTEGRATION_ROLES = List.of(DirectoryRoles.GLOBAL_READER,
            DirectoryRoles.SECURITY_OPERATOR, "Exchange Administrator");
    /** Every generated user's password. */
    public static final String PASSWORD = "Tenantry-Demo-2026!";

    /**
     * Given and family names of the generated users: 20,000 display names, so that a person's name is as rare in a
     * large fleet as in life (about 50 people of a name among a million) and a search for one finds a handful, not
     * thousands.
     */
    private static final String[] GIVEN = {
        "Alex", "Sam", "Robin", "Jo", "Megan", "Adele", "Lee", "Isaiah", "Patti", "Diego", "Grady", "Nestor", "Lynne",
        "Pradeep", "Johanna", "Miriam", "Alan", "Debra", "Henrietta", "Joni", "Aisha", "Amir", "Anna", "Ben", "Carlos",
        "Chloe", "Chidi", "Daniel", "Elena", "Emma", "Fatima", "Felix", "Grace", "Hana", "Hugo", "Ines", "Ivan", "Jack",
        "Jasmine", "Kai", "Kenji", "Laura", "Leila", "Liam", "Lucia", "Maya", "Mateo", "Mei", "Nadia", "Noah", "Olga",
        "Omar", "Priya", "Quentin", "Rafael", "Rosa", "Sara", "Sofia", "Tariq", "Theo", "Uma", "Victor", "Wei", "Yara",
        "Yusuf", "Zoe", "Ahmed", "Beatriz", "Conor", "Dalia", "Erik", "Freya", "Gabriel", "Hiroshi", "Ingrid", "Jonas",
        "Katarina", "Lars", "Marta", "Nils", "Oscar", "Paula", "Ravi", "Signe", "Tomas", "Ursula", "Vera", "Wanjiru",
        "Xavier", "Yuki", "Zainab", "Arjun", "Clara", "David", "Eva", "Hassan", "Irene", "Jorge", "Karin", "Leon"
    };
    private static final String[] FAMILY = {
        "Morgan", "Patel", "Chen", "Lindqvist", "Bowen", "Vance", "Gu", "Langer", "Fernandez", "Siciliani", "Archie",
        "Wilke", "Robbins", "Gupta", "Lorenz", "Graham", "Brown", "Berg", "Cox", "Sherman", "Smith", "Johnson",
        "Williams", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez",
        "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Thompson", "White", "Harris",
        "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
        "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell",
        "Mitchell", "Carter", "Roberts", "Mueller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
        "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun",
        "Hartmann", "Krause", "Lange", "Dubois", "Durand", "Lefebvre", "Leroy", "Moreau", "Laurent", "Simon", "Michel",
        "Garnier", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
        "Bruno", "Gallo", "Conti", "Costa", "Santos", "Oliveira", "Pereira", "Almeida", "Ribeiro", "Carvalho", "Gomes",
        "Silva", "Sousa", "Kowalski", "Nowak", "Wisniewski", "Wojcik", "Kaminski", "Jansen", "Visser", "Bakker", "Smit",
        "Mulder", "Andersen", "Nielsen", "Hansen", "Larsen", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Olsen",
        "Virtanen", "Tanaka", "Suzuki", "Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kim", "Lee", "Park", "Choi",
        "Wang", "Li", "Zhang", "Liu", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Singh", "Kumar", "Sharma", "Verma",
        "Iyer", "Reddy", "Nair", "Das", "Khan", "Ali", "Hussain", "Ahmed", "Okafor", "Adeyemi", "Mensah", "Owusu",
        "Kamau", "Otieno", "Mwangi", "Ndlovu", "Dlamini", "Mokoena", "Cohen", "Levi", "Friedman", "Katz", "Brennan",
        "Murphy", "Kelly", "Walsh", "Byrne", "Ryan", "Doyle", "Quinn", "Novak", "Horvat", "Popescu", "Ionescu",
        "Petrov", "Ivanova"
    };
    private static final String[] DEPARTMENTS = {"Sales", "Finance", "IT", "HR", "Operations", "Engineering"};
    private static final String[][] SKUS = {
        {"SPE_E3", "05e9a617-0261-4cee-bb44-138d3ef5d965"},
        {"SPE_E5", "06ebc4ee-1bb5-47dd-8120-11324bc54e06"},
        {"O365_BUSINESS_ESSENTIALS", "3b555118-da6a-4418-894f-7df1e2096870"},
        {"AAD_PREMIUM_P2", "84a661c4-e949-4bd2-a560-ed7766fcaf2b"}};
    private static final String[] RISK_LEVELS = {"low", "medium", "high"};
    private static final String[] RISK_EVENTS = {"unfamiliarFeatures", "anonymizedIPAddress", "atypicalTravel",
        "maliciousIPAddress", "unlikelyTravel", "passwordSpray"};
    private static final String[][] PLACES = {{"Lagos", "NG"}, {"Frankfurt", "DE"}, {"Sao Paulo", "BR"},
        {"Singapore", "SG"}, {"Amsterdam", "NL"}, {"Chicago", "US"}};
    /** Administrators besides the Global Administrator, users 2 to 5 of each customer. */
    private static final String[] ADMINISTRATOR_ROLES = {DirectoryRoles.USER_ADMINISTRATOR,
        DirectoryRoles.HELPDESK_ADMINISTRATOR, DirectoryRoles.AUTHENTICATION_ADMINISTRATOR,
        DirectoryRoles.EXCHANGE_ADMINISTRATOR};
    /** The authentication methods users register, one mix each: most a second factor, some none. */
    private static final ArrayNode[] METHOD_MIXES = {
        methods("microsoftAuthenticator", "phone"), methods("microsoftAuthenticator", "phone"),
        methods("microsoftAuthenticator", "phone"), methods("microsoftAuthenticator", "phone"),
        methods("microsoftAuthenticator"), methods("phone"), methods("microsoftAuthenticator", "fido2"),
        methods("softwareOath", "email"), methods("windowsHelloForBusiness", "microsoftAuthenticator"),
        methods(), methods()};
    private static final Pattern SIZE = Pattern.compile("(\\d{1,6})x(\\d{1,6})");

    // Shared value nodes: a million users repeat 20,000 names, and value nodes are immutable
    private static final TextNode[] GIVEN_NODES = nodes(GIVEN);
    private static final TextNode[] FAMILY_NODES = nodes(FAMILY);
    private static final TextNode[] DEPARTMENT_NODES = nodes(DEPARTMENTS);
    private static final TextNode[][] DISPLAY_NAMES = new TextNode[GIVEN.length][FAMILY.length];
    private static final TextNode STAFF = TextNode.valueOf("Staff");
    private static final TextNode GB = TextNode.valueOf("GB");
    private static final TextNode PASSWORD_NODE = TextNode.valueOf(PASSWORD);
    /** Secure Score's control profiles, as the demo seeds them for Contoso. */
    private static final List<JsonNode> CONTROL_PROFILES = new ArrayList<>();

    static {
        Seed.demo().path("tenants").get(1).path("collections").path("/security/secureScoreControlProfiles")
                .forEach(CONTROL_PROFILES::add);
        for (int g = 0; g < GIVEN.length; g++) {
            for (int f = 0; f < FAMILY.length; f++) {
                DISPLAY_NAMES[g][f] = TextNode.valueOf(GIVEN[g] + " " + FAMILY[f]);
            }
        }
    }

    private ScaleSeed() {
    }

    /** A size written {@code TENANTSxUSERS}, e.g. {@code 500x2000}. */
    public record Size(int tenants, int usersPerTenant) {

        public Size {
            if (tenants < 1 || usersPerTenant < 2) {
                throw new IllegalArgumentException("A scale seed needs at least one tenant and two users per tenant "
                        + "(its administrator and the integration account)");
            }
        }

        /** Reads {@code TENANTSxUSERS}; fails with a message that says what is expected. */
        public static Size parse(String text) {
            Matcher matcher = SIZE.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
            if (!matcher.matches()) {
                throw new IllegalArgumentException("a scale is TENANTSxUSERS, e.g. 500x2000, not '" + text + "'");
            }
            return new Size(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        }
    }

    /**
     * The names of generated customer {@code number} (1 to the number of tenants), known without generating it.
     *
     * @param administrator      its Global Administrator's user principal name
     * @param integrationAccount the account a benchmark connects the tenant with (roles {@link #INTEGRATION_ROLES})
     */
    public record Customer(int number, String key, String id, String initialDomain, String domain,
            String administrator, String integrationAccount) {
    }

    public static Customer customer(int number) {
        String key = String.format(Locale.ROOT, "customer%04d", number);
        String domain = key + ".example";
        return new Customer(number, key, Directory.stableId("scale-tenant", key), key + ".onmicrosoft.com", domain,
                administratorAlias(number) + "@" + domain, "tenantry.integration@" + domain);
    }

    /** The whole seed as a seed document (for small sizes, or to write to a file). */
    public static ObjectNode generate(int tenants, int usersPerTenant, long randomSeed, Instant asOf) {
        new Size(tenants, usersPerTenant);
        ObjectNode seed = head(tenants, usersPerTenant, randomSeed);
        ArrayNode tenantArray = (ArrayNode) seed.get("tenants");
        for (int t = 1; t <= tenants; t++) {
            tenantArray.add(tenant(t, usersPerTenant, randomSeed, asOf));
        }
        return seed;
    }

    /** Adds the seed {@link #generate} describes to {@code directory}, one tenant at a time. */
    public static void apply(Directory directory, int tenants, int usersPerTenant, long randomSeed, Instant asOf) {
        new Size(tenants, usersPerTenant);
        Seed.apply(head(tenants, usersPerTenant, randomSeed), directory);
        for (int t = 1; t <= tenants; t++) {
            Seed.applyTenant(tenant(t, usersPerTenant, randomSeed, asOf), directory);
        }
    }

    /**
     * Adds customer {@code number} with {@code users} users to {@code directory}, as {@link #apply} would with that
     * size: a tenant of another size than the rest of the fleet (the benchmark's 5,000-user tenant).
     */
    public static Customer addCustomer(Directory directory, int number, int users, long randomSeed, Instant asOf) {
        return addCustomer(directory, number, users, randomSeed, asOf, null);
    }

    /**
     * {@link #addCustomer(Directory, int, int, long, Instant)} with the tenant's licence chosen ({@code skuPartNumber},
     * one of the seed's: SPE_E3, SPE_E5, O365_BUSINESS_ESSENTIALS, AAD_PREMIUM_P2) instead of drawn: what Microsoft
     * answers depends on it (sign-in activity and the registration report need Entra ID P1), so a figure that counts
     * round trips names its tenant's licence. Everything else is drawn as it would be.
     */
    public static Customer addCustomer(Directory directory, int number, int users, long randomSeed, Instant asOf,
            String skuPartNumber) {
        new Size(number, users);
        Seed.applyTenant(tenant(number, users, randomSeed, asOf, skuPartNumber), directory);
        return customer(number);
    }

    private static ObjectNode head(int tenants, int usersPerTenant, long randomSeed) {
        JsonNode demo = Seed.demo();
        ObjectNode seed = Json.object();
        seed.put("description", "Scale seed: " + tenants + " tenants x " + usersPerTenant + " users (random seed "
                + randomSeed + ")");
        seed.set("applications", demo.path("applications").deepCopy());
        seed.putArray("tenants").add(demo.path("tenants").get(0).deepCopy());
        return seed;
    }

    /** Customer {@code number}'s seed, from its own random sequence. */
    static ObjectNode tenant(int number, int users, long randomSeed, Instant asOf) {
        return tenant(number, users, randomSeed, asOf, null);
    }

    private static ObjectNode tenant(int number, int users, long randomSeed, Instant asOf, String skuPartNumber) {
        Random random = new Random(mix(randomSeed * 0x9E3779B97F4A7C15L + number));
        Customer customer = customer(number);
        String id = customer.id();
        Instant day = asOf.truncatedTo(ChronoUnit.DAYS);
        TextNode created = TextNode.valueOf(day.minus(Duration.ofDays(200 + random.nextInt(1500))).toString());
        ObjectNode tenant = Json.object().put("key", customer.key()).put("id", id)
                .put("displayName", "Customer " + number).put("userConsentAllowed", random.nextInt(4) != 0);
        tenant.putArray("domains").add(customer.initialDomain()).add(customer.domain());
        tenant.putObject("organization").put("countryLetterCode", random.nextBoolean() ? "GB" : "DE");
        ArrayNode userArray = tenant.putArray("users");
        // Every user holds the tenant's one licence: one array, filled in once the SKU is drawn (after the users)
        ArrayNode licences = Json.array();
        // What came after the first version of this seed draws from its own sequence: the rest stays as it was
        Random more = new Random(mix(randomSeed * 0x9E3779B97F4A7C15L + number) ^ 0x5DEECE66DL);
        List<String> upns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int given = random.nextInt(GIVEN.length);
            int family = random.nextInt(FAMILY.length);
            ObjectNode user = userArray.addObject();
            String upn;
            if (u == 1) {
                upn = customer.integrationAccount();
                user.put("userPrincipalName", upn).put("displayName", "Tenantry integration")
                        .put("mailNickname", "tenantry.integration").put("jobTitle", "Service account")
                        .put("department", "IT").put("accountEnabled", true);
            } else {
                String alias = u == 0 ? administratorAlias(number)
                        : (GIVEN[given] + "." + FAMILY[family] + "." + u).toLowerCase(Locale.ROOT);
                upn = alias + "@" + customer.domain();
                user.put("userPrincipalName", upn).set("displayName", DISPLAY_NAMES[given][family]);
                user.set("givenName", GIVEN_NODES[given]);
                user.set("surname", FAMILY_NODES[family]);
                user.put("mailNickname", alias);
                user.set("jobTitle", u == 0 ? TextNode.valueOf("IT Manager") : STAFF);
                user.set("department", DEPARTMENT_NODES[random.nextInt(DEPARTMENTS.length)]);
                user.put("accountEnabled", u == 0 || random.nextInt(50) != 0);
            }
            user.set("usageLocation", GB);
            user.set("createdDateTime", created);
            user.set("password", PASSWORD_NODE);
            ArrayNode roles = user.putArray("roles");
            if (u == 0) {
                roles.add(DirectoryRoles.GLOBAL_ADMINISTRATOR);
            } else if (u == 1) {
                INTEGRATION_ROLES.forEach(roles::add);
            } else if (u < 2 + ADMINISTRATOR_ROLES.length) {
                roles.add(ADMINISTRATOR_ROLES[u - 2]);
            }
            user.set("assignedLicenses", licences);
            if (u > 1) {
                user.set("authenticationMethods", METHOD_MIXES[more.nextInt(METHOD_MIXES.length)]);
            }
            if (u < 2 || more.nextInt(10) != 0) {
                Instant signedIn = asOf.minus(Duration.ofMinutes(more.nextInt(90 * 24 * 60)))
                        .truncatedTo(ChronoUnit.SECONDS);
                user.putObject("signInActivity").put("lastSignInDateTime", signedIn.toString())
                        .put("lastNonInteractiveSignInDateTime", signedIn.plus(Duration.ofMinutes(
                                more.nextInt(7 * 24 * 60))).truncatedTo(ChronoUnit.SECONDS).toString());
            }
            upns.add(upn);
            names.add(user.path("displayName").asText());
        }
        ArrayNode groups = tenant.putArray("groups");
        for (int g = 0; g < Math.max(1, users / 50); g++) {
            ObjectNode group = groups.addObject().put("displayName", "Team " + (g + 1)).put("mailNickname", "team" + (g + 1));
            ArrayNode members = group.putArray("members");
            for (int m = g * 50; m < Math.min(users, g * 50 + 50); m++) {
                members.add(upns.get(m));
            }
        }
        ArrayNode consent = tenant.putArray("consent");
        ObjectNode graphGrant = consent.addObject().put("client", TENANTRY_APP_ID);
        TENANTRY_GRAPH_SCOPES.forEach(graphGrant.putArray("scopes")::add);
        ObjectNode exchangeGrant = consent.addObject().put("client", TENANTRY_APP_ID)
                .put("resource", PermissionCatalogue.EXCHANGE_APP_ID);
        TENANTRY_EXCHANGE_SCOPES.forEach(exchangeGrant.putArray("scopes")::add);

        ObjectNode collections = tenant.putObject("collections");
        String[] drawn = SKUS[random.nextInt(SKUS.length)];
        String[] sku = skuPartNumber == null ? drawn : java.util.Arrays.stream(SKUS)
                .filter(known -> known[0].equals(skuPartNumber)).findFirst().orElseThrow(
                        () -> new IllegalArgumentException("The scale seed has no licence " + skuPartNumber));
        licences.addObject().put("skuId", sku[1]).putArray("disabledPlans");
        collections.putArray("/subscribedSkus").addObject().put("capabilityStatus", "Enabled").put("consumedUnits", users)
                .put("id", id + "_" + sku[1]).put("skuId", sku[1]).put("skuPartNumber", sku[0]).put("appliesTo", "User")
                .putObject("prepaidUnits").put("enabled", users + 10).put("suspended", 0).put("warning", 0);
        ArrayNode policies = collections.putArray("/identity/conditionalAccess/policies");
        int mfa = random.nextInt(10);
        if (mfa < 7) {
            ObjectNode policy = policies.addObject().put("id", Directory.stableId(id, "mfa-policy"))
                    .put("displayName", "Require multifactor authentication for all users")
                    .put("state", mfa < 5 ? "enabled" : "enabledForReportingButNotEnforced");
            policy.putObject("conditions").putObject("users").putArray("includeUsers").add("All");
            policy.putObject("grantControls").put("operator", "OR").putArray("builtInControls").add("mfa");
        }
        boolean audit = random.nextInt(5) != 0;
        collections.putArray("/exchange/adminAuditLogConfig").addObject().put("UnifiedAuditLogIngestionEnabled", audit);
        ArrayNode registered = collections.putArray("/reports/authenticationMethods/userRegistrationDetails");
        for (int u = 0; u < 2; u++) {
            registered.addObject().put("userPrincipalName", upns.get(u)).put("isMfaRegistered", true)
                    .put("isMfaCapable", true).put("isSsprRegistered", true).put("isSsprEnabled", true)
                    .put("isSsprCapable", true).putArray("methodsRegistered").add("microsoftAuthenticatorPush");
        }
        secureScore(collections, id, users, day, mfa < 5, audit, random);
        risk(collections, id, upns, names, asOf.truncatedTo(ChronoUnit.MINUTES), random);
        return tenant;
    }

    private static String administratorAlias(int number) {
        return String.format(Locale.ROOT, "admin%04d", number);
    }

    /** Today's Secure Score: each control scored from what the tenant has, the others at random. */
    private static void secureScore(ObjectNode collections, String tenantId, int users, Instant day, boolean mfa,
            boolean audit, Random random) {
        ArrayNode profiles = collections.putArray("/security/secureScoreControlProfiles");
        ObjectNode score = collections.putArray("/security/secureScores").addObject()
                .put("id", tenantId + "_" + day.toString().substring(0, 10)).put("azureTenantId", tenantId)
                .put("activeUserCount", users).put("createdDateTime", day.toString());
        score.putArray("enabledServices").add("HasExchange").add("HasAzureAD");
        score.put("licensedUserCount", users);
        score.putArray("averageComparativeScores").addObject().put("basis", "AllTenants").put("averageScore", 47.8);
        ArrayNode controls = score.putArray("controlScores");
        double current = 0;
        double max = 0;
        for (JsonNode template : CONTROL_PROFILES) {
            ObjectNode profile = ((ObjectNode) template.deepCopy()).put("azureTenantId", tenantId);
            profiles.add(profile);
            double ceiling = profile.path("maxScore").asDouble();
            String name = profile.path("id").asText();
            double value = switch (name) {
                case "AdminMFAV2", "MFARegistrationV2" -> mfa ? ceiling : 0;
                case "UnifiedAuditLogIngestion" -> audit ? ceiling : 0;
                case "BlockLegacyAuthentication" -> 0;
                default -> Math.round(ceiling * random.nextInt(5) / 4.0 * 2) / 2.0;
            };
            controls.addObject().put("controlCategory", profile.path("controlCategory").asText())
                    .put("controlName", name).put("score", value).put("description", name + " score");
            current += value;
            max += ceiling;
        }
        score.put("currentScore", current).put("maxScore", max);
    }


    /** About one user in a hundred at risk, with one to three detections of the last two weeks. */
    private static void risk(ObjectNode collections, String tenantId, List<String> upns, List<String> names,
            Instant asOf, Random random) {
        ArrayNode riskyUsers = collections.putArray("/identityProtection/riskyUsers");
        ArrayNode detections = collections.putArray("/identityProtection/riskDetections");
        for (int u = 2; u < upns.size(); u++) {
            if (random.nextInt(100) != 0) {
                continue;
            }
            String upn = upns.get(u);
            String userId = Directory.stableId(tenantId, "user", upn);
            int highest = 0;
            Instant latest = Instant.EPOCH;
            int count = 1 + random.nextInt(3);
            for (int d = 0; d < count; d++) {
                int level = random.nextInt(RISK_LEVELS.length);
                Instant at = asOf.minus(Duration.ofMinutes(60 + random.nextInt(14 * 24 * 60)));
                String[] place = PLACES[random.nextInt(PLACES.length)];
                String when = at.toString();
                ObjectNode detection = detections.addObject().put("id", Directory.stableId(tenantId, "detection",
                                upn, String.valueOf(d)))
                        .put("requestId", Directory.stableId(tenantId, "sign-in", upn, String.valueOf(d)))
                        .put("correlationId", Directory.stableId(tenantId, "correlation", upn, String.valueOf(d)))
                        .put("riskEventType", RISK_EVENTS[random.nextInt(RISK_EVENTS.length)])
                        .put("riskState", "atRisk").put("riskLevel", RISK_LEVELS[level]).put("riskDetail", "none")
                        .put("source", "IdentityProtection").put("detectionTimingType", "realtime")
                        .put("activity", "signin").put("tokenIssuerType", "AzureAD")
                        .put("ipAddress", "198.51.100." + (1 + random.nextInt(254)));
                detection.putObject("location").put("city", place[0]).put("countryOrRegion", place[1]);
                detection.put("activityDateTime", when).put("detectedDateTime", when).put("lastUpdatedDateTime", when)
                        .put("userId", userId).put("userDisplayName", names.get(u)).put("userPrincipalName", upn)
                        .put("additionalInfo", "[]");
                highest = Math.max(highest, level);
                latest = at.isAfter(latest) ? at : latest;
            }
            riskyUsers.addObject().put("id", userId).put("isDeleted", false).put("isProcessing", false)
                    .put("riskLastUpdatedDateTime", latest.toString()).put("riskLevel", RISK_LEVELS[highest])
                    .put("riskState", "atRisk").put("riskDetail", "none").put("userDisplayName", names.get(u))
                    .put("userPrincipalName", upn);
        }
    }

    private static ArrayNode methods(String... kinds) {
        ArrayNode array = Json.array();
        for (String kind : kinds) {
            array.add(kind);
        }
        return array;
    }

    private static TextNode[] nodes(String[] values) {
        TextNode[] nodes = new TextNode[values.length];
        for (int i = 0; i < values.length; i++) {
            nodes[i] = TextNode.valueOf(values[i]);
        }
        return nodes;
    }

    /** SplitMix64's finaliser: neighbouring seeds give unrelated random sequences. */
    private static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
