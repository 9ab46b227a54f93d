package dev.tenantry.plugins.usermanagement.directory;

import java.util.Map;

/**
 * Product names of Microsoft's licence SKUs, by part number, for the SKUs MSPs meet most; Microsoft publishes the full
 * list ("Product names and service plan identifiers for licensing"). A SKU not named here shows as its part number.
 */
public final class Skus {

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("SPE_E3", "Microsoft 365 E3"),
            Map.entry("SPE_E5", "Microsoft 365 E5"),
            Map.entry("SPE_F1", "Microsoft 365 F3"),
            Map.entry("SPB", "Microsoft 365 Business Premium"),
            Map.entry("O365_BUSINESS_PREMIUM", "Microsoft 365 Business Standard"),
            Map.entry("O365_BUSINESS_ESSENTIALS", "Microsoft 365 Business Basic"),
            Map.entry("O365_BUSINESS", "Microsoft 365 Apps for business"),
            Map.entry("OFFICESUBSCRIPTION", "Microsoft 365 Apps for enterprise"),
            Map.entry("ENTERPRISEPACK", "Office 365 E3"),
            Map.entry("ENTERPRISEPREMIUM", "Office 365 E5"),
            Map.entry("STANDARDPACK", "Office 365 E1"),
            Map.entry("DESKLESSPACK", "Office 365 F3"),
            Map.entry("EXCHANGESTANDARD", "Exchange Online (Plan 1)"),
            Map.entry("EXCHANGEENTERPRISE", "Exchange Online (Plan 2)"),
            Map.entry("AAD_PREMIUM", "Microsoft Entra ID P1"),
            Map.entry("AAD_PREMIUM_P2", "Microsoft Entra ID P2"),
            Map.entry("EMS", "Enterprise Mobility + Security E3"),
            Map.entry("EMSPREMIUM", "Enterprise Mobility + Security E5"),
            Map.entry("INTUNE_A", "Microsoft Intune Plan 1"),
            Map.entry("POWER_BI_PRO", "Power BI Pro"),
            Map.entry("POWER_BI_STANDARD", "Power BI (free)"),
            Map.entry("FLOW_FREE", "Microsoft Power Automate Free"),
            Map.entry("TEAMS_EXPLORATORY", "Microsoft Teams Exploratory"),
            Map.entry("Microsoft_Teams_Enterprise_New", "Microsoft Teams Enterprise"),
            Map.entry("VISIOCLIENT", "Visio Plan 2"),
            Map.entry("PROJECTPROFESSIONAL", "Project Plan 3"),
            Map.entry("ATP_ENTERPRISE", "Microsoft Defender for Office 365 (Plan 1)"),
            Map.entry("THREAT_INTELLIGENCE", "Microsoft Defender for Office 365 (Plan 2)"));

    private Skus() {
    }

    /** The product name of a SKU part number, or the part number itself. */
    public static String name(String partNumber) {
        return partNumber == null ? "" : NAMES.getOrDefault(partNumber, partNumber);
    }
}
