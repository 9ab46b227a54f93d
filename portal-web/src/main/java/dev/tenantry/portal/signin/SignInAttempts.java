package dev.tenantry.portal.signin;

import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;

/** The sign-in attempts of one browser session, by {@code state}; a few at once (tabs), each usable once. */
final class SignInAttempts {

    private static final String ATTRIBUTE = "tenantry.identity.attempts";
    private static final int MAX = 5;

    private SignInAttempts() {
    }

    static void remember(HttpSession session, SignInAttempt attempt) {
        synchronized (session) {
            LinkedHashMap<String, SignInAttempt> attempts = attempts(session);
            attempts.put(attempt.state(), attempt);
            while (attempts.size() > MAX) {
                attempts.remove(attempts.keySet().iterator().next());
            }
            session.setAttribute(ATTRIBUTE, attempts);
        }
    }

    /** The attempt this {@code state} belongs to, removed so it cannot answer twice; empty if unknown or expired. */
    static Optional<SignInAttempt> take(HttpSession session, String state) {
        if (session == null || state == null) {
            return Optional.empty();
        }
        synchronized (session) {
            LinkedHashMap<String, SignInAttempt> attempts = attempts(session);
            SignInAttempt attempt = attempts.remove(state);
            session.setAttribute(ATTRIBUTE, attempts);
            return Optional.ofNullable(attempt).filter(found -> !found.expired(Instant.now()));
        }
    }

    @SuppressWarnings("unchecked")
    private static LinkedHashMap<String, SignInAttempt> attempts(HttpSession session) {
        Object stored = session.getAttribute(ATTRIBUTE);
        return stored instanceof LinkedHashMap<?, ?> map ? (LinkedHashMap<String, SignInAttempt>) map : new LinkedHashMap<>();
    }
}
