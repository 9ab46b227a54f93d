package dev.tenantry.portal.crypto;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seals secrets kept in the database (webhook signing secrets, token caches) with AES-256-GCM. A sealed value is
 * {@code v1.<key id>.<base64 nonce+ciphertext+tag>}, so keys can rotate: new values use the active key, old ones open
 * with the key they name as long as it is configured. The key id is bound into the tag, and so is the purpose of the
 * value (what it is, for which row), so a sealed value copied to another place does not open there.
 *
 * <p>Keys come from {@code tenantry.crypto.keys} ({@code id:base64 key,…}, 32-byte keys) with
 * {@code tenantry.crypto.active-key}; production sets them from the environment. Without them, the portal makes one key
 * on first start in {@code ${tenantry.home}/keys/secrets.keys} (readable by its owner only) and keeps using it.
 */
@ApplicationScoped
public class SecretBox {

    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @ConfigProperty(name = "tenantry.crypto.keys")
    Optional<String> configuredKeys;

    @Inject
    @ConfigProperty(name = "tenantry.crypto.active-key")
    Optional<String> configuredActive;

    @Inject
    @ConfigProperty(name = "tenantry.home")
    String home;

    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private String active;

    public SecretBox() {
    }

    /** A box with the given keys (id → 32-byte key) sealing with {@code active}; for tests and tools. */
    public SecretBox(Map<String, byte[]> keys, String active) {
        keys.forEach((id, key) -> this.keys.put(id, aesKey(id, key)));
        if (!this.keys.containsKey(active)) {
            throw new IllegalArgumentException("The active key " + active + " is not among the keys");
        }
        this.active = active;
    }

    @PostConstruct
    void load() {
        String spec = configuredKeys.filter(value -> !value.isBlank()).orElseGet(this::keyFile);
        for (String entry : spec.split(",")) {
            String[] parts = entry.trim().split(":", 2);
            if (parts.length != 2 || !parts[0].matches("[A-Za-z0-9_-]{1,20}")) {
                throw new IllegalStateException("tenantry.crypto.keys: each key is <id>:<base64 of 32 bytes>");
            }
            keys.put(parts[0], aesKey(parts[0], Base64.getDecoder().decode(parts[1].trim())));
        }
        active = configuredActive.filter(value -> !value.isBlank()).orElse(keys.keySet().iterator().next());
        if (!keys.containsKey(active)) {
            throw new IllegalStateException("tenantry.crypto.active-key names " + active
                    + ", which is not in tenantry.crypto.keys");
        }
    }

    /** Seals {@code secret} for {@code purpose} (e.g. {@code webhook:<delivery id>}) with the active key. */
    public String seal(String secret, String purpose) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(active), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(active, purpose));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return VERSION + "." + active + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Opens a value sealed for {@code purpose}.
     *
     * @throws SealedValueException when it was not sealed here, for this purpose, or its key is no longer configured
     */
    public String open(String sealed, String purpose) {
        String[] parts = sealed == null ? new String[0] : sealed.split("\\.", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new SealedValueException("Not a sealed value");
        }
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new SealedValueException("Sealed with key " + parts[1] + ", which is not configured any more");
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(parts[2]);
            if (in.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new SealedValueException("Sealed value is truncated");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(aad(parts[1], purpose));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SealedValueException("Sealed value was altered, or belongs elsewhere");
        } catch (IllegalArgumentException e) {
            throw new SealedValueException("Sealed value is not base64");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Whether {@code sealed} was sealed with a key other than the active one (and should be sealed again). */
    public boolean needsResealing(String sealed) {
        String[] parts = sealed.split("\\.", 3);
        return parts.length != 3 || !active.equals(parts[1]);
    }

    /** The id of the key new values are sealed with. */
    public String activeKeyId() {
        return active;
    }

    private static byte[] aad(String keyId, String purpose) {
        return (VERSION + "|" + keyId + "|" + purpose).getBytes(StandardCharsets.UTF_8);
    }

    private static SecretKeySpec aesKey(String id, byte[] key) {
        if (key.length != 32) {
            throw new IllegalStateException("Key " + id + " must be 32 bytes (AES-256), not " + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }

    /** The key file of this installation, made on first use. */
    private String keyFile() {
        Path file = Path.of(home, "keys", "secrets.keys");
        try {
            if (Files.notExists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[32];
                RANDOM.nextBytes(key);
                String line = "k" + java.time.LocalDate.now().toString().replace("-", "") + ":"
                        + Base64.getEncoder().encodeToString(key);
                Files.writeString(file, line + "\n", StandardOpenOption.CREATE_NEW);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: left to the folder's own protection
                }
            }
            return Files.readString(file).trim();
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return keyFile();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }
}
