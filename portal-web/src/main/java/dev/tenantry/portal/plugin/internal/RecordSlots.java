package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.RecordKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which column of {@code plugin_record} holds each indexed field of a plugin's kind of record ({@link RecordKind}):
 * text fields in t1…t6, numbers in n1…n4, times in d1…d3. A field keeps its column for good (kept in
 * {@code plugin_record_field}), so a later version of the plugin may declare its fields in another order or add some;
 * a field declared with another type than before is refused, since the records written before hold the old one. Worked
 * out once per kind and server, then known from memory.
 */
@ApplicationScoped
public class RecordSlots {

    private static final Map<RecordKind.Type, String> PREFIX = Map.of(RecordKind.Type.TEXT, "t",
            RecordKind.Type.NUMBER, "n", RecordKind.Type.TIME, "d");
    private static final Map<RecordKind.Type, Integer> COUNT = Map.of(RecordKind.Type.TEXT, RecordKind.MAX_TEXT,
            RecordKind.Type.NUMBER, RecordKind.MAX_NUMBER, RecordKind.Type.TIME, RecordKind.MAX_TIME);

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    /** This bean through its proxy, so that {@link #assign} runs in a transaction of its own. */
    @jakarta.inject.Inject
    RecordSlots self;

    private final Map<String, Map<String, String>> known = new ConcurrentHashMap<>();

    /**
     * Field name → column, for a plugin's kind as it declares it now.
     *
     * @throws IllegalArgumentException when a field was kept with another type, or a type's columns are used up
     */
    public Map<String, String> of(String pluginId, RecordKind kind) {
        if (kind.fields().isEmpty()) {
            return Map.of();
        }
        return known.computeIfAbsent(pluginId + "|" + kind, any -> {
            try {
                return self.assign(pluginId, kind);
            } catch (RuntimeException e) {
                if (e instanceof IllegalArgumentException) {
                    throw e;
                }
                // Another server gave a new field its column at the same moment: read what it gave
                return self.assign(pluginId, kind);
            }
        });
    }

    /** Reads the columns the kind's fields hold, and gives each new field the first free column of its type. */
    @Transactional(TxType.REQUIRES_NEW)
    public Map<String, String> assign(String pluginId, RecordKind kind) {
        List<RecordFieldEntity> kept = entityManager.createQuery("select f from RecordFieldEntity f where "
                + "f.pluginId = :plugin and f.kind = :kind", RecordFieldEntity.class).setParameter("plugin", pluginId)
                .setParameter("kind", kind.name()).getResultList();
        Map<String, RecordFieldEntity> byName = new HashMap<>();
        Set<String> used = new HashSet<>();
        for (RecordFieldEntity field : kept) {
            byName.put(field.field, field);
            used.add(field.slot);
        }
        Map<String, String> slots = new HashMap<>();
        for (RecordKind.Field field : kind.fields()) {
            RecordFieldEntity before = byName.get(field.name());
            if (before != null) {
                if (!before.type.equals(field.type().name())) {
                    throw new IllegalArgumentException("The field " + field.name() + " of " + kind.name() + " holds "
                            + before.type.toLowerCase(Locale.ROOT) + " in the records written so far; it cannot become "
                            + field.type().name().toLowerCase(Locale.ROOT) + " (add a field of another name)");
                }
                slots.put(field.name(), before.slot);
                continue;
            }
            String slot = null;
            for (int i = 1; i <= COUNT.get(field.type()) && slot == null; i++) {
                String candidate = PREFIX.get(field.type()) + i;
                if (!used.contains(candidate)) {
                    slot = candidate;
                }
            }
            if (slot == null) {
                throw new IllegalArgumentException("The kind " + kind.name() + " has used all its "
                        + field.type().name().toLowerCase(Locale.ROOT) + " fields (fields once written keep theirs)");
            }
            used.add(slot);
            entityManager.persist(new RecordFieldEntity(pluginId, kind.name(), field.name(), field.type().name(), slot));
            slots.put(field.name(), slot);
        }
        entityManager.flush();
        return Map.copyOf(slots);
    }
}
