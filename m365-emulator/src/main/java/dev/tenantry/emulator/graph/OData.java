package dev.tenantry.emulator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Exchanges;
import dev.tenantry.emulator.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Graph's OData answers, shared by the areas: collections with {@code $filter}, {@code $search}, {@code $count},
 * {@code $top} and paging, entities with {@code $select}, page and delta tokens, and the request body and seeded
 * collections they are made from.
 */
final class OData {

    static final int DEFAULT_PAGE = 100;
    private static final Paging DIRECTORY = new Paging(DEFAULT_PAGE, 999);

    /**
     * How Microsoft pages a collection: its page without {@code $top}, and the largest {@code $top} it accepts. Graph's
     * directory collections take 1 to 999 (100 by default); Identity Protection's take at most 500 and give 20 by
     * default ("List riskDetections": "The default page size is 20 objects while the maximum with $top is 500"; risky
     * users are served the same way). A client that asks for more gets Graph's 400, so code tuned against the emulator
     * asks for what Microsoft allows.
     */
    record Paging(int defaultSize, int maxSize) {
    }

    private static final Map<String, Paging> PAGING = Map.of(
            "identityProtection/riskDetections", new Paging(20, 500),
            "identityProtection/riskyUsers", new Paging(20, 500));

    /** How Microsoft pages the collection of {@code entitySet} (its {@code @odata.context} name). */
    static Paging paging(String entitySet) {
        return PAGING.getOrDefault(entitySet, DIRECTORY);
    }

    private final Supplier<String> graphBase;

    OData(Supplier<String> graphBase) {
        this.graphBase = graphBase;
    }

