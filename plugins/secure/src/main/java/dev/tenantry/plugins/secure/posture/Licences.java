package dev.tenantry.plugins.secure.posture;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which Entra ID plan a tenant's subscriptions bring, by their SKU part numbers (as {@code /subscribedSkus} lists
 * them): Conditional Access needs P1, risk-based policies P2.
 */
public record Licences(Set<String> skuPartNumbers) {

    private static final Set<String> P2 = Set.of("AAD_PREMIUM_P2", "SPE_E5", "SPE_E5_NOPSTNCONF", "EMSPREMIUM",
            "IDENTITY_THREAT_PROTECTION", "M365_E5_SUITE_COMPONENTS", "Microsoft_Entra_Suite");
    private static final Set<String> P1 = Set.of("AAD_PREMIUM", "SPE_E3", "SPE_F1", "EMS", "SPB",
            "O365_BUSINESS_PREMIUM", "M365_F1", "Microsoft_365_E3", "SPE_E3_USGOV_DOD");

    public Licences {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(skuPartNumbers);
        skuPartNumbers = names;
    }

    public static Licences of(Collection<String> skuPartNumbers) {
        return new Licences(Set.copyOf(skuPartNumbers));
    }

    public boolean entraP2() {
        return skuPartNumbers.stream().anyMatch(sku -> P2.stream().anyMatch(sku::equalsIgnoreCase));
    }

    public boolean entraP1() {
        return entraP2() || skuPartNumbers.stream().anyMatch(sku -> P1.stream().anyMatch(sku::equalsIgnoreCase));
    }

    @Override
    public String toString() {
        return String.join(", ", skuPartNumbers).toUpperCase(Locale.ROOT);
    }
}
