package dev.tenantry.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableFilterTest {

    @Test
    void aDatabaseOutOfReachIsToldFromOtherFailures() {
        assertTrue(DatabaseOutage.causedBy(new ServletException(new IllegalStateException("JPA",
                new SQLTransientConnectionException("IJ000453: Unable to get managed connection")))));
        assertTrue(DatabaseOutage.causedBy(new RuntimeException(new SQLException("Connection is broken", "08006"))));
        assertFalse(DatabaseOutage.causedBy(new RuntimeException(new SQLException("unique constraint", "23505"))));
        assertFalse(DatabaseOutage.causedBy(new IllegalArgumentException("a bad name")));
        assertFalse(DatabaseOutage.causedBy(null));
    }

    @Test
    void aRequestThatFailedForWantOfTheDatabaseIsAnswered503WithRetryAfter() throws Exception {
        Map<String, Object> answered = new HashMap<>();
        new DatabaseUnavailableFilter().doFilter(request(), response(answered, false), failing(new ServletException(
                new RuntimeException(new SQLTransientConnectionException("no connection")))));

        assertEquals(503, answered.get("sendError"));
        assertEquals(DatabaseUnavailableFilter.RETRY_AFTER_SECONDS, answered.get("Retry-After"));
    }

    @Test
    void anyOtherFailureGoesOnAsItWasAndNothingIsAnswered() {
        Map<String, Object> answered = new HashMap<>();
        IllegalStateException bug = new IllegalStateException("a bug");

        assertSame(bug, assertThrows(IllegalStateException.class, () -> new DatabaseUnavailableFilter()
                .doFilter(request(), response(answered, false), failing(bug))));
        assertTrue(answered.isEmpty());
        ServletException late = new ServletException(new SQLTransientConnectionException("no connection"));
        assertSame(late, assertThrows(ServletException.class, () -> new DatabaseUnavailableFilter()
                .doFilter(request(), response(answered, true), failing(late))), "a response already sent stays");
    }

    private static FilterChain failing(Exception failure) {
        return (request, response) -> {
            if (failure instanceof ServletException servlet) {
                throw servlet;
            }
            throw (RuntimeException) failure;
        };
    }

    private static HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(DatabaseUnavailableFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> "/tenants/index.xhtml";
                    default -> null;
                });
    }

    private static HttpServletResponse response(Map<String, Object> answered, boolean committed) {
        return (HttpServletResponse) Proxy.newProxyInstance(DatabaseUnavailableFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isCommitted" -> committed;
                    case "setHeader" -> answered.put((String) args[0], args[1]);
                    case "sendError" -> answered.put("sendError", args[0]);
                    default -> null;
                });
    }
}
