package dev.tenantry.emulator.directory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A seed of many customer tenants for benchmarks: {@code tenants} × {@code usersPerTenant} users with groups,
 * Conditional Access policies (some tenants without MFA), risky users, licences and varying user-consent settings,
 * plus the demo seed's applications. The same arguments always give the same seed.
 */
public final class ScaleSeed {

    private static final String[] GIVEN = {"Alex", "Sam", "Robin", "Jo", "Megan", "Adele", "Lee", "Isaiah", "Patti",
        "Diego", "Grady", "Nestor", "Lynne", "Pradeep", "Johanna", "Miriam", "Alan", "Debra", "Henrietta", "Joni"};
    private static final String[] FAMILY = {"Morgan", "Patel", "Chen", "Lindqvist", "Bowen", "Vance", "Gu", "Langer",
        "Fernandez", "Siciliani", "Archie", "Wilke", "Robbins", "Gupta", "Lorenz", "Graham", "Brown", "Berg", "Cox",
        "Sherman"};
    private static final String[] DEPARTMENTS = {"Sales", "Finance", "IT", "HR", "Operations", "Engineering"};
    private static final String[][] SKUS = {
        {"SPE_E3", "05e9a617-0261-4cee-bb44-138d3ef5d965"},
        {"SPE_E5", "06ebc4ee-1bb5-47dd-8120-11324bc54e06"},
        {"O365_BUSINESS_ESSENTIALS", "3b555118-da6a-4418-894f-7df1e2096870"},
        {"AAD_PREMIUM_P2", "84a661c4-e949-4bd2-a560-ed7766fcaf2b"}};

    private ScaleSeed() {
    }

    public static ObjectNode generate(int tenants, int usersPerTenant, long randomSeed) {
        if (tenants < 1 || usersPerTenant < 1) {
            throw new IllegalArgumentException("A scale seed needs at least one tenant and one user per tenant");
        }
        Random random = new Random(randomSeed);
        ObjectNode seed = Json.object();
        seed.put("description", "Scale seed: " + tenants + " tenants x " + usersPerTenant + " users (random seed "
                + randomSeed + ")");
        seed.set("applications", Seed.demo().path("applications").deepCopy());
        ArrayNode tenantArray = seed.putArray("tenants");
        tenantArray.add(Seed.demo().path("tenants").get(0).deepCopy());
        for (int t = 1; t <= tenants; t++) {
            tenantArray.add(tenant(t, usersPerTenant, random));
        }
        return seed;
    }

    private static ObjectNode tenant(int number, int users, Random random) {
        String key = String.format(Locale.ROOT, "customer%04d", number);
        String id = Directory.stableId("scale-tenant", key);
        String domain = key + ".example";
        ObjectNode tenant = Json.object().put("key", key).put("id", id)
                .put("displayName", "Customer " + number).put("userConsentAllowed", random.nextInt(4) != 0);
        tenant.putArray("domains").add(key + ".onmicrosoft.com").add(domain);
        tenant.putObject("organization").put("countryLetterCode", random.nextBoolean() ? "GB" : "DE");
        ArrayNode userArray = tenant.putArray("users");
        List<String> upns = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            String given = GIVEN[random.nextInt(GIVEN.length)];
            String family = FAMILY[random.nextInt(FAMILY.length)];
            String alias = (given + "." + family + "." + u).toLowerCase(Locale.ROOT);
            String upn = alias + "@" + domain;
            upns.add(upn);
            ObjectNode user = userArray.addObject().put("userPrincipalName", upn).put("displayName", given + " " + family)
                    .put("givenName", given).put("surname", family).put("mailNickname", alias)
                    .put("jobTitle", u == 0 ? "IT Manager" : "Staff")
                    .put("department", DEPARTMENTS[random.nextInt(DEPARTMENTS.length)])
                    .put("accountEnabled", random.nextInt(50) != 0).put("usageLocation", "GB")
                    .put("password", "Tenantry-Demo-2026!");
            ArrayNode roles = user.putArray("roles");
            if (u == 0) {
                roles.add(DirectoryRoles.GLOBAL_ADMINISTRATOR);
            }
        }
        ArrayNode groups = tenant.putArray("groups");
        for (int g = 0; g < Math.max(1, users / 50); g++) {
            ObjectNode group = groups.addObject().put("displayName", "Team " + (g + 1)).put("mailNickname", "team" + (g + 1));
            ArrayNode members = group.putArray("members");
            for (int m = g * 50; m < Math.min(users, g * 50 + 50); m++) {
                members.add(upns.get(m));
            }
        }
        ObjectNode collections = tenant.putObject("collections");
        String[] sku = SKUS[random.nextInt(SKUS.length)];
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
        ArrayNode risky = collections.putArray("/identityProtection/riskyUsers");
        for (int u = 1; u < users; u++) {
            if (random.nextInt(50) == 0) {
                String level = new String[] {"low", "medium", "high"}[random.nextInt(3)];
                risky.addObject().put("id", Directory.stableId(id, "user", upns.get(u))).put("riskLevel", level)
                        .put("riskState", "atRisk").put("userPrincipalName", upns.get(u));
            }
        }
        collections.putArray("/exchange/adminAuditLogConfig").addObject()
                .put("UnifiedAuditLogIngestionEnabled", random.nextInt(5) != 0);
        return tenant;
    }
}
