package dev.tenantry.plugins.teamsgovernance.catalog;

import com.microsoft.graph.models.TeamsApp;
import com.microsoft.graph.models.TeamsAppCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.serialization.ParseNode;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.SerializationWriter;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphBatch;
import dev.tenantry.plugins.teamsgovernance.TeamsIds;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a tenant offers a template, read as its integration account with the catalog scope set: the sensitivity labels
 * published to it that apply to groups (Microsoft lists labels in Graph's beta only:
 * {@code GET /beta/me/security/informationProtection/sensitivityLabels}, the labels the signed-in account may apply),
 * and the Teams apps of its catalog ({@code GET /appCatalogs/teamsApps}).
 */
public final class TenantCatalog {

    private TenantCatalog() {
    }

    /** A sensitivity label a team's group can carry. */
    public record Label(String id, String name, String description) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The labels of the tenant that apply to groups and sites, by sensitivity. */
    public static List<Label> labels(GraphAccess graph, String tenantId) throws Exception {
        return graph.call(tenantId, TeamsIds.CATALOG_SCOPES, client -> {
            String beta = client.getRequestAdapter().getBaseUrl().replaceFirst("/v1\\.0$", "/beta");
            RequestInformation request = GraphBatch.get(beta + "/me/security/informationProtection/sensitivityLabels");
            LabelPage page = client.getRequestAdapter().send(request, errors(), LabelPage::create);
            List<Label> labels = new ArrayList<>();
            for (LabelNode node : page == null ? List.<LabelNode>of() : page.value) {
                if (node.active && node.formats.contains("unifiedGroup")) {
                    labels.add(new Label(node.id, node.name, node.description));
                }
            }
            return labels;
        });
    }

    /** The apps of the tenant's Teams catalog, by name (at most the first page Microsoft gives). */
    public static List<TemplateApp> apps(GraphAccess graph, String tenantId) throws Exception {
        return graph.call(tenantId, TeamsIds.CATALOG_SCOPES, client -> {
            TeamsAppCollectionResponse page = client.appCatalogs().teamsApps().get();
            List<TemplateApp> apps = new ArrayList<>();
            for (TeamsApp app : page == null || page.getValue() == null ? List.<TeamsApp>of() : page.getValue()) {
                apps.add(new TemplateApp(app.getId(), app.getDisplayName(), app.getDistributionMethod() == null ? ""
                        : app.getDistributionMethod().getValue()));
            }
            apps.sort(java.util.Comparator.comparing(TemplateApp::name, String.CASE_INSENSITIVE_ORDER));
            return apps;
        });
    }

    /** An app of the catalog. */
    public record TemplateApp(String id, String name, String distribution) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private static HashMap<String, com.microsoft.kiota.serialization.ParsableFactory<? extends Parsable>> errors() {
        HashMap<String, com.microsoft.kiota.serialization.ParsableFactory<? extends Parsable>> errors = new HashMap<>();
        errors.put("XXX", com.microsoft.graph.models.odataerrors.ODataError::createFromDiscriminatorValue);
        return errors;
    }

    /** The beta label list, read with the few properties used (the SDK knows v1.0's models only). */
    static final class LabelPage implements Parsable {
        final List<LabelNode> value = new ArrayList<>();

        static LabelPage create(ParseNode node) {
            return new LabelPage();
        }

        @Override
        public Map<String, Consumer<ParseNode>> getFieldDeserializers() {
            return Map.of("value", node -> {
                List<LabelNode> read = node.getCollectionOfObjectValues(LabelNode::create);
                if (read != null) {
                    value.addAll(read);
                }
            });
        }

        @Override
        public void serialize(SerializationWriter writer) {
            throw new UnsupportedOperationException("read only");
        }
    }

    /** One label of the beta list. */
    static final class LabelNode implements Parsable {
        String id;
        String name;
        String description;
        boolean active;
        final List<String> formats = new ArrayList<>();

        static LabelNode create(ParseNode node) {
            return new LabelNode();
        }

        @Override
        public Map<String, Consumer<ParseNode>> getFieldDeserializers() {
            Map<String, Consumer<ParseNode>> fields = new HashMap<>();
            fields.put("id", node -> id = node.getStringValue());
            fields.put("name", node -> name = node.getStringValue());
            fields.put("description", node -> description = node.getStringValue());
            fields.put("isActive", node -> active = Boolean.TRUE.equals(node.getBooleanValue()));
            fields.put("contentFormats", node -> {
                List<String> read = node.getCollectionOfPrimitiveValues(String.class);
                if (read != null) {
                    formats.addAll(read);
                }
            });
            return fields;
        }

        @Override
        public void serialize(SerializationWriter writer) {
            throw new UnsupportedOperationException("read only");
        }
    }
}
