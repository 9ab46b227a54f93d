package dev.tenantry.portal.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** The example of the Standard Webhooks specification, which receivers' libraries check against. */
    @Test
    void signsAsTheStandardWebhooksSpecificationShows() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}"));
    }

    @Test
    void verifiesAnyOfSeveralSignaturesAndNothingElse() {
        String secret = "a-shared-secret-of-some-length";
        String good = WebhookSignature.sign(secret, "msg_1", 100, "{}");

        assertTrue(WebhookSignature.verify(secret, "msg_1", 100, "{}", "v1,b2xk " + good));
        assertFalse(WebhookSignature.verify(secret, "msg_1", 101, "{}", good), "another timestamp");
        assertFalse(WebhookSignature.verify(secret, "msg_2", 100, "{}", good), "another id");
        assertFalse(WebhookSignature.verify(secret, "msg_1", 100, "{ }", good), "another body");
        assertFalse(WebhookSignature.verify(secret, "msg_1", 100, "{}", null));
    }

    @Test
    void weakSecretsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.sign("short", "m", 1, "{}"));
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.sign("whsec_AAAA", "m", 1, "{}"));
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.sign("whsec_***", "m", 1, "{}"));
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.sign(null, "m", 1, "{}"));
    }
}
