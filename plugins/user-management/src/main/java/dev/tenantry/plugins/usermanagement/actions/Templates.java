package dev.tenantry.plugins.usermanagement.actions;

import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugins.usermanagement.UserIds;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * User templates: MSP-wide ones (installation-wide records; made and changed only by staff who hold
 * {@code user-management:manage-templates} for all tenants) and a tenant's own (by staff who hold it there). Checked
 * when saved: a usage location when licences are named (Microsoft assigns none without one), licences as SKU part
 * numbers, at most 50 groups.
 */
public final class Templates {

    static final RecordKind TEMPLATE = RecordKind.of("template").text("name");
    /** How many templates a tenant offers at most (its own and the MSP-wide ones). */
    public static final int MOST = 200;
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern PART_NUMBER = Pattern.compile("[A-Za-z0-9_]{1,60}");
    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withNullValues(false));

    private final PluginRecords records;

    public Templates(PluginRecords records) {
        this.records = records;
    }

    /** The templates a tenant offers: its own, then the MSP-wide ones, by name. */
    public List<UserTemplate> offeredIn(String tenantId) {
        List<UserTemplate> offered = new ArrayList<>();
        if (tenantId != null && !tenantId.isEmpty()) {
            offered.addAll(read(RecordQuery.of(TEMPLATE).inTenant(tenantId)));
        }
        offered.addAll(read(RecordQuery.of(TEMPLATE).installationWide()));
        return offered;
    }

    /** The MSP-wide templates. */
    public List<UserTemplate> mspWide() {
        return read(RecordQuery.of(TEMPLATE).installationWide());
    }

    public Optional<UserTemplate> find(String tenantId, String id) {
        return offeredIn(tenantId).stream().filter(template -> template.id().equals(id)).findFirst();
    }

    private List<UserTemplate> read(RecordQuery query) {
        return records.query(query.orderBy("name", false), 0, MOST).stream().map(found -> JSON.fromJson(found
                .json(), UserTemplate.class)).toList();
    }

    /**
     * Saves a template (a new one when its id is null), if the person may; audited.
     *
     * @return the problems that kept it from being saved; empty when it was
     */
    public List<String> save(UserTemplate template, PortalUser person, PluginAudit audit, Clock clock) {
        List<String> problems = problems(template);
        if (!person.holds(UserIds.MANAGE_TEMPLATES, template.tenantId())) {
            problems.add(template.mspWide() ? "MSP-wide templates need " + UserIds.MANAGE_TEMPLATES
                    + " for all tenants." : "You may not manage this tenant's templates.");
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        String id = template.id() == null || template.id().isBlank() ? UUID.randomUUID().toString() : template.id();
        UserTemplate saved = new UserTemplate(id, template.name().strip(), template.tenantId(), upper(
                template.usageLocation()), blank(template.department()), blank(template.jobTitle()),
                blank(template.companyName()), template.licences(), template.groups(), person.userPrincipalName(),
                clock.instant());
        records.put(template.tenantId(), TEMPLATE, id, JSON.toJson(saved), Map.of("name", saved.name()
                .toLowerCase(Locale.ROOT)));
        audit.record("template.saved", template.tenantId(), saved.name(), Map.of("template", id));
        return problems;
    }

    /** Deletes a template, if the person may; audited. */
    public boolean delete(String tenantId, String id, PortalUser person, PluginAudit audit) {
        if (!person.holds(UserIds.MANAGE_TEMPLATES, tenantId)) {
            return false;
        }
        boolean deleted = records.delete(tenantId, TEMPLATE.name(), id);
        if (deleted) {
            audit.record("template.deleted", tenantId, id, Map.of("template", id));
        }
        return deleted;
    }

    static List<String> problems(UserTemplate template) {
        List<String> problems = new ArrayList<>();
        if (template.name() == null || template.name().isBlank() || template.name().strip().length() > 80) {
            problems.add("Name the template (1 to 80 characters).");
        }
        String location = upper(template.usageLocation());
        if (location != null && !COUNTRY.matcher(location).matches()) {
            problems.add("The usage location is a two-letter country code (GB, US, DE…), not '"
                    + template.usageLocation() + "'.");
        }
        if (!template.licences().isEmpty() && location == null) {
            problems.add("A template with licences needs a usage location: Microsoft assigns licences only to users "
                    + "with one.");
        }
        for (String licence : template.licences()) {
            if (!PART_NUMBER.matcher(licence).matches()) {
                problems.add("'" + licence + "' is not a SKU part number (such as SPE_E3 or O365_BUSINESS_PREMIUM).");
            }
        }
        if (template.groups().size() > 50) {
            problems.add("A template names at most 50 groups.");
        }
        return problems;
    }

    private static String upper(String text) {
        return text == null || text.isBlank() ? null : text.strip().toUpperCase(Locale.ROOT);
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
