package dev.tenantry.portal.consent;

import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.portal.web.CsvCell;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The permissions document a tenant administrator reads before consenting: per resource, every permission Tenantry's
 * running plugins ask for, with its type, whether it needs an administrator, and what each plugin uses it for — made
 * from the manifests of what is installed, so it is never out of date. As Markdown (the vendor documents' table
 * shape) and as CSV.
 */
public final class PermissionsDocument {

    /** One permission of one scope set. */
    public record Row(String resource, String permission, String type, boolean adminConsentRequired, String plugin,
            String scopeSet, String purpose, String justification, List<String> features) {
    }

    /**
     * A scope set beside what a comparable product documents asking for the same purpose.
     *
     * @param asked     what the scope set asks
     * @param theirs    what the comparable product asks
     * @param notAsked  of theirs, what Tenantry does not ask
     */
    public record Comparison(String plugin, String scopeSet, String purpose, String source, List<String> asked,
            List<String> theirs, List<String> notAsked) {
    }

    private final List<Row> rows;
    private final List<Comparison> comparisons;

    private PermissionsDocument(List<Row> rows, List<Comparison> comparisons) {
        this.rows = rows;
        this.comparisons = comparisons;
    }

    /** The document of {@code manifests}, ordered by resource, permission and plugin. */
    public static PermissionsDocument of(List<PluginManifest> manifests) {
        List<Row> rows = new ArrayList<>();
        List<Comparison> comparisons = new ArrayList<>();
        for (PluginManifest manifest : manifests) {
            for (ScopeSet set : manifest.scopeSets()) {
                add(rows, manifest.displayName(), set);
            }
            for (PluginManifest.Comparison comparison : manifest.comparisons()) {
                manifest.scopeSet(comparison.scopeSet()).ifPresent(set -> {
                    List<String> asked = set.permissions().stream().map(ScopeSet.MicrosoftPermission::name).toList();
                    List<String> notAsked = comparison.permissions().stream().filter(theirs -> asked.stream()
                            .noneMatch(theirs::equalsIgnoreCase)).toList();
                    comparisons.add(new Comparison(manifest.displayName(), set.id(), set.purpose(),
                            comparison.source(), asked, comparison.permissions(), notAsked));
                });
            }
        }
        return sorted(rows, comparisons);
    }

    /** The document of the running plugins and of Tenantry's own scope sets ({@link HostScopeSets}). */
    public static PermissionsDocument installed(List<PluginManifest> manifests) {
        PermissionsDocument plugins = of(manifests);
        List<Row> rows = new ArrayList<>(plugins.rows);
        HostScopeSets.all().forEach(set -> add(rows, "Tenantry", set));
        return sorted(rows, plugins.comparisons);
    }

    private static void add(List<Row> rows, String owner, ScopeSet set) {
        for (ScopeSet.MicrosoftPermission permission : set.permissions()) {
            rows.add(new Row(resourceName(set.resource()), permission.name(),
                    permission.type().name().toLowerCase(Locale.ROOT), permission.adminConsentRequired(), owner,
                    set.id(), set.purpose(), permission.justification(), set.features()));
        }
    }

    private static PermissionsDocument sorted(List<Row> rows, List<Comparison> comparisons) {
        rows.sort(Comparator.comparing(Row::resource).thenComparing(Row::permission, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(Row::type).thenComparing(Row::plugin).thenComparing(Row::scopeSet));
        return new PermissionsDocument(List.copyOf(rows), List.copyOf(comparisons));
    }

    public List<Row> rows() {
        return rows;
    }

    /** The scope sets beside what comparable products ask, as the plugins' manifests document them. */
    public List<Comparison> comparisons() {
        return comparisons;
    }

    /** Markdown: a heading per resource, a table of permissions with each plugin's use. */
    public String markdown() {
        StringBuilder out = new StringBuilder("# Tenantry — Microsoft permissions\n\n")
                .append("Every permission the installed plugins ask of a customer tenant, and why. Tenantry asks a ")
                .append("tenant only for what the features in use need, when they are first used.\n");
        String resource = null;
        for (Row row : rows) {
            if (!row.resource().equals(resource)) {
                resource = row.resource();
                out.append("\n## ").append(resource).append("\n\n")
                        .append("| Permission | Type | Admin consent | Plugin | Scope set | Use |\n")
                        .append("|---|---|---|---|---|---|\n");
            }
            out.append("| ").append(md(row.permission())).append(" | ").append(row.type()).append(" | ")
                    .append(row.adminConsentRequired() ? "yes" : "no").append(" | ").append(md(row.plugin()))
                    .append(" | ").append(md(row.scopeSet())).append(" | ").append(md(row.purpose())).append(": ")
                    .append(md(row.justification())).append(" |\n");
        }
        if (!comparisons.isEmpty()) {
            out.append("\n## Beside what comparable products ask\n\n")
                    .append("| Plugin | Scope set | Purpose | Tenantry asks | Compared with | It asks | Tenantry does not ask |\n")
                    .append("|---|---|---|---|---|---|---|\n");
            for (Comparison comparison : comparisons) {
                out.append("| ").append(md(comparison.plugin())).append(" | ").append(md(comparison.scopeSet()))
                        .append(" | ").append(md(comparison.purpose())).append(" | ")
                        .append(md(String.join(", ", comparison.asked()))).append(" | ")
                        .append(md(comparison.source())).append(" | ")
                        .append(md(String.join(", ", comparison.theirs()))).append(" | ")
                        .append(md(String.join(", ", comparison.notAsked()))).append(" |\n");
            }
        }
        return out.toString();
    }

    /** CSV with a header row. */
    public String csv() {
        StringBuilder out = new StringBuilder(
                "resource,permission,type,admin consent required,plugin,scope set,purpose,justification,features\r\n");
        for (Row row : rows) {
            out.append(String.join(",", CsvCell.of(row.resource()), CsvCell.of(row.permission()),
                    CsvCell.of(row.type()), CsvCell.of(row.adminConsentRequired() ? "yes" : "no"),
                    CsvCell.of(row.plugin()), CsvCell.of(row.scopeSet()), CsvCell.of(row.purpose()),
                    CsvCell.of(row.justification()), CsvCell.of(String.join(" ", row.features())))).append("\r\n");
        }
        return out.toString();
    }

    private static String resourceName(ScopeSet.Resource resource) {
        return switch (resource) {
            case MICROSOFT_GRAPH -> "Microsoft Graph";
            case EXCHANGE_ONLINE -> "Exchange Online";
        };
    }

    /** Text safe inside a Markdown table cell. */
    private static String md(String text) {
        return text == null ? "" : text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ")
                .replace("\n", " ").replace("<", "&lt;");
    }
}
