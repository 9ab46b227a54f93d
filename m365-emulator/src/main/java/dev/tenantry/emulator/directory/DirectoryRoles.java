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
    public static final String SECURITY_OPERATOR = "Security Operator";
    public static final String SECURITY_READER = "Security Reader";
    public static final String GLOBAL_READER = "Global Reader";
    public static final String GLOBAL_SECURE_ACCESS_ADMINISTRATOR = "Global Secure Access Administrator";
    public static final String PRIVILEGED_AUTHENTICATION_ADMINISTRATOR = "Privileged Authentication Administrator";
    public static final String DIRECTORY_READERS = "Directory Readers";
    public static final String DIRECTORY_WRITERS = "Directory Writers";
    public static final String APPLICATION_DEVELOPER = "Application Developer";
    public static final String REPORTS_READER = "Reports Reader";
    public static final String HYBRID_IDENTITY_ADMINISTRATOR = "Hybrid Identity Administrator";
    public static final String IDENTITY_GOVERNANCE_ADMINISTRATOR = "Identity Governance Administrator";
    public static final String DIRECTORY_SYNCHRONIZATION_ACCOUNTS = "Directory Synchronization Accounts";
    public static final String GROUPS_ADMINISTRATOR = "Groups Administrator";
    public static final String HELPDESK_ADMINISTRATOR = "Helpdesk Administrator";
    public static final String AUTHENTICATION_ADMINISTRATOR = "Authentication Administrator";
    public static final String EXCHANGE_ADMINISTRATOR = "Exchange Administrator";
    public static final String TEAMS_ADMINISTRATOR = "Teams Administrator";
    public static final String LICENSE_ADMINISTRATOR = "License Administrator";

    private static final Map<String, String> TEMPLATE_IDS = Map.ofEntries(
            Map.entry(GLOBAL_ADMINISTRATOR, "62e90394-69f5-4237-9190-012177145e10"),
            Map.entry(PRIVILEGED_ROLE_ADMINISTRATOR, "e8611ab8-c189-46e8-94e1-60213ab1f814"),
            Map.entry(USER_ADMINISTRATOR, "fe930be7-5e62-47db-91af-98c3a49a38b1"),
            Map.entry(CLOUD_APPLICATION_ADMINISTRATOR, "158c047a-c907-4556-b7ef-446551a6b5f7"),
            Map.entry(APPLICATION_ADMINISTRATOR, "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"),
            Map.entry(CONDITIONAL_ACCESS_ADMINISTRATOR, "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9"),
            Map.entry(SECURITY_ADMINISTRATOR, "194ae4cb-b126-40b2-bd5b-6091b380977d"),
            Map.entry(SECURITY_OPERATOR, "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f"),
            Map.entry(SECURITY_READER, "5d6b6bb7-de71-4623-b4af-96380a352509"),
            Map.entry(GLOBAL_READER, "f2ef992c-3afb-46b9-b7cf-a126ee74c451"),
            Map.entry(GLOBAL_SECURE_ACCESS_ADMINISTRATOR, "ac434307-12b9-4fa1-a708-88bf58caabc1"),
            Map.entry(PRIVILEGED_AUTHENTICATION_ADMINISTRATOR, "7be44c8a-adaf-4e2a-84d6-ab2649e08a13"),
            Map.entry(DIRECTORY_READERS, "88d8e3e3-8f55-4a1e-953a-9b9898b8876b"),
            Map.entry(DIRECTORY_WRITERS, "9360feb5-f418-4baa-8175-e2a00bac4301"),
            Map.entry(APPLICATION_DEVELOPER, "cf1c38e5-3621-4004-a7cb-879624dced7c"),
            Map.entry(REPORTS_READER, "4a5d8f65-41da-4de4-8968-e035b65339cf"),
            Map.entry(HYBRID_IDENTITY_ADMINISTRATOR, "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2"),
            Map.entry(IDENTITY_GOVERNANCE_ADMINISTRATOR, "45d8d3c5-c802-45c6-b32a-1d70b5e1e86e"),
            Map.entry(DIRECTORY_SYNCHRONIZATION_ACCOUNTS, "d29b2b05-8046-44ba-8758-1e26182fcf32"),
            Map.entry(GROUPS_ADMINISTRATOR, "fdd7a751-b60b-444a-984c-02652fe8fa1c"),
            Map.entry(HELPDESK_ADMINISTRATOR, "729827e3-9c14-49f7-bb1b-9608f156bbb8"),
            Map.entry(AUTHENTICATION_ADMINISTRATOR, "c4e39bd9-1100-46d3-8c65-fb160da0071f"),
            Map.entry(EXCHANGE_ADMINISTRATOR, "29232cdf-9323-42fd-ade2-1d097af3e4de"),
            Map.entry(TEAMS_ADMINISTRATOR, "69091246-20e8-4a56-aa4d-066075b2a7a8"),
            Map.entry(LICENSE_ADMINISTRATOR, "4d6ac14f-3453-41d0-bef9-a3e0c569773a"));

    private DirectoryRoles() {
    }

    public static Optional<String> templateId(String displayName) {
        return Optional.ofNullable(TEMPLATE_IDS.get(displayName));
    }

    public static Map<String, String> all() {
        return TEMPLATE_IDS;
    }
}
