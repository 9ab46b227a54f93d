package dev.tenantry.emulator.directory;

import java.util.Map;
import java.util.Optional;

/** Microsoft Entra built-in directory roles the emulator knows, by display name, with their real template ids. */
public final class DirectoryRoles {

    public static final String GLOBAL_ADMINISTRATOR = "Global Administrator";
    public static final String PRIVILEGED_ROLE_ADMINISTRATOR = "Privileged Role Administrator";
    public static final String USER_ADMINISTRATOR = "User Administrator";
    public static final String CLOUD_APPLICATION_ADMINISTRATOR = "Cloud Application Administrator";
    public static final String APPLICATION_ADMINISTRATOR = "Application Administrator";
    public static final String CONDITIONAL_ACCESS_ADMINISTRATOR = "Conditional Access Administrator";
    public static final String SECURITY_ADMINISTRATOR = "Security Administrator";

    private static final Map<String, String> TEMPLATE_IDS = Map.ofEntries(
            Map.entry(GLOBAL_ADMINISTRATOR, "62e90394-69f5-4237-9190-012177145e10"),
            Map.entry(PRIVILEGED_ROLE_ADMINISTRATOR, "e8611ab8-c189-46e8-94e1-60213ab1f814"),
            Map.entry(USER_ADMINISTRATOR, "fe930be7-5e62-47db-91af-98c3a49a38b1"),
            Map.entry(CLOUD_APPLICATION_ADMINISTRATOR, "158c047a-c907-4556-b7ef-446551a6b5f7"),
            Map.entry(APPLICATION_ADMINISTRATOR, "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"),
            Map.entry(CONDITIONAL_ACCESS_ADMINISTRATOR, "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9"),
            Map.entry(SECURITY_ADMINISTRATOR, "194ae4cb-b126-40b2-bd5b-6091b380977d"),
            Map.entry("Security Reader", "5d6b6bb7-de71-4623-b4af-96380a352509"),
            Map.entry("Global Reader", "f2ef992c-3afb-46b9-b7cf-a126ee74c451"),
            Map.entry("Helpdesk Administrator", "729827e3-9c14-49f7-bb1b-9608f156bbb8"),
            Map.entry("Authentication Administrator", "c4e39bd9-1100-46d3-8c65-fb160da0071f"),
            Map.entry("Exchange Administrator", "29232cdf-9323-42fd-ade2-1d097af3e4de"),
            Map.entry("Teams Administrator", "69091246-20e8-4a56-aa4d-066075b2a7a8"));

    private DirectoryRoles() {
    }

    public static Optional<String> templateId(String displayName) {
        return Optional.ofNullable(TEMPLATE_IDS.get(displayName));
    }

    public static Map<String, String> all() {
        return TEMPLATE_IDS;
    }
}
