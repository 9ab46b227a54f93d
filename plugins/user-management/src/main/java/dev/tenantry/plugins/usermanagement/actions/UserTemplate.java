package dev.tenantry.plugins.usermanagement.actions;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * What a new user starts with: usage location (needed before any licence), department, job title, company, licences by
 * SKU part number (the same in every tenant) and groups by name (found in the user's tenant when the user is
 * created). MSP-wide ({@code tenantId} null) or for one tenant.
 */
public record UserTemplate(String id, String name, String tenantId, String usageLocation, String department,
        String jobTitle, String companyName, List<String> licences, List<String> groups, String updatedBy,
        Instant updatedAt) implements Serializable {

    public UserTemplate {
        licences = licences == null ? List.of() : List.copyOf(licences);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public boolean mspWide() {
        return tenantId == null;
    }
}
