package dev.tenantry.emulator.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The token signing keys (RS256). The newest signs; the previous one stays published after a rotation so tokens
 * signed before it still validate, as Microsoft's key rollover does.
 */
public final class SigningKeys {

    private final List<RSAKey> keys = new ArrayList<>();

    public SigningKeys() {
        rotate();
    }

    /** Starts signing with a new key (new {@code kid}); keeps only the previous one besides it. */
    public synchronized void rotate() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString().replace("-", ""))
                    .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
            keys.add(0, key);
            while (keys.size() > 2) {
                keys.remove(keys.size() - 1);
            }
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a signing key", e);
        }
    }

    public synchronized RSAKey current() {
        return keys.get(0);
    }

    public synchronized Optional<RSAKey> byKeyId(String kid) {
        return keys.stream().filter(key -> key.getKeyID().equals(kid)).findFirst();
    }

    /** The public keys as published at the JWKS endpoint. */
    public synchronized JWKSet publicJwks() {
        return new JWKSet(keys.stream().map(key -> (com.nimbusds.jose.jwk.JWK) key.toPublicJWK()).toList());
    }
}
