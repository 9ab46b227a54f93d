package dev.tenantry.emulator.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tenantry.emulator.directory.Application;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;

/**
 * Certificate credentials: a client assertion (RFC 7523 JWT, RS256 or PS256) signed with the key of one of the
 * application's registered certificates, named in its header by thumbprint ({@code x5t}, SHA-1, or
 * {@code x5t#S256}); issuer and subject the client id, audience the token endpoint, within its lifetime (at most ten
 * minutes, with five minutes of clock skew), as Entra checks them. Failures use Entra's AADSTS codes.
 */
final class ClientAssertions {

    static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256);

    private ClientAssertions() {
    }

    static void verify(String assertion, Application client, String tokenEndpoint, Instant now) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new OAuthError(401, "invalid_client", 50027, "Invalid JWT token. The token is not in a valid format.");
        }
        if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
            throw new OAuthError(401, "invalid_client", 5002738, "Invalid JWT token. '"
                    + jwt.getHeader().getAlgorithm() + "' is not a supported signature algorithm.");
        }
        if (!client.appId().equals(claims.getIssuer()) || !client.appId().equals(claims.getSubject())) {
            throw new OAuthError(401, "invalid_client", 700021, "Client assertion application identifier doesn't "
                    + "match 'client_id' parameter.");
        }
        if (claims.getAudience() == null || claims.getAudience().stream().noneMatch(audience ->
                audience.replaceAll("/+$", "").equalsIgnoreCase(tokenEndpoint))) {
            throw new OAuthError(401, "invalid_client", 700212, "No matching federated identity record found for "
                    + "presented assertion audience '" + claims.getAudience() + "'.");
        }
        Date expires = claims.getExpirationTime();
        Date notBefore = claims.getNotBeforeTime();
        if (expires == null || now.isAfter(expires.toInstant().plus(SKEW))
                || (notBefore != null && now.plus(SKEW).isBefore(notBefore.toInstant()))) {
            throw new OAuthError(401, "invalid_client", 700024, "Client assertion is not within its valid time "
                    + "range.");
        }
        X509Certificate certificate = client.certificates().stream().map(ClientAssertions::certificate)
                .filter(candidate -> matches(jwt, candidate)).findFirst().orElseThrow(() -> new OAuthError(401,
                        "invalid_client", 700027, "The certificate with identifier used to sign the client "
                                + "assertion is not registered on application '" + client.appId() + "'."));
        try {
            if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) certificate.getPublicKey()))) {
                throw new OAuthError(401, "invalid_client", 700027, "Client assertion failed signature validation.");
            }
        } catch (JOSEException | ClassCastException e) {
            throw new OAuthError(401, "invalid_client", 700027, "Client assertion failed signature validation.");
        }
    }

    /**
     * Whether the assertion's header names the certificate. Entra reads the thumbprints in either base64 alphabet
     * (MSAL4J writes {@code x5t#S256} in standard base64, with padding).
     */
    private static boolean matches(SignedJWT jwt, X509Certificate certificate) {
        java.util.Map<String, Object> header = jwt.getHeader().toJSONObject();
        byte[] sha1 = thumbprint(header.get("x5t"));
        byte[] sha256 = thumbprint(header.get("x5t#S256"));
        return (sha1 != null && MessageDigest.isEqual(sha1, digest("SHA-1", certificate)))
                || (sha256 != null && MessageDigest.isEqual(sha256, digest("SHA-256", certificate)));
    }

    private static byte[] thumbprint(Object value) {
        if (!(value instanceof String text)) {
            return null;
        }
        try {
            return Base64.getUrlDecoder().decode(text.replace('+', '-').replace('/', '_').replace("=", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] digest(String algorithm, X509Certificate certificate) {
        try {
            return MessageDigest.getInstance(algorithm).digest(certificate.getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String base64) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64)));
        } catch (CertificateException e) {
            throw new IllegalStateException("A registered certificate is not X.509", e);
        }
    }
}
