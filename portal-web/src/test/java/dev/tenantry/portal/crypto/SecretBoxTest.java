package dev.tenantry.portal.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void sealsAndOpensWithoutShowingTheSecret() {
        SecretBox box = new SecretBox(Map.of("k1", key(1)), "k1");
        String sealed = box.seal("whsec_very-secret", "webhook:42");

        assertTrue(sealed.startsWith("v1.k1."));
        assertFalse(sealed.contains("very-secret"));
        assertNotEquals(sealed, box.seal("whsec_very-secret", "webhook:42"), "a fresh nonce every time");
        assertEquals("whsec_very-secret", box.open(sealed, "webhook:42"));
    }

    @Test
    void aValueSealedForOnePurposeDoesNotOpenForAnother() {
        SecretBox box = new SecretBox(Map.of("k1", key(1)), "k1");
        String sealed = box.seal("secret", "webhook:42");

        assertThrows(SealedValueException.class, () -> box.open(sealed, "webhook:43"));
    }

    @Test
    void anAlteredValueIsRefused() {
        SecretBox box = new SecretBox(Map.of("k1", key(1)), "k1");
        String sealed = box.seal("secret", "p");
        char last = sealed.charAt(sealed.length() - 2);
        String altered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A')
                + sealed.charAt(sealed.length() - 1);

        assertThrows(SealedValueException.class, () -> box.open(altered, "p"));
        assertThrows(SealedValueException.class, () -> box.open("v1.k1.", "p"));
        assertThrows(SealedValueException.class, () -> box.open("plain text", "p"));
        assertThrows(SealedValueException.class, () -> box.open("v1.k1.not*base64", "p"));
    }

    @Test
    void keysRotate() {
        SecretBox old = new SecretBox(Map.of("k1", key(1)), "k1");
        String sealedWithOld = old.seal("secret", "p");
        SecretBox rotated = new SecretBox(Map.of("k1", key(1), "k2", key(2)), "k2");

        assertEquals("secret", rotated.open(sealedWithOld, "p"), "old values still open");
        assertTrue(rotated.needsResealing(sealedWithOld));
        String resealed = rotated.seal("secret", "p");
        assertTrue(resealed.startsWith("v1.k2."));
        assertFalse(rotated.needsResealing(resealed));

        SecretBox retired = new SecretBox(Map.of("k2", key(2)), "k2");
        SealedValueException gone = assertThrows(SealedValueException.class, () -> retired.open(sealedWithOld, "p"));
        assertTrue(gone.getMessage().contains("k1"));
    }

    @Test
    void aKeyIdCannotBeSwappedToAnotherKey() {
        SecretBox box = new SecretBox(Map.of("k1", key(1), "k2", key(1)), "k1");
        String sealed = box.seal("secret", "p");

        assertThrows(SealedValueException.class, () -> box.open(sealed.replace("v1.k1.", "v1.k2."), "p"),
                "the key id is bound into the tag");
    }

    @Test
    void withoutConfiguredKeysAnInstallationKeyIsMadeOnceAndKept(@TempDir Path home) throws Exception {
        SecretBox first = configured(home, Optional.empty());
        String sealed = first.seal("secret", "p");
        Path file = home.resolve("keys/secrets.keys");
        assertTrue(Files.exists(file));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));

        SecretBox second = configured(home, Optional.empty());
        assertEquals("secret", second.open(sealed, "p"), "the same key after a restart");
    }

    @Test
    void configuredKeysAreChecked(@TempDir Path home) {
        String good = "prod1:" + Base64.getEncoder().encodeToString(key(3));
        assertEquals("prod1", configured(home, Optional.of(good)).activeKeyId());
        assertThrows(IllegalStateException.class,
                () -> configured(home, Optional.of("short:" + Base64.getEncoder().encodeToString(new byte[16]))));
        assertThrows(IllegalStateException.class, () -> configured(home, Optional.of("no-separator")));
    }

    private static SecretBox configured(Path home, Optional<String> keys) {
        SecretBox box = new SecretBox();
        box.configuredKeys = keys;
        box.configuredActive = Optional.empty();
        box.home = home.toString();
        box.load();
        return box;
    }
}
