package dev.tenantry.plugins.usermanagement.directory;

import com.microsoft.graph.models.BaseCollectionPaginationCountResponse;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import com.microsoft.kiota.serialization.ParseNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A page of a collection read into a model of its {@code $select} projection ({@link SyncedUser},
 * {@link SyncedRegistration}): its items, its next link and, on the last page of a delta read, the delta link the next
 * sync follows.
 *
 * @param <T> the projection
 */
public final class ProjectionPage<T extends Parsable> extends BaseCollectionPaginationCountResponse {

    private final ParsableFactory<T> items;
    private List<T> value;
    private String deltaLink;

    private ProjectionPage(ParsableFactory<T> items) {
        this.items = items;
    }

    /** The factory of pages of {@code items}, for {@code GraphBatch.pages} and the SDK's request adapter. */
    public static <T extends Parsable> ParsableFactory<ProjectionPage<T>> of(ParsableFactory<T> items) {
        Objects.requireNonNull(items, "items");
        return node -> new ProjectionPage<>(items);
    }

    @Override
    public Map<String, Consumer<ParseNode>> getFieldDeserializers() {
        Map<String, Consumer<ParseNode>> fields = new HashMap<>(super.getFieldDeserializers());
        fields.put("value", node -> value = node.getCollectionOfObjectValues(items));
        fields.put("@odata.deltaLink", node -> deltaLink = node.getStringValue());
        return fields;
    }

    public List<T> getValue() {
        return value;
    }

    /** {@code @odata.deltaLink}: on the last page of a delta read, the link the next sync follows; else null. */
    public String getOdataDeltaLink() {
        return deltaLink;
    }
}
