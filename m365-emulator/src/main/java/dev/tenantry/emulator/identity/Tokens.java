package dev.tenantry.emulator.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tenantry.emulator.directory.Application;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Mints and checks tokens as the Microsoft identity platform does for Microsoft Graph: access tokens in the v1.0
 * format Graph accepts ({@code iss https://sts.windows.net/{tid}/}, {@code aud https://graph.microsoft.com},
 * {@code scp} or {@code roles}), v2.0 ID tokens with {@code nonce}, all RS256 with a {@code kid}.
 */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SigningKeys keys;
    private final Clock clock;
    private volatile Duration accessTokenLifetime = Duration.ofMinutes(60);

    public Tokens(SigningKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    public Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    public void accessTokenLifetime(Duration lifetime) {
        accessTokenLifetime = lifetime;
    }

    /**
     * A delegated access token: {@code scp} holds every scope the user has consented to for the resource, {@code amr}
     * how the user signed in ({@code pwd}, and {@code mfa} after a second factor).
     */
    public String delegatedAccessToken(String audience, Tenant tenant, Application client, DirectoryUser user,
            Collection<String> scopes, List<String> methods) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = common(audience, tenant, client, now)
                .subject(pairwiseSubject(user.id(), client.appId()))
                .claim("oid", user.id())
                .claim("idtyp", "user")
                .claim("scp", String.join(" ", scopes))
                .claim("upn", user.userPrincipalName())
                .claim("unique_name", user.userPrincipalName())
                .claim("name", user.displayName())
                .claim("given_name", user.json().path("givenName").asText(null))
                .claim("family_name", user.json().path("surname").asText(null))
                .claim("amr", List.copyOf(methods));
        List<String> wids = user.directoryRoles().stream().map(DirectoryRoles::templateId).flatMap(Optional::stream)
                .toList();
        if (!wids.isEmpty()) {
            claims.claim("wids", wids);
        }
        return sign(claims.build());
    }

    /** An app-only access token: {@code roles} holds the application permissions granted, absent when none are. */
    public String applicationAccessToken(String audience, Tenant tenant, Application client, String servicePrincipalId,
            Collection<String> roles) {
        JWTClaimsSet.Builder claims = common(audience, tenant, client, clock.instant())
                .subject(servicePrincipalId)
                .claim("oid", servicePrincipalId)
                .claim("idtyp", "app");
        if (!roles.isEmpty()) {
            claims.claim("roles", List.copyOf(roles));
        }
        return sign(claims.build());
    }

    /**
     * How many group ids a JWT carries before Entra leaves them out and points at Graph instead ("groups overage"):
     * 200, as Microsoft documents for JWTs.
     */
    public static final int GROUPS_IN_TOKEN_LIMIT = 200;

    /**
     * A v2.0 ID token for the client; {@code groups} (object ids) when the registration asks for group claims, or, past
     * {@link #GROUPS_IN_TOKEN_LIMIT}, Entra's overage indication ({@code _claim_names} / {@code _claim_sources}) that
     * tells the client to read the memberships from Graph.
     */
    public String idToken(String issuer, Tenant tenant, Application client, DirectoryUser user, String nonce,
            Instant authTime, List<String> groups) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .audience(client.appId())
                .issuer(issuer)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .subject(pairwiseSubject(user.id(), client.appId()))
                .claim("oid", user.id())
                .claim("tid", tenant.id())
                .claim("name", user.displayName())
                .claim("preferred_username", user.userPrincipalName())
                .claim("email", user.json().path("mail").asText(null))
                .claim("auth_time", authTime.getEpochSecond())
                .claim("ver", "2.0");
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        if (groups != null && groups.size() > GROUPS_IN_TOKEN_LIMIT) {
            claims.claim("_claim_names", Map.of("groups", "src1"));
            claims.claim("_claim_sources", Map.of("src1", Map.of("endpoint",
                    "https://graph.windows.net/" + tenant.id() + "/users/" + user.id() + "/getMemberObjects")));
        } else if (groups != null) {
            claims.claim("groups", groups);
        }
        return sign(claims.build());
    }

    /** The {@code client_info} MSAL reads the account's home id from: base64url {@code {"uid","utid"}}. */
    public static String clientInfo(DirectoryUser user, Tenant tenant) {
        String json = "{\"uid\":\"" + user.id() + "\",\"utid\":\"" + tenant.id() + "\"}";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** An opaque, unguessable value for codes and refresh tokens. */
    public static String opaque(String prefix) {
        byte[] bytes = new byte[48];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Why a presented token is not acceptable, or the verified claims. */
    public sealed interface Verification permits Verification.Valid, Verification.Invalid {
        record Valid(JWTClaimsSet claims) implements Verification {
        }

        record Invalid(String reason) implements Verification {
        }
    }

    /** Checks signature, lifetime and audience as a resource server does. */
    public Verification verify(String token, Collection<String> acceptedAudiences) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return new Verification.Invalid("IDX14100: JWT is not well formed.");
        }
        Optional<RSAKey> key = keys.byKeyId(String.valueOf(jwt.getHeader().getKeyID()));
        try {
            if (key.isEmpty() || !jwt.verify(new RSASSAVerifier(key.get().toRSAPublicKey()))) {
                return new Verification.Invalid("Access token validation failure. Invalid signature.");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            if (claims.getExpirationTime() == null || !now.isBefore(claims.getExpirationTime().toInstant())) {
                return new Verification.Invalid("Lifetime validation failed, the token is expired.");
            }
            if (claims.getNotBeforeTime() != null && now.plusSeconds(300).isBefore(claims.getNotBeforeTime().toInstant())) {
                return new Verification.Invalid("Lifetime validation failed, the token is not yet valid.");
            }
            if (claims.getAudience().stream().noneMatch(acceptedAudiences::contains)) {
                return new Verification.Invalid("Access token validation failure. Invalid audience.");
            }
            return new Verification.Valid(claims);
        } catch (JOSEException | ParseException e) {
            return new Verification.Invalid("Access token validation failure.");
        }
    }

    private JWTClaimsSet.Builder common(String audience, Tenant tenant, Application client, Instant now) {
        return new JWTClaimsSet.Builder()
                .audience(audience)
                .issuer("https://sts.windows.net/" + tenant.id() + "/")
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(accessTokenLifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim("tid", tenant.id())
                .claim("appid", client.appId())
                .claim("app_displayname", client.displayName())
                .claim("appidacr", "1")
                .claim("idp", "https://sts.windows.net/" + tenant.id() + "/")
                .claim("ver", "1.0");
    }

    private String sign(JWTClaimsSet claims) {
        RSAKey key = keys.current();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }

    /** Microsoft's {@code sub} is pairwise: stable per user and application, different across applications. */
    private static String pairwiseSubject(String userId, String appId) {
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((userId + "|" + appId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 43);
    }
}
