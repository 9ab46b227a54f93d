package dev.tenantry.plugin.api.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.serialization.JsonNodeReader;
import com.networknt.schema.utils.JsonNodes;
import dev.tenantry.plugin.api.manifest.PluginManifest.Navigation;
import dev.tenantry.plugin.api.manifest.PluginManifest.PageDeclaration;
import dev.tenantry.plugin.api.manifest.PluginManifest.PortalPermission;
import dev.tenantry.plugin.api.manifest.PluginManifest.Publisher;
import dev.tenantry.plugin.api.manifest.PluginManifest.RoleDeclaration;
import dev.tenantry.plugin.api.manifest.ScopeSet.Connection;
import dev.tenantry.plugin.api.manifest.ScopeSet.MicrosoftPermission;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads {@code META-INF/tenantry-plugin.json}: first against the manifest's JSON Schema, then against the rules a schema
 * cannot state (every id starts with the plugin's id; roles and pages name permissions that exist; a permission's type
 * matches its scope set's connection). Every problem is reported with its line and field, all at once.
 */
public final class PluginManifests {

    /** Where a plugin jar keeps its manifest. */
    public static final String LOCATION = "META-INF/tenantry-plugin.json";
    /** Where a plugin jar keeps its Facelets views and resources: {@code META-INF/resources/<plugin-id>/…}. */
    public static final String VIEWS = "META-INF/resources";
    /**
     * The host's portal permissions a plugin's role may hold besides the plugin's own: reading, never managing access,
     * plugins, consent or approvals, nor another plugin's permissions.
     *
     * @since 1.3.0
     */
    public static final Set<String> HOST_PERMISSIONS_FOR_ROLES = Set.of("tenants:read", "audit:read");
    /** The manifest's JSON Schema, in this artifact. */
    public static final String SCHEMA = "dev/tenantry/plugin/api/manifest/tenantry-plugin.schema.json";

    private static final JsonNodeReader READER = JsonNodeReader.builder().locationAware().build();
    private static final JsonSchema SCHEMA_DOCUMENT = loadSchema();

    private PluginManifests() {
    }

    /**
     * Reads and checks a manifest.
     *
     * @param json     the manifest's bytes (not closed)
     * @param pluginId the plugin's id from its jar manifest
     * @param source   what to call the document in messages (e.g. the jar's file name)
     */
    public static PluginManifest read(InputStream json, String pluginId, String source) throws ManifestException {
        JsonNode document;
        try {
            document = READER.readTree(json, InputFormat.JSON);
        } catch (JsonProcessingException e) {
            throw notWellFormed(source, e);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof JsonProcessingException syntax) {
                throw notWellFormed(source, syntax);
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + source, e);
        }
        if (document == null || document.isMissingNode()) {
            throw new ManifestException(source, List.of(new ManifestException.Problem(0, 0, "$", "the file is empty")));
        }
        List<ManifestException.Problem> problems = new ArrayList<>();
        for (ValidationMessage message : SCHEMA_DOCUMENT.validate(document)) {
            problems.add(problem(message.getInstanceNode(), message.getInstanceLocation().toString(),
                    message.getMessage().replaceFirst("^\\$[^:]*: ", "")));
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(source, sorted(problems));
        }
        PluginManifest manifest = map(document, pluginId);
        new Rules(document, manifest, problems).check();
        if (!problems.isEmpty()) {
            throw new ManifestException(source, sorted(problems));
        }
        return manifest;
    }

    private static ManifestException notWellFormed(String source, JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        return new ManifestException(source, List.of(new ManifestException.Problem(
                where == null ? 0 : where.getLineNr(), where == null ? 0 : where.getColumnNr(), "$",
                "not well-formed JSON: " + e.getOriginalMessage())));
    }

    private static List<ManifestException.Problem> sorted(List<ManifestException.Problem> problems) {
        return problems.stream().sorted(Comparator.comparingInt(ManifestException.Problem::line)
                .thenComparing(ManifestException.Problem::field)).toList();
    }

    static ManifestException.Problem problem(JsonNode node, String field, String message) {
        JsonLocation where = node == null ? null : JsonNodes.tokenLocationOf(node);
        return new ManifestException.Problem(where == null ? 0 : where.getLineNr(),
                where == null ? 0 : where.getColumnNr(), field, message);
    }

    private static PluginManifest map(JsonNode document, String pluginId) {
        JsonNode publisher = document.get("publisher");
        return new PluginManifest(pluginId, document.get("displayName").asText(), document.get("description").asText(),
                new Publisher(publisher.get("name").asText(), text(publisher, "url")),
                list(document, "permissions", node -> new PortalPermission(node.get("id").asText(),
                        node.get("description").asText())),
                list(document, "roles", node -> new RoleDeclaration(node.get("id").asText(), node.get("name").asText(),
                        node.get("description").asText(), strings(node, "permissions"))),
                list(document, "scopeSets", node -> new ScopeSet(node.get("id").asText(),
                        ScopeSet.Resource.of(node.get("resource").asText()), connection(node.get("connection")),
                        node.get("purpose").asText(),
                        list(node, "permissions", permission -> new MicrosoftPermission(permission.get("name").asText(),
                                connection(permission.get("type")), permission.get("adminConsentRequired").asBoolean(),
                                permission.get("justification").asText())),
                        strings(node, "features"), strings(node, "roles"), strings(node, "cmdlets"),
                        node.path("account").asText(""))),
                list(document, "pages", node -> new PageDeclaration(node.get("id").asText(), node.get("title").asText(),
                        node.get("view").asText(), node.get("permission").asText(), text(node, "feature"),
                        node.path("tenantScoped").asBoolean(false),
                        Optional.ofNullable(node.get("navigation")).map(navigation -> new Navigation(
                                navigation.get("label").asText(), navigation.path("icon").asText(""),
                                navigation.path("order").asInt(500))), node.path("public").asBoolean(false))),
                list(document, "widgets", node -> new PluginManifest.WidgetDeclaration(node.get("id").asText(),
                        node.get("title").asText(), node.get("fragment").asText(), node.get("permission").asText(),
                        node.path("order").asInt(500))),
                list(document, "accounts", node -> new PluginManifest.AccountDeclaration(node.get("id").asText(),
                        node.get("name").asText(), node.get("description").asText(),
                        node.get("permission").asText())),
                list(document, "comparisons", node -> new PluginManifest.Comparison(node.get("scopeSet").asText(),
                        node.get("source").asText(), strings(node, "permissions"))));
    }

    private static Connection connection(JsonNode node) {
        return Connection.valueOf(node.asText().toUpperCase(Locale.ROOT));
    }

    private static Optional<String> text(JsonNode node, String field) {
        return Optional.ofNullable(node.get(field)).map(JsonNode::asText);
    }

    private static List<String> strings(JsonNode node, String field) {
        return list(node, field, JsonNode::asText);
    }

    private static <T> List<T> list(JsonNode node, String field, Function<JsonNode, T> each) {
        List<T> items = new ArrayList<>();
        node.path(field).forEach(item -> items.add(each.apply(item)));
        return items;
    }

    private static JsonSchema loadSchema() {
        try (InputStream schema = PluginManifests.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (schema == null) {
                throw new IllegalStateException(SCHEMA + " is missing from plugin-api");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rules beyond the schema, each problem pointing at the node that breaks it. */
    private record Rules(JsonNode document, PluginManifest manifest, List<ManifestException.Problem> problems) {

        void check() {
            String id = manifest.pluginId();
            Set<String> permissions = new HashSet<>();
            Set<String> roles = new HashSet<>();
            each("permissions", (node, path) -> ownId(node, path, ":", "permissions", permissions));
            each("roles", (node, path) -> {
                ownId(node, path, ".", "roles", roles);
                JsonNode granted = node.get("permissions");
                for (int i = 0; i < granted.size(); i++) {
                    String at = path + ".permissions[" + i + "]";
                    ownPermission(granted.get(i), at, permissions);
                    String permission = granted.get(i).asText();
                    require(permission.startsWith(id + ":") || HOST_PERMISSIONS_FOR_ROLES.contains(permission),
                            granted.get(i), at, "a plugin's role holds only the plugin's own permissions and "
                                    + String.join(", ", new java.util.TreeSet<>(HOST_PERMISSIONS_FOR_ROLES)) + "; '"
                                    + permission + "' is not the plugin's to give");
                }
            });
            Set<String> accounts = new HashSet<>();
            each("accounts", (node, path) -> {
                ownId(node, path, ".", "accounts", accounts);
                ownPermission(node.get("permission"), path + ".permission", permissions);
            });
            Set<String> scopeSets = new HashSet<>();
            each("scopeSets", (node, path) -> {
                ownId(node, path, ".", "scope sets", scopeSets);
                String connection = node.get("connection").asText();
                if (node.has("account")) {
                    require(accounts.contains(node.get("account").asText()), node.get("account"), path + ".account",
                            "'" + node.get("account").asText() + "' is not among the accounts this manifest declares");
                    require("delegated".equals(connection), node.get("account"), path + ".account",
                            "an account signs in: only a delegated scope set is used by one");
                }
                Set<String> names = new HashSet<>();
                JsonNode granted = node.get("permissions");
                for (int i = 0; i < granted.size(); i++) {
                    JsonNode permission = granted.get(i);
                    String at = path + ".permissions[" + i + "]";
                    require(permission.get("type").asText().equals(connection), permission.get("type"), at + ".type",
                            "a " + connection + " scope set holds only " + connection + " permissions");
                    require(names.add(permission.get("name").asText()), permission.get("name"), at + ".name",
                            "'" + permission.get("name").asText() + "' is listed twice");
                }
                boolean exchange = node.get("resource").asText().equals(ScopeSet.Resource.EXCHANGE_ONLINE.key());
                require(exchange == node.has("cmdlets"), node, path + ".cmdlets", exchange
                        ? "an exchange-online scope set names the cmdlets it may run"
                        : "only an exchange-online scope set names cmdlets");
                JsonNode features = node.get("features");
                for (int i = 0; i < features.size(); i++) {
                    require(features.get(i).asText().startsWith(id + "."), features.get(i), path + ".features[" + i + "]",
                            "features are named " + id + ".<feature>");
                }
                JsonNode users = node.path("roles");
                for (int i = 0; i < users.size(); i++) {
                    String role = users.get(i).asText();
                    require(!role.contains(".") || roles.contains(role), users.get(i), path + ".roles[" + i + "]",
                            "'" + role + "' is neither a host role nor one this manifest declares");
                }
            });
            each("comparisons", (node, path) -> require(scopeSets.contains(node.get("scopeSet").asText()),
                    node.get("scopeSet"), path + ".scopeSet", "'" + node.get("scopeSet").asText()
                            + "' is not among the scope sets this manifest declares"));
            Set<String> pages = new HashSet<>();
            each("pages", (node, path) -> {
                ownId(node, path, ".", "pages", pages);
                if (node.path("public").asBoolean(false)) {
                    require(!node.path("tenantScoped").asBoolean(false) && !node.has("navigation"), node.get("public"),
                            path + ".public", "a public page is neither tenant-scoped nor in the navigation");
                }
                ownFile(node.get("view"), path + ".view");
                ownPermission(node.get("permission"), path + ".permission", permissions);
            });
            Set<String> widgets = new HashSet<>();
            each("widgets", (node, path) -> {
                ownId(node, path, ".", "widgets", widgets);
                ownFile(node.get("fragment"), path + ".fragment");
                ownPermission(node.get("permission"), path + ".permission", permissions);
            });
        }

        /** The item's id starts with the plugin's id and {@code separator}, and is declared once. */
        private void ownId(JsonNode item, String path, String separator, String what, Set<String> seen) {
            JsonNode node = item.get("id");
            String value = node.asText();
            require(value.startsWith(manifest.pluginId() + separator), node, path + ".id",
                    "a plugin's " + what + " are named " + manifest.pluginId() + separator + "<name>, not '" + value
                            + "'");
            require(seen.add(value), node, path + ".id", "'" + value + "' is declared twice");
        }

        /** A view or fragment path lies in the plugin's own folder. */
        private void ownFile(JsonNode node, String path) {
            String file = node.asText();
            require(file.startsWith("/" + manifest.pluginId() + "/") && !file.contains(".."), node, path,
                    "a plugin's views and fragments live under /" + manifest.pluginId() + "/");
        }

        private void ownPermission(JsonNode node, String path, Set<String> declared) {
            String permission = node.asText();
            require(!permission.startsWith(manifest.pluginId() + ":") || declared.contains(permission), node, path,
                    "'" + permission + "' is not among the permissions this manifest declares");
        }

        private void each(String field, java.util.function.BiConsumer<JsonNode, String> check) {
            JsonNode items = document.path(field);
            for (int i = 0; i < items.size(); i++) {
                check.accept(items.get(i), "$." + field + "[" + i + "]");
            }
        }

        private void require(boolean holds, JsonNode node, String path, String message) {
            if (!holds) {
                problems.add(problem(node, path, message));
            }
        }
    }
}
