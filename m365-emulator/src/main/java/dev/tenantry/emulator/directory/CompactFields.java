package dev.tenantry.emulator.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.http.Json;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The properties of a directory object held in one array of name, value pairs, in insertion order: a user's JSON kept
 * in a {@code LinkedHashMap} costs about 800 bytes more than in this, which is what lets a million users of a scale
 * seed fit in a small heap. Lookups are linear, which for the twenty-odd properties of a user is as fast as hashing.
 */
final class CompactFields extends AbstractMap<String, JsonNode> {

    private Object[] slots;
    private int size;

    private CompactFields(int capacity) {
        slots = new Object[Math.max(2, capacity) * 2];
    }

    /** An object node with the same properties as {@code json} (the values themselves, not copies). */
    static ObjectNode copyOf(ObjectNode json) {
        CompactFields fields = new CompactFields(json.size());
        json.properties().forEach(property -> fields.put(property.getKey(), property.getValue()));
        return new ObjectNode(Json.MAPPER.getNodeFactory(), fields);
    }

    private int indexOf(Object name) {
        for (int i = 0; i < size; i++) {
            if (slots[2 * i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public JsonNode get(Object name) {
        int index = indexOf(name);
        return index < 0 ? null : (JsonNode) slots[2 * index + 1];
    }

    @Override
    public JsonNode put(String name, JsonNode value) {
        Objects.requireNonNull(name);
        int index = indexOf(name);
        if (index >= 0) {
            JsonNode previous = (JsonNode) slots[2 * index + 1];
            slots[2 * index + 1] = value;
            return previous;
        }
        if (2 * size == slots.length) {
            slots = Arrays.copyOf(slots, slots.length + 8);
        }
        slots[2 * size] = name;
        slots[2 * size + 1] = value;
        size++;
        return null;
    }

    @Override
    public JsonNode remove(Object name) {
        int index = indexOf(name);
        if (index < 0) {
            return null;
        }
        JsonNode previous = (JsonNode) slots[2 * index + 1];
        removeAt(index);
        return previous;
    }

    private void removeAt(int index) {
        System.arraycopy(slots, 2 * index + 2, slots, 2 * index, 2 * (size - index - 1));
        size--;
        slots[2 * size] = null;
        slots[2 * size + 1] = null;
    }

    @Override
    public void clear() {
        Arrays.fill(slots, null);
        size = 0;
    }

    @Override
    public Set<Map.Entry<String, JsonNode>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Map.Entry<String, JsonNode>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private boolean removable;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<String, JsonNode> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        removable = true;
                        return new Field(next++);
                    }

                    @Override
                    public void remove() {
                        if (!removable) {
                            throw new IllegalStateException();
                        }
                        removeAt(--next);
                        removable = false;
                    }
                };
            }
        };
    }

    /** One property, read and written through to the array while the map is not changed in between. */
    private final class Field implements Map.Entry<String, JsonNode> {
        private final int index;

        Field(int index) {
            this.index = index;
        }

        @Override
        public String getKey() {
            return (String) slots[2 * index];
        }

        @Override
        public JsonNode getValue() {
            return (JsonNode) slots[2 * index + 1];
        }

        @Override
        public JsonNode setValue(JsonNode value) {
            JsonNode previous = getValue();
            slots[2 * index + 1] = value;
            return previous;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Map.Entry<?, ?> entry && getKey().equals(entry.getKey())
                    && Objects.equals(getValue(), entry.getValue());
        }

        @Override
        public int hashCode() {
            return getKey().hashCode() ^ Objects.hashCode(getValue());
        }
    }
}
