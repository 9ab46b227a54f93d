package dev.tenantry.portal.consent;

/** Where a user may be sent back to after consent: a path inside the portal, never another site. */
public final class ReturnPaths {

    private ReturnPaths() {
    }

    /** {@code from} when it is a path of the portal (one leading slash, no scheme, no line breaks), else null. */
    public static String safe(String from) {
        if (from == null || !from.startsWith("/") || from.startsWith("//") || from.contains("\\")
                || from.contains("\r") || from.contains("\n") || from.length() > 500) {
            return null;
        }
        return from;
    }
}
