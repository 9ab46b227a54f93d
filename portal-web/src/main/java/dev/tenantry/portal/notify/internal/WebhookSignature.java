package dev.tenantry.portal.notify.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">}. A secret of the form
 * {@code whsec_<base64>} signs with those bytes, any other with its UTF-8 bytes.
 */
public final class WebhookSignature {

    private static final String PREFIX = "whsec_";

    private WebhookSignature() {
    }

    /** The {@code webhook-signature} header value. */
    public static String sign(String secret, String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Whether one of the space-separated signatures in {@code header} is right; compared in constant time. */
    public static boolean verify(String secret, String id, long timestampSeconds, String body, String header) {
        byte[] expected = sign(secret, id, timestampSeconds, body).getBytes(StandardCharsets.US_ASCII);
        for (String candidate : header == null ? new String[0] : header.split(" ")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    /** Checks that {@code secret} can sign: throws {@link IllegalArgumentException} saying why not. */
    public static void requireUsable(String secret) {
        key(secret);
    }

    /** The bytes a secret signs with; at least 24 characters (or 16 bytes after {@code whsec_}). */
    static byte[] key(String secret) {
        if (secret == null) {
            throw new IllegalArgumentException("A webhook needs a signing secret");
        }
        byte[] key;
        if (secret.startsWith(PREFIX)) {
            try {
                key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("A whsec_ secret must be base64 after the prefix");
            }
            if (key.length < 16) {
                throw new IllegalArgumentException("A webhook secret must have at least 16 bytes");
            }
            return key;
        }
        if (secret.length() < 24) {
            throw new IllegalArgumentException("A webhook secret must be at least 24 characters long");
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
