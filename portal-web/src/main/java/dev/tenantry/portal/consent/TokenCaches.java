package dev.tenantry.portal.consent;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Map;

/**
 * MSAL's serialized token cache, merged. The cache is a JSON object of sections ({@code AccessToken},
 * {@code RefreshToken}, {@code IdToken}, {@code Account}, {@code AppMetadata}), each an object of entries keyed by
 * account, environment, client and (for access tokens) resource and scopes. Two refreshes of one connection that ran
 * at the same time each hold valid entries: the merge keeps every entry of both, and where both have one for the same
 * key, the newer one ({@code ours}, written last).
 */
final class TokenCaches {

    private TokenCaches() {
    }

    /**
     * {@code theirs} with every entry of {@code ours} added or put in place of theirs.
     *
     * @throws IllegalArgumentException when either is not a token cache (a JSON object)
     */
    static String merged(String theirs, String ours) {
        JsonObject base = parse(theirs);
        JsonObject newer = parse(ours);
        JsonObjectBuilder result = Json.createObjectBuilder(base);
        for (Map.Entry<String, JsonValue> section : newer.entrySet()) {
            JsonValue before = base.get(section.getKey());
            if (before instanceof JsonObject entries && section.getValue() instanceof JsonObject added) {
                JsonObjectBuilder merged = Json.createObjectBuilder(entries);
                added.forEach(merged::add);
                result.add(section.getKey(), merged);
            } else {
                result.add(section.getKey(), section.getValue());
            }
        }
        return result.build().toString();
    }

    private static JsonObject parse(String cache) {
        try (var reader = Json.createReader(new StringReader(cache == null ? "" : cache))) {
            return reader.readObject();
        } catch (jakarta.json.JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("Not a token cache", e);
        }
    }
}
