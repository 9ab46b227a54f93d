package dev.tenantry.portal.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a tenant's id the way one does against Microsoft: from the issuer of the tenant's OpenID discovery document,
 * which answers for the tenant id and for every verified domain.
 */
@ApplicationScoped
public class TenantDiscovery {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final Pattern ISSUER = Pattern.compile(".*/([0-9a-fA-F-]{36})/v2\\.0$");

    @Inject
    IdentitySettings settings;

    @Inject
    IdentityTls tls;

    /**
     * The tenant id for a verified domain or tenant id; empty when no tenant answers for it.
     *
     * @throws IllegalArgumentException when the text is neither a domain nor a tenant id
     * @throws IOException              when the identity provider cannot be asked
     */
    public Optional<String> tenantIdOf(String domainOrId) throws IOException {
        String name = domainOrId == null ? "" : domainOrId.strip();
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("'" + domainOrId + "' is neither a domain nor a tenant id");
        }
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        tls.context().ifPresent(client::sslContext);
        HttpResponse<String> response;
        try {
            response = client.build().send(HttpRequest.newBuilder(URI.create(settings.authorityBase() + "/" + name
                    + "/v2.0/.well-known/openid-configuration")).timeout(Duration.ofSeconds(15)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while asking the identity provider", e);
        }
        if (response.statusCode() == 400 || response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("The identity provider answered " + response.statusCode() + " for " + name);
        }
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            Matcher issuer = ISSUER.matcher(reader.readObject().getString("issuer", ""));
            return issuer.matches() ? Optional.of(issuer.group(1).toLowerCase()) : Optional.empty();
        } catch (JsonException | ClassCastException e) {
            throw new IOException("The identity provider's discovery document for " + name + " is not usable", e);
        }
    }
}
