package dev.tenantry.portal.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where and as whom staff sign in; every value is MicroProfile Config ({@code tenantry.identity.*}). */
@ApplicationScoped
public class IdentitySettings {

    @Inject
    @ConfigProperty(name = "tenantry.identity.authority-base")
    String authorityBase;

    @Inject
    @ConfigProperty(name = "tenantry.identity.msp-tenant")
    String mspTenant;

    @Inject
    @ConfigProperty(name = "tenantry.identity.client-id")
    String clientId;

    @Inject
    @ConfigProperty(name = "tenantry.identity.client-secret")
    String clientSecret;

    @Inject
    @ConfigProperty(name = "tenantry.identity.client-certificate")
    Optional<String> clientCertificate;

    @Inject
    @ConfigProperty(name = "tenantry.identity.client-certificate-password")
    Optional<String> clientCertificatePassword;

    @Inject
    @ConfigProperty(name = "tenantry.identity.redirect-uri")
    String redirectUri;

    @Inject
    @ConfigProperty(name = "tenantry.identity.truststore")
    Optional<String> truststore;

    @Inject
    @ConfigProperty(name = "tenantry.identity.truststore-password")
    Optional<String> truststorePassword;

    @Inject
    @ConfigProperty(name = "tenantry.bootstrap.owners")
    Optional<List<String>> bootstrapOwners;

    /** The MSP tenant's authority, as MSAL4J takes it: {@code <base>/<tenant>/}. */
    public String authority() {
        return authorityBase.replaceAll("/+$", "") + "/" + mspTenant + "/";
    }

    public String authorityBase() {
        return authorityBase.replaceAll("/+$", "");
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /**
     * Tenantry's credential as its app registration, for MSAL: the certificate of
     * {@code tenantry.identity.client-certificate} (a PKCS#12 file holding its private key) when one is configured —
     * what Microsoft recommends over secrets — else the client secret. Neither leaves the credential.
     */
    public com.microsoft.aad.msal4j.IClientCredential clientCredential() {
        Optional<String> certificate = clientCertificate.filter(path -> !path.isBlank());
        if (certificate.isEmpty()) {
            return com.microsoft.aad.msal4j.ClientCredentialFactory.createFromSecret(clientSecret);
        }
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(certificate.get()))) {
            return com.microsoft.aad.msal4j.ClientCredentialFactory.createFromCertificate(in,
                    clientCertificatePassword.orElse(""));
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("tenantry.identity.client-certificate cannot be read as a PKCS#12 file "
                    + "with its private key (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    public String redirectUri() {
        return redirectUri;
    }

    public Optional<String> truststore() {
        return truststore.filter(path -> !path.isBlank());
    }

    char[] truststorePassword() {
        return truststorePassword.orElse("").toCharArray();
    }

    /** User principal names of the owners configured for the first start, lower case. */
    public List<String> bootstrapOwners() {
        return bootstrapOwners.orElse(List.of()).stream().map(String::trim).filter(owner -> !owner.isEmpty())
                .map(owner -> owner.toLowerCase(Locale.ROOT)).toList();
    }

}
