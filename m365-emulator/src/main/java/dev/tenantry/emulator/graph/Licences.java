package dev.tenantry.emulator.graph;

import static dev.tenantry.emulator.graph.OData.items;

import dev.tenantry.emulator.directory.Tenant;
import java.util.Set;

/** Which Microsoft Entra ID plan a tenant's subscriptions ({@code /subscribedSkus}) include. */
final class Licences {

    /** Subscriptions that include Microsoft Entra ID P2 (Identity Protection's full risk data). */
    static final Set<String> P2_SKUS = Set.of("AAD_PREMIUM_P2", "SPE_E5", "SPE_E5_NOPSTNCONF", "EMSPREMIUM",
            "IDENTITY_THREAT_PROTECTION", "M365_E5_SUITE_COMPONENTS", "Microsoft_Entra_Suite");
    /** Subscriptions that include Microsoft Entra ID P1 (and not P2). */
    static final Set<String> P1_SKUS = Set.of("AAD_PREMIUM", "SPE_E3", "EMS", "O365_BUSINESS_PREMIUM", "SPB",
            "M365_F1", "SPE_F1");

    private Licences() {
    }

    static boolean p2(Tenant tenant) {
        return holdsAny(tenant, P2_SKUS);
    }

    /** P1 or P2: P2 includes everything P1 does. */
    static boolean p1(Tenant tenant) {
        return holdsAny(tenant, P1_SKUS) || p2(tenant);
    }

    private static boolean holdsAny(Tenant tenant, Set<String> skus) {
        return items(tenant, "/subscribedSkus").stream().map(sku -> sku.path("skuPartNumber").asText())
                .anyMatch(held -> skus.stream().anyMatch(held::equalsIgnoreCase));
    }
}
