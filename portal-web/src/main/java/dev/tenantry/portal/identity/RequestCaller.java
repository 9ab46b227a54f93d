package dev.tenantry.portal.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * {@link CurrentStaff} for code that also runs outside a request (start-up, scheduled jobs, approvals carried out on
 * managed threads): there, nobody is the caller, rather than an exception.
 */
@ApplicationScoped
public class RequestCaller {

    @Inject
    BeanManager beans;

    @Inject
    CurrentStaff staff;

    /** The caller of the current request, or empty outside one. */
    public Optional<CurrentStaff> staff() {
        try {
            return beans.getContext(RequestScoped.class).isActive() ? Optional.of(staff) : Optional.empty();
        } catch (ContextNotActiveException e) {
            return Optional.empty();
        }
    }
}
