package dev.tenantry.portal.rest;

import java.util.Optional;

/**
 * What a feature's own exceptions mean as problems: each feature that throws exceptions a client must tell apart
 * implements it (a CDI bean), and the API's exception mapper asks them all before answering by the exception's Java
 * type.
 */
public interface ProblemClassifier {

    /** The kind of problem {@code thrown} is, if it is one of this feature's. */
    Optional<Problem.Kind> kindOf(Throwable thrown);
}
