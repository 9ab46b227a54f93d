package dev.tenantry.portal.approval.rest;

import dev.tenantry.portal.approval.ApprovalException;
import dev.tenantry.portal.rest.Problem;
import dev.tenantry.portal.rest.ProblemClassifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** A decision that cannot be made (own request, already decided, expired) is 409. */
@ApplicationScoped
public class ApprovalProblems implements ProblemClassifier {

    @Override
    public Optional<Problem.Kind> kindOf(Throwable thrown) {
        return thrown instanceof ApprovalException ? Optional.of(Problem.Kind.CONFLICT) : Optional.empty();
    }
}
