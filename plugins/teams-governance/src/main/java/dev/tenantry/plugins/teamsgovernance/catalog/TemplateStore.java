package dev.tenantry.plugins.teamsgovernance.catalog;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog in the host's records: each template's current version (a tenant's, or installation-wide for MSP-wide
 * ones), and every version it had (kept as written, so a request and the audit can name exactly what a team was made
 * from). A change is written only over the version it was read at.
 */
public final class TemplateStore {

    public static final RecordKind TEMPLATE = RecordKind.of("template").text("name").number("retired")
            .number("version");
    static final String VERSION = "template-version";
    private static final Jsonb JSON = JsonbBuilder.create();

    private final PluginRecords records;

    public TemplateStore(PluginRecords records) {
        this.records = records;
    }

    /** A template's current version, in its tenant (null: MSP-wide). */
    public Optional<TeamTemplate> get(String tenantId, String id) {
        return records.get(tenantId, TEMPLATE.name(), id).map(json -> JSON.fromJson(json, TeamTemplate.class));
    }

    /** One version of a template, as it was written. */
    public Optional<TeamTemplate> version(String tenantId, String id, int version) {
        return records.get(tenantId, VERSION, id + ":" + version).map(json -> JSON.fromJson(json, TeamTemplate.class));
    }

    /**
     * Keeps {@code template} as its next version: 1 for a new one, else one more than the version it was read at, which
     * must still be the current one.
     *
     * @return the template as kept, with its version
     * @throws dev.tenantry.plugin.api.RecordConflictException when someone changed it since it was read
     */
    public TeamTemplate save(TeamTemplate template) {
        TeamTemplate next = new TeamTemplate(template.id(), template.tenantId(), template.version() + 1,
                template.name().strip(), template.description(), template.baseTemplate(), template.visibility(),
                template.channels(), template.apps(), template.memberSettings(), template.guestSettings(),
                template.guestsAllowed(),
                template.naming(), template.minOwners(), template.labelId(), template.labelName(),
                template.expiryDays(), template.approvers(), template.retired(), template.changedBy(),
                template.changedAt());
        String json = JSON.toJson(next);
        long stored = records.getVersioned(template.tenantId(), TEMPLATE.name(), template.id())
                .map(PluginRecords.Versioned::version).orElse(0L);
        if (template.version() == 0 && stored != 0) {
            throw new dev.tenantry.plugin.api.RecordConflictException("A template with this id exists");
        }
        TeamTemplate current = get(template.tenantId(), template.id()).orElse(null);
        if (current != null && current.version() != template.version()) {
            throw new dev.tenantry.plugin.api.RecordConflictException("The template was changed since it was read");
        }
        records.replace(template.tenantId(), TEMPLATE, template.id(), json, Map.of("name",
                clip(next.name().toLowerCase(Locale.ROOT)), "retired", next.retired(), "version", next.version()),
                stored);
        records.put(template.tenantId(), VERSION, template.id() + ":" + next.version(), json);
        return next;
    }

    /**
     * The templates offered in a tenant: its own and the MSP-wide ones, by name (retired ones only when asked), at
     * most {@code max} of each.
     */
    public List<TeamTemplate> offered(String tenantId, boolean retiredToo, int max) {
        List<TeamTemplate> offered = new ArrayList<>();
        RecordQuery own = RecordQuery.of(TEMPLATE).inTenant(tenantId);
        RecordQuery mspWide = RecordQuery.of(TEMPLATE).installationWide();
        for (RecordQuery query : List.of(own, mspWide)) {
            RecordQuery kept = retiredToo ? query : query.equal("retired", false);
            records.query(kept.orderBy("name", false), 0, Math.min(max, PluginRecords.PAGE))
                    .forEach(found -> offered.add(JSON.fromJson(found.json(), TeamTemplate.class)));
        }
        offered.sort(java.util.Comparator.comparing(template -> template.name().toLowerCase(Locale.ROOT)));
        return offered;
    }

    /** The MSP-wide templates, by name. */
    public List<TeamTemplate> mspWide(boolean retiredToo, int max) {
        RecordQuery query = RecordQuery.of(TEMPLATE).installationWide();
        List<TeamTemplate> found = new ArrayList<>();
        records.query((retiredToo ? query : query.equal("retired", false)).orderBy("name", false), 0,
                Math.min(max, PluginRecords.PAGE)).forEach(one -> found.add(JSON.fromJson(one.json(),
                TeamTemplate.class)));
        return found;
    }

    private static String clip(String text) {
        return text.length() > RecordKind.MAX_TEXT_LENGTH ? text.substring(0, RecordKind.MAX_TEXT_LENGTH) : text;
    }
}