    Response collection(Call call, String entitySet, List<ObjectNode> items, Set<String> filterable,
            Set<String> defaultProperties) {
        List<ObjectNode> result = items;
        String filter = call.query("$filter");
        if (filter != null) {
            Predicate<JsonNode> predicate;
            try {
                predicate = Filter.parse(filter, filterable);
            } catch (Filter.Invalid invalid) {
                throw new GraphError(400, invalid.unsupportedProperty ? "Request_UnsupportedQuery" : "BadRequest",
                        invalid.getMessage());
            }
            result = result.stream().filter(predicate).toList();
        }
        boolean eventual = "eventual".equalsIgnoreCase(call.header("ConsistencyLevel"));
        String search = call.query("$search");
        if (search != null) {
            if (!eventual) {
                throw new GraphError(400, "Request_UnsupportedQuery", "Request with $search query parameter only works "
                        + "through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
            }
            result = result.stream().filter(searchPredicate(search)).toList();
        }
        boolean count = "true".equalsIgnoreCase(call.query("$count"));
        if (count && !eventual) {
            throw new GraphError(400, "Request_BadRequest", "$count is not currently supported without the "
                    + "'ConsistencyLevel: eventual' header.");
        }
        int top = top(call.query("$top"), paging(entitySet));
        int offset = call.query("$skiptoken") == null ? 0 : (int) decodeToken(call.query("$skiptoken"), "offset:");
        ObjectNode answer = Json.object().put("@odata.context", graphBase.get() + "/$metadata#" + entitySet);
        if (count) {
            answer.put("@odata.count", result.size());
        }
        int end = Math.min(result.size(), offset + top);
        if (end < result.size()) {
            answer.put("@odata.nextLink", link(call, Map.of("$skiptoken", token("offset:" + end))));
        }
        ArrayNode value = answer.putArray("value");
        for (ObjectNode item : result.subList(Math.min(offset, result.size()), end)) {
            value.add(select(item, call.query("$select"), defaultProperties));
        }
        return Response.json(200, answer);
    }

    Response single(Call call, String context, ObjectNode item, Set<String> defaultProperties) {
        ObjectNode answer = Json.object().put("@odata.context", graphBase.get() + "/$metadata#" + context);
        answer.setAll(select(item, call.query("$select"), defaultProperties));
        return Response.json(200, answer);
    }

    /** {@code $select}, or the entity's default properties; Graph answers {@code null} for selected but unset ones. */
    static ObjectNode select(ObjectNode item, String selection, Set<String> defaultProperties) {
        Collection<String> properties = selection != null && !selection.isBlank()
                ? new LinkedHashSet<>(List.of(selection.split("\\s*,\\s*")))
                : defaultProperties;
        if (properties == null) {
            return item.deepCopy();
        }
        ObjectNode selected = Json.object();
        for (String name : properties) {
            // Graph's property names are case-insensitive: as written first (the usual case), else by any case
            String actual = item.has(name.trim()) ? name.trim() : fieldNames(item).stream()
                    .filter(field -> field.equalsIgnoreCase(name.trim())).findFirst().orElse(null);
            if (actual == null) {
                selected.putNull(name.trim());
            } else {
                selected.set(actual, item.get(actual).deepCopy());
            }
        }
        return selected;
    }

    private static int top(String top, Paging paging) {
        if (top == null) {
            return paging.defaultSize();
        }
        try {
            int value = Integer.parseInt(top);
            if (value >= 1 && value <= paging.maxSize()) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below, as Graph does
        }
        throw new GraphError(400, "Request_UnsupportedQuery", "Invalid page size specified: '" + top
                + "'. Must be between 1 and " + paging.maxSize() + " inclusive.");
    }

    static String token(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    static long decodeToken(String token, String prefix) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(prefix)) {
                return Long.parseLong(decoded.substring(prefix.length()));
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new GraphError(400, "Directory_ExpiredPageToken", "The specified page token value has expired and can no "
                + "longer be included in your request.");
    }

    /** The request's own URL with {@code replaced} query options swapped in, for next and delta links. */
    String link(Call call, Map<String, String> replaced) {
        Map<String, String> query = new LinkedHashMap<>(call.query);
        query.remove("$skiptoken");
        query.putAll(replaced);
        return graphBase.get() + call.path + "?" + encodeQuery(query);
    }

    static String encodeQuery(Map<String, String> query) {
        StringBuilder text = new StringBuilder();
        query.forEach((name, value) -> text.append(text.length() == 0 ? "" : "&").append(name).append('=')
                .append(Exchanges.encode(value)));
        return text.toString();
    }

    private static Predicate<JsonNode> searchPredicate(String search) {
        String trimmed = search.trim();
        if (!trimmed.startsWith("\"") || !trimmed.endsWith("\"") || !trimmed.contains(":")) {
            throw new GraphError(400, "Request_UnsupportedQuery", "Syntax error: invalid $search clause '" + search
                    + "'.");
        }
        String clause = trimmed.substring(1, trimmed.length() - 1);
        String property = clause.substring(0, clause.indexOf(':'));
        String term = clause.substring(clause.indexOf(':') + 1).toLowerCase(Locale.ROOT);
        return node -> {
            String value = node.path(property).asText("").toLowerCase(Locale.ROOT);
            return value.startsWith(term)
                    || List.of(value.split("[\\s._@-]+")).stream().anyMatch(word -> word.startsWith(term));
        };
    }

    /** Copies of the items of a seeded collection of the tenant ({@code collections} in the seed); none if absent. */
    static List<ObjectNode> items(Tenant tenant, String path) {
        return tenant.collection(path).map(collection -> {
            List<ObjectNode> list = new ArrayList<>();
            collection.path("value").forEach(node -> list.add((ObjectNode) node.deepCopy()));
            return list;
        }).orElse(List.of());
    }

    /**
     * {@code sources} seen as their entities, each made when it is read: a collection answers a page of them, so
     * without {@code $filter} or {@code $search} only that page's entities are made (a page of 999 users of a tenant
     * of thousands makes 999, not all of them).
     */
    static <S> List<ObjectNode> lazily(List<S> sources, java.util.function.Function<S, ObjectNode> entity) {
        return new java.util.AbstractList<>() {
            @Override
            public ObjectNode get(int index) {
                return entity.apply(sources.get(index));
            }

            @Override
            public int size() {
                return sources.size();
            }
        };
    }

    static List<ObjectNode> copies(List<ObjectNode> nodes) {
        return nodes.stream().map(node -> node.deepCopy()).toList();
    }

    static Set<String> withDeletedDate(Set<String> properties) {
        Set<String> extended = new LinkedHashSet<>(properties);
        extended.add("deletedDateTime");
        return extended;
    }

    static Set<String> withType(Set<String> properties) {
        Set<String> extended = new LinkedHashSet<>(List.of("@odata.type"));
        extended.addAll(properties);
        return extended;
    }

    /** The request's JSON object body ({@code {}} when empty), else Graph's 400. */
    static JsonNode body(Call call) {
        try {
            JsonNode node = Json.parse(call.body == null || call.body.isBlank() ? "{}" : call.body);
            if (!node.isObject()) {
                throw GraphError.badRequest("The request body must be a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw new GraphError(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type "
                    + "header is set and payload is of valid JSON format.");
        }
    }

    static boolean containsIgnoreCase(Collection<String> values, String wanted) {
        return values.stream().anyMatch(value -> value.equalsIgnoreCase(wanted));
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
