package dev.tenantry.portal.signin;

import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.Prompt;
import dev.tenantry.portal.identity.IdentitySettings;
import dev.tenantry.portal.identity.IdentityTls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The portal as an OpenID Connect client of the MSP's Entra tenant, through MSAL4J: builds the authorization request
 * and redeems the code. The ID token comes straight from the token endpoint over TLS, so its claims are checked
 * (audience, tenant, nonce, lifetime) rather than its signature (OpenID Connect Core 3.1.3.7).
 */
@ApplicationScoped
public class EntraSignIn {

    /** Graph's User.Read beside the OpenID scopes MSAL adds: what the portal reads of a signed-in staff member. */
    static final Set<String> SCOPES = Set.of("User.Read");
    private static final int TOKEN_TIMEOUT_SECONDS = 30;

    @Inject
    IdentitySettings settings;

    @Inject
    IdentityTls tls;

    private volatile ConfidentialClientApplication client;

    /** Where to send the browser to sign in; {@code state}, {@code nonce} and the PKCE challenge bind the answer. */
    public URI authorizationRequest(SignInAttempt attempt) throws SignInException {
        return URI.create(client().getAuthorizationRequestUrl(AuthorizationRequestUrlParameters
                .builder(settings.redirectUri(), SCOPES)
                .state(attempt.state())
                .nonce(attempt.nonce())
                .codeChallenge(attempt.codeChallenge())
                .codeChallengeMethod("S256")
                .prompt(Prompt.SELECT_ACCOUNT)
                .build()).toString());
    }

    /** Redeems the authorization code and checks the ID token belongs to this attempt. */
    public SignedInStaff redeem(String code, SignInAttempt attempt) throws SignInException {
        IAuthenticationResult result;
        try {
            result = client().acquireToken(AuthorizationCodeParameters.builder(code, URI.create(settings.redirectUri()))
                    .scopes(SCOPES).codeVerifier(attempt.codeVerifier()).build())
                    .get(TOKEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            String detail = e.getCause() instanceof MsalException msal ? msal.errorCode() : e.getCause().getClass().getSimpleName();
            throw new SignInException("provider", "The identity provider refused the sign-in (" + detail + ")", e.getCause());
        } catch (TimeoutException e) {
            throw new SignInException("provider", "The identity provider did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInException("provider", "The sign-in was interrupted", e);
        }
        JsonObject claims = claims(result.idToken());
        if (!settings.clientId().equals(claims.getString("aud", ""))) {
            throw new SignInException("token", "The ID token was issued for another application");
        }
        if (!attempt.nonce().equals(claims.getString("nonce", ""))) {
            throw new SignInException("nonce", "The ID token does not answer this sign-in (nonce mismatch)");
        }
        String tenantId = claims.getString("tid", "");
        if (!claims.getString("iss", "").endsWith("/" + tenantId + "/v2.0")) {
            throw new SignInException("token", "The ID token's issuer does not match its tenant");
        }
        if (claims.getJsonNumber("exp") == null || Instant.ofEpochSecond(claims.getJsonNumber("exp").longValue())
                .isBefore(Instant.now())) {
            throw new SignInException("token", "The ID token has expired");
        }
        List<String> groups = claims.containsKey("groups") && claims.get("groups") instanceof JsonArray array
                ? array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList() : List.of();
        boolean overage = claims.get("_claim_names") instanceof JsonObject names && names.containsKey("groups");
        return new SignedInStaff(claims.getString("oid", ""), tenantId, claims.getString("preferred_username", ""),
                claims.getString("name", ""), groups, overage);
    }

    /** The identity provider's sign-out, returning to {@code afterSignOut}. */
    public URI endSession(String afterSignOut) {
        return URI.create(settings.authority() + "oauth2/v2.0/logout?post_logout_redirect_uri="
                + URLEncoder.encode(afterSignOut, StandardCharsets.UTF_8));
    }

    private ConfidentialClientApplication client() throws SignInException {
        ConfidentialClientApplication current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = build();
                }
                current = client;
            }
        }
        return current;
    }

    private ConfidentialClientApplication build() throws SignInException {
        try {
            ConfidentialClientApplication.Builder builder = ConfidentialClientApplication
                    .builder(settings.clientId(), ClientCredentialFactory.createFromSecret(settings.clientSecret()))
                    .authority(settings.authority());
            tls.context().ifPresent(context -> builder.sslSocketFactory(context.getSocketFactory()));
            return builder.build();
        } catch (IllegalStateException e) {
            throw new SignInException("configuration", e.getMessage(), e);
        } catch (MalformedURLException e) {
            throw new SignInException("configuration", "tenantry.identity.authority-base is not a URL: "
                    + settings.authorityBase(), e);
        }
    }

    static JsonObject claims(String jwt) throws SignInException {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.");
        if (parts.length < 2) {
            throw new SignInException("token", "The identity provider returned no usable ID token");
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        try (JsonReader reader = Json.createReader(new StringReader(payload))) {
            return reader.readObject();
        }
    }
}
