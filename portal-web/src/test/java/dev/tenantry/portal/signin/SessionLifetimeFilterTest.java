package dev.tenantry.portal.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The absolute session lifetime, with the servlet objects played by recording stand-ins. */
class SessionLifetimeFilterTest {

    private final List<String> calls = new ArrayList<>();

    @Test
    void aSessionPastItsAbsoluteLifetimeEndsAndTheBrowserSignsInAgain() throws Exception {
        run(Instant.now().minus(Duration.ofHours(13)));

        assertTrue(calls.contains("logout"), calls.toString());
        assertTrue(calls.contains("invalidate"), calls.toString());
        assertTrue(calls.contains("redirect /portal/"), calls.toString());
        assertFalse(calls.contains("chain"), "the request goes no further");
    }

    @Test
    void aSessionWithinItsLifetimeGoesOnHoweverLong() throws Exception {
        run(Instant.now().minus(Duration.ofHours(11)));

        assertEquals(List.of("chain"), calls);
    }

    private void run(Instant signedInAt) throws Exception {
        SessionLifetimeFilter filter = new SessionLifetimeFilter();
        filter.absoluteTimeout = Duration.ofHours(12);
        HttpSession session = stand(HttpSession.class, (name, args) -> switch (name) {
            case "getAttribute" -> SignInCallbackServlet.SIGNED_IN_AT.equals(args[0]) ? signedInAt : null;
            case "invalidate" -> record("invalidate");
            default -> null;
        });
        HttpServletRequest request = stand(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getSession" -> session;
            case "getContextPath" -> "/portal";
            case "logout" -> record("logout");
            default -> null;
        });
        HttpServletResponse response = stand(HttpServletResponse.class, (name, args) -> switch (name) {
            case "sendRedirect" -> record("redirect " + args[0]);
            default -> null;
        });
        FilterChain chain = (req, res) -> calls.add("chain");

        filter.doFilter(request, response, chain);
    }

    private Object record(String call) {
        calls.add(call);
        return null;
    }

    interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T stand(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args)));
    }
}
