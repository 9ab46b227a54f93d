package dev.tenantry.portal.access.rest;

import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.ApprovalRequiredException;
import dev.tenantry.portal.access.RoleConflictException;
import dev.tenantry.portal.rest.Problem;
import dev.tenantry.portal.rest.ProblemClassifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** A refusal is 403; a change that needs a second person's approval is 409. */
@ApplicationScoped
public class AccessProblems implements ProblemClassifier {

    @Override
    public Optional<Problem.Kind> kindOf(Throwable thrown) {
        if (thrown instanceof RoleConflictException) {
            return Optional.of(Problem.Kind.CONFLICT);
        }
        if (thrown instanceof AccessDeniedException) {
            return Optional.of(Problem.Kind.FORBIDDEN);
        }
        return thrown instanceof ApprovalRequiredException ? Optional.of(Problem.Kind.CONFLICT) : Optional.empty();
    }
}
