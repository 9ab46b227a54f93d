package dev.tenantry.portal.signin;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * One sign-in in progress, kept in the browser's session: the {@code state} that ties the provider's answer to this
 * session (single use), the {@code nonce} the ID token must carry, the PKCE verifier, and where to return.
 */
public record SignInAttempt(String state, String nonce, String codeVerifier, String returnTo, Instant startedAt)
        implements Serializable {

    /** How long the user may take on the provider's pages. */
    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    static SignInAttempt start(String returnTo) {
        return new SignInAttempt(random(), random(), random() + random(), returnTo, Instant.now());
    }

    public String codeChallenge() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(codeVerifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean expired(Instant now) {
        return now.isAfter(startedAt.plus(LIFETIME));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
