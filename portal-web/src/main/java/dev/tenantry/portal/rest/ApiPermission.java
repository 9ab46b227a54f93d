package dev.tenantry.portal.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The portal permission a REST endpoint needs, and where. Every resource method declares one (or is
 * {@link jakarta.annotation.security.PermitAll public}); a method without either is refused, so an endpoint cannot be
 * open by omission.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ApiPermission {

    /** The portal permission, {@code <area>:<verb>}; ignored for {@link Where#ANY_CALLER}. */
    String value() default "";

    Where where() default Where.PORTAL;

    /** For {@link Where#PATH_TENANT}: the path parameter holding the tenant id. */
    String tenantParam() default "tenantId";

    /**
     * A query parameter that may name a tenant (e.g. a filter); when the request sets it, the permission must also be
     * held in that tenant, so a foreign tenant's id is refused rather than answered empty.
     */
    String tenantQueryParam() default "";

    /** Where the permission must be held. */
    enum Where {
        /** For all tenants (an assignment to all tenants). */
        PORTAL,
        /** In at least one tenant; the resource then shows only the tenants where it is held. */
        SOME_TENANT,
        /** In the tenant named by the path parameter {@link #tenantParam()}. */
        PATH_TENANT,
        /** Any valid token will do; the resource shows only the caller's own things. */
        ANY_CALLER
    }
}
