package dev.tenantry.portal.plugin;

/**
 * Who signed a plugin jar, as far as this installation can tell: the manifest's publisher is what the jar says of
 * itself, this is what its signature proves.
 *
 * @param subject     the signing certificate's subject (null when unsigned)
 * @param fingerprint the signing certificate's SHA-256 fingerprint, upper-case hex pairs (null when unsigned)
 * @param detail      why a signature is not trusted or not valid (null when verified or unsigned)
 */
public record PublisherSignature(State state, String subject, String fingerprint, String detail) {

    /** What the signature proves. */
    public enum State {
        /** Every entry is signed by one certificate the installation trusts (or one it issued). */
        VERIFIED,
        /** Signed consistently, by a certificate the installation does not trust. */
        UNTRUSTED,
        /** No signature at all. */
        UNSIGNED,
        /** A signature that does not hold: entries changed after signing, unsigned entries, several signers. */
        INVALID
    }

    public static final PublisherSignature UNSIGNED = new PublisherSignature(State.UNSIGNED, null, null, null);

    public static PublisherSignature invalid(String detail) {
        return new PublisherSignature(State.INVALID, null, null, detail);
    }

    public boolean verified() {
        return state == State.VERIFIED;
    }

    /** One line for the reviewer. */
    public String describe() {
        return switch (state) {
            case VERIFIED -> "Verified publisher: " + subject + " (certificate SHA-256 " + fingerprint + ")";
            case UNTRUSTED -> "Signed by " + subject + " (certificate SHA-256 " + fingerprint + "), a publisher this "
                    + "installation does not trust" + (detail == null ? "" : ": " + detail);
            case UNSIGNED -> "Unsigned: nothing proves who published this jar";
            case INVALID -> "The signature does not hold: " + detail;
        };
    }
}
