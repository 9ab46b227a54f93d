package dev.tenantry.portal.rest;

import dev.tenantry.portal.web.ConcurrentChange;
import dev.tenantry.portal.web.DatabaseOutage;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every error the API answers is an RFC 9457 problem: the portal's own exceptions by what they mean (each feature's
 * {@link ProblemClassifier} says), JAX-RS's by their status, a malformed body as 400, and anything unexpected as 500
 * with only a correlation id (the details go to the server log, never to the client).
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Context
    UriInfo uri;

    @Context
    Request request;

    @Context
    HttpServletRequest servletRequest;

    @Inject
    Instance<ProblemClassifier> classifiers;

    @Override
    public Response toResponse(Throwable thrown) {
        String path = ApiRequests.path(uri);
        String correlation = ApiRequests.correlationId(servletRequest);
        Problem problem = problem(thrown, request.getMethod(), path, correlation, classifiers);
        if (problem.status() >= 500) {
            LOG.log(Level.SEVERE, "API request " + correlation + " to " + path + " failed", thrown);
        }
        return problem.toResponse();
    }

    static Problem problem(Throwable thrown, String method, String path, String correlation,
            Iterable<ProblemClassifier> classifiers) {
        WebApplicationException tooLarge = cause(thrown, WebApplicationException.class);
        if (tooLarge != null && tooLarge.getResponse().getStatus() == Problem.Kind.PAYLOAD_TOO_LARGE.status()) {
            return Problem.of(Problem.Kind.PAYLOAD_TOO_LARGE, tooLarge.getMessage(), path, correlation);
        }
        if (DatabaseOutage.causedBy(thrown)) {
            return Problem.of(Problem.Kind.UNAVAILABLE, "The database is out of reach; try again in a minute", path,
                    correlation);
        }
        if (ConcurrentChange.causedBy(thrown)) {
            return Problem.of(Problem.Kind.CONFLICT, ConcurrentChange.MESSAGE, path, correlation);
        }
        for (ProblemClassifier classifier : classifiers) {
            Optional<Problem.Kind> kind = classifier.kindOf(thrown);
            if (kind.isPresent()) {
                return Problem.of(kind.get(), thrown.getMessage(), path, correlation);
            }
        }
        if (thrown instanceof IllegalArgumentException) {
            return Problem.of(Problem.Kind.BAD_REQUEST, thrown.getMessage(), path, correlation);
        }
        if (thrown instanceof NotFoundException) {
            return Problem.of(Problem.Kind.NOT_FOUND, "Nothing at " + path, path, correlation);
        }
        if (thrown instanceof NotAllowedException) {
            return Problem.of(Problem.Kind.METHOD_NOT_ALLOWED, path + " does not support " + method, path,
                    correlation);
        }
        if (thrown instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            Problem.Kind kind = Problem.Kind.of(status);
            return new Problem(kind.type(), kind.title(), status, status >= 500 ? null : web.getMessage(), path,
                    correlation);
        }
        if (cause(thrown, JsonbException.class) != null || cause(thrown, JsonException.class) != null
                || thrown instanceof ProcessingException) {
            return Problem.of(Problem.Kind.BAD_REQUEST, "The body is not the JSON this endpoint takes", path,
                    correlation);
        }
        return Problem.of(Problem.Kind.SERVER_ERROR, null, path, correlation);
    }

    private static <T extends Throwable> T cause(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
