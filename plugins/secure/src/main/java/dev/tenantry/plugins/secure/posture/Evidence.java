package dev.tenantry.plugins.secure.posture;

/**
 * One thing a check saw, so that a person can verify it.
 *
 * @param subject what it is about (a policy, a setting, a count)
 * @param value   what the check saw
 * @param id      the object's id in the tenant, when there is one (a policy id), for links; empty otherwise
 */
public record Evidence(String subject, String value, String id) implements java.io.Serializable {

    public static Evidence of(String subject, String value) {
        return new Evidence(subject, value, "");
    }
}
