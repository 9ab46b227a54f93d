package dev.tenantry.plugin.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names a {@link PageModel} for EL and says how long one lives. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Model {

    /** The EL name, unique across plugins: start it with the plugin's id in camel case ({@code helloGreeting}). */
    String value();

    Scope scope() default Scope.VIEW;

    /** How long one instance serves. */
    enum Scope {
        /** One per request. */
        REQUEST,
        /** One per page view, kept across its AJAX postbacks. */
        VIEW
    }
}
