package dev.tenantry.plugin.api;

import com.microsoft.graph.models.SignIn;
import com.microsoft.graph.models.SignInCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A user's latest sign-ins from Entra ID's sign-in log ({@code auditLogs/signIns}, which needs
 * {@code AuditLog.Read.All}) as lines a page lists, or why they could not be read, told apart so that the page says
 * the right thing: the scope set is not granted (offer its consent card: {@link Result#consentMissing()}); Microsoft
 * refused with 403 because the tenant has no Entra ID P1, or because the account Tenantry signs in with lacks a role
 * that reads sign-in logs (granting again would help neither, so it is said, not offered as consent); anything else.
 *
 * <pre>{@code
 * SignInLog.Result signIns = SignInLog.read(graph, tenantId, "hello.sign-ins", userId, 10);
 * }</pre>
 *
 * <p>Microsoft's 403 is caught inside the {@link GraphAccess#call} (one that leaves the call becomes
 * {@link ConsentRequiredException}, as the grant may have been revoked); a 401 still leaves it and asks for consent.
 *
 * @since 1.8.0
 */
public final class SignInLog {

    /** The most sign-ins one read gives: one page of the log. */
    public static final int MAX = 999;
    /** Microsoft's code for what needs Entra ID P1 or P2 in a tenant without. */
    static final String NOT_PREMIUM = "Authentication_RequestFromNonPremiumTenantOrB2CTenant";
    private static final String REFUSED = "Microsoft Graph refused the sign-in log (HTTP ";

    private SignInLog() {
    }

    /**
     * One sign-in as a page lists it.
     *
     * @param at        when, as Microsoft wrote it (ISO 8601; empty if not given)
     * @param app       the application signed in to
     * @param ipAddress the address signed in from
     * @param location  city and country or region, as far as Microsoft knows them
     * @param status    {@code Success}, or {@code Failed (<Entra error code>)} with Microsoft's reason after a colon
     * @param risk      the risk level during the sign-in, with the risk event types in brackets; empty if not given
     * @param failed    whether the sign-in failed (a non-zero error code)
     */
    public record Line(String at, String app, String ipAddress, String location, String status, String risk,
            boolean failed) implements Serializable {

        private static final long serialVersionUID = 1L;
    }

    /**
     * The sign-ins as read, newest first, or why they could not be.
     *
     * @param lines          the sign-ins (empty when there is a problem)
     * @param problem        why they could not be read, to show as it is; empty when they were read
     * @param consentMissing whether granting the scope set would let them be read (offer its consent card)
     */
    public record Result(List<Line> lines, String problem, boolean consentMissing) implements Serializable {

        private static final long serialVersionUID = 1L;

        public Result {
            lines = List.copyOf(lines);
            problem = problem == null ? "" : problem;
        }

        /** Nothing read and nothing to say (no user to read them of). */
        public static Result none() {
            return new Result(List.of(), "", false);
        }
    }

    /**
     * Reads the latest sign-ins of a user, newest first: nothing is sent to Microsoft when the tenant has not granted
     * the scope set.
     *
     * @param scopeSetId one of the plugin's Graph scope sets that holds {@code AuditLog.Read.All}
     * @param userId     the user's object id in the tenant
     * @param max        how many sign-ins, 1 to {@value #MAX}
     * @throws IllegalArgumentException when {@code max} is out of range or {@code userId} is blank
     */
    public static Result read(GraphAccess graph, String tenantId, String scopeSetId, String userId, int max) {
        if (max < 1 || max > MAX) {
            throw new IllegalArgumentException("A read of the sign-in log gives 1 to " + MAX + " sign-ins");
        }
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("Whose sign-ins? The user's id is blank");
        }
        Objects.requireNonNull(scopeSetId, "scopeSetId");
        if (!graph.consent(tenantId, scopeSetId).granted()) {
            return new Result(List.of(), "Recent sign-ins need the scope set " + scopeSetId + " (AuditLog.Read.All)",
                    true);
        }
        String filter = "userId eq '" + userId.strip().replace("'", "''") + "'";
        try {
            return graph.call(tenantId, scopeSetId, client -> {
                try {
                    SignInCollectionResponse page = client.auditLogs().signIns().get(request -> {
                        request.queryParameters.filter = filter;
                        request.queryParameters.top = max;
                    });
                    List<Line> lines = new ArrayList<>();
                    for (SignIn signIn : page == null || page.getValue() == null ? List.<SignIn>of()
                            : page.getValue()) {
                        if (lines.size() == max) {
                            break;
                        }
                        lines.add(line(signIn));
                    }
                    return new Result(lines, "", false);
                } catch (ApiException e) {
                    if (e.getResponseStatusCode() != 403) {
                        throw e;
                    }
                    return new Result(List.of(), REFUSED + "403): " + (NOT_PREMIUM.equals(code(e))
                            ? "the tenant has no Entra ID P1" : "the integration account needs a role that reads "
                            + "sign-in logs (Reports Reader, Security Reader or Global Reader)"), false);
                }
            });
        } catch (ConsentRequiredException e) {
            return new Result(List.of(), e.getMessage(), true);
        } catch (ApiException e) {
            return new Result(List.of(), REFUSED + e.getResponseStatusCode() + "): " + words(e), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(List.of(), "The sign-in log could not be read: interrupted", false);
        } catch (Exception e) {
            return new Result(List.of(), "The sign-in log could not be read: " + e.getMessage(), false);
        }
    }

    /** A sign-in as a line. */
    static Line line(SignIn signIn) {
        String location = signIn.getLocation() == null ? "" : Stream.of(signIn.getLocation().getCity(),
                signIn.getLocation().getCountryOrRegion()).filter(part -> part != null && !part.isBlank())
                .collect(Collectors.joining(", "));
        Integer code = signIn.getStatus() == null ? null : signIn.getStatus().getErrorCode();
        boolean failed = code != null && code != 0;
        String reason = failed ? signIn.getStatus().getFailureReason() : null;
        String status = failed ? "Failed (" + code + ")" + (reason == null || reason.isBlank() ? "" : ": " + reason)
                : "Success";
        String risk = signIn.getRiskLevelDuringSignIn() == null ? "" : signIn.getRiskLevelDuringSignIn().getValue();
        if (signIn.getRiskEventTypesV2() != null && !signIn.getRiskEventTypesV2().isEmpty()) {
            risk = risk + " (" + String.join(", ", signIn.getRiskEventTypesV2()) + ")";
        }
        return new Line(signIn.getCreatedDateTime() == null ? "" : signIn.getCreatedDateTime().toString(),
                nz(signIn.getAppDisplayName()), nz(signIn.getIpAddress()), location, status, risk, failed);
    }

    private static String nz(String text) {
        return text == null ? "" : text;
    }

    private static String code(ApiException refusal) {
        return refusal instanceof ODataError error && error.getError() != null && error.getError().getCode() != null
                ? error.getError().getCode() : "";
    }

    private static String words(ApiException refusal) {
        return refusal instanceof ODataError error && error.getError() != null && error.getError().getMessage()
                != null ? error.getError().getMessage() : refusal.getMessage();
    }
}
