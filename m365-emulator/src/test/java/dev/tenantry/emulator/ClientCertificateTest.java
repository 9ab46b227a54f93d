package dev.tenantry.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tenantry.emulator.directory.Application;
import dev.tenantry.emulator.directory.Tenant;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Certificate credentials: MSAL4J's client assertion is accepted for a registered certificate, and only then. */
class ClientCertificateTest {

    static final String CLIENT_ID = "7c2f9a61-3d84-4e05-a6b7-1e9d0c5f4a38";

    static M365Emulator emulator;
    Tenant contoso;
    KeyPair registeredKey;
    X509Certificate registered;

    @BeforeAll
    static void start() {
        emulator = M365Emulator.builder().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() throws Exception {
        emulator.reset();
        registeredKey = keyPair();
        registered = certificate(registeredKey);
        emulator.register(new Application(CLIENT_ID, "Tenantry certificate tests",
                emulator.tenant("northwind-msp.example").id(), List.of(), List.of("http://localhost:8080/auth/callback"),
                Map.of(), List.of(Base64.getEncoder().encodeToString(registered.getEncoded()))));
        contoso = emulator.tenant("contoso.example");
        emulator.directory().ensureServicePrincipal(contoso, emulator.directory().application(CLIENT_ID).orElseThrow());
    }

    @Test
    void msalsClientAssertionWithTheRegisteredCertificateGetsAnAppToken() throws Exception {
        String token = token(ClientCredentialFactory.createFromCertificate(registeredKey.getPrivate(), registered));
        assertFalse(token.isBlank());
        assertTrue(emulator.requestLog().matching(entry -> entry.path().endsWith("/oauth2/v2.0/token")
                && entry.status() == 200).size() >= 1);
    }

    @Test
    void anotherCertificateOrAForgedAssertionIsRefused() throws Exception {
        KeyPair other = keyPair();
        ExecutionException unknown = assertThrows(ExecutionException.class,
                () -> token(ClientCredentialFactory.createFromCertificate(other.getPrivate(), certificate(other))));
        assertTrue(unknown.getCause().getMessage().contains("AADSTS700027"), unknown.getCause().getMessage());

        // The registered certificate's thumbprint over another key's signature
        ExecutionException forged = assertThrows(ExecutionException.class, () -> token(ClientCredentialFactory
                .createFromClientAssertion(assertion(other, registered, tokenEndpoint(), Instant.now()))));
        assertTrue(forged.getCause().getMessage().contains("AADSTS700027"), forged.getCause().getMessage());

        ExecutionException audience = assertThrows(ExecutionException.class, () -> token(ClientCredentialFactory
                .createFromClientAssertion(assertion(registeredKey, registered, "https://elsewhere.example/token",
                        Instant.now()))));
        assertTrue(audience.getCause().getMessage().contains("AADSTS700212"), audience.getCause().getMessage());

        ExecutionException expired = assertThrows(ExecutionException.class, () -> token(ClientCredentialFactory
                .createFromClientAssertion(assertion(registeredKey, registered, tokenEndpoint(),
                        Instant.now().minus(Duration.ofHours(1))))));
        assertTrue(expired.getCause() instanceof MsalServiceException);
        assertTrue(expired.getCause().getMessage().contains("AADSTS700024"), expired.getCause().getMessage());

        assertTrue(token(ClientCredentialFactory.createFromClientAssertion(assertion(registeredKey, registered,
                tokenEndpoint(), Instant.now()))).length() > 0, "a hand-made assertion that is right is accepted");
    }

    private String tokenEndpoint() {
        return emulator.identityBaseUrl() + "/" + contoso.id() + "/oauth2/v2.0/token";
    }

    private String token(IClientCredential credential) throws Exception {
        return ConfidentialClientApplication.builder(CLIENT_ID, credential)
                .authority(emulator.identityBaseUrl() + "/" + contoso.id() + "/")
                .sslSocketFactory(emulator.tls().clientContext().getSocketFactory()).build()
                .acquireToken(ClientCredentialParameters.builder(Set.of("https://graph.microsoft.com/.default"))
                        .build()).get().accessToken();
    }

    private static String assertion(KeyPair key, X509Certificate named, String audience, Instant issued)
            throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .x509CertThumbprint(Base64URL.encode(MessageDigest.getInstance("SHA-1").digest(named.getEncoded())))
                .build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(CLIENT_ID).subject(CLIENT_ID).audience(audience)
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(issued)).notBeforeTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(Duration.ofMinutes(10)))).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new RSASSASigner(key.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(KeyPair pair) throws Exception {
        X500Name subject = new X500Name("CN=Tenantry client certificate test");
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(30))), subject, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    }
}
