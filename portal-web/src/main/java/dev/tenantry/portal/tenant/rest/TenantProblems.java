package dev.tenantry.portal.tenant.rest;

import dev.tenantry.portal.rest.Problem;
import dev.tenantry.portal.rest.ProblemClassifier;
import dev.tenantry.portal.tenant.TenantException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** An unknown tenant is 404, one added twice 409, anything else wrong about a tenant 400. */
@ApplicationScoped
public class TenantProblems implements ProblemClassifier {

    @Override
    public Optional<Problem.Kind> kindOf(Throwable thrown) {
        if (!(thrown instanceof TenantException tenant)) {
            return Optional.empty();
        }
        return Optional.of(switch (tenant.reason()) {
            case UNKNOWN -> Problem.Kind.NOT_FOUND;
            case DUPLICATE, CONFLICT -> Problem.Kind.CONFLICT;
            default -> Problem.Kind.BAD_REQUEST;
        });
    }
}
