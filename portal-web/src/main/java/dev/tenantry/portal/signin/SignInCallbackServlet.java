package dev.tenantry.portal.signin;

import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.identity.CurrentStaff;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Where Entra returns the browser ({@code response_mode=form_post} or query). Checks the single-use {@code state},
 * redeems the code with the attempt's PKCE verifier, establishes the caller, renews the session id (no fixation),
 * audits the outcome, and returns to the page that started the sign-in.
 */
@WebServlet(name = "sign-in-callback", urlPatterns = "/auth/callback")
public class SignInCallbackServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String SIGNED_IN_AT = "tenantry.identity.signedInAt";
    /** Session attribute: whether the sign-in token left the groups out (more than it can list). */
    public static final String GROUPS_OVERAGE = "tenantry.identity.groupsOverage";

    @Inject
    EntraSignIn entra;

    @Inject
    SecurityContext security;

    @Inject
    StaffRoles roles;

    @Inject
    AuditLog audit;

    @Inject
    StaffBindings bindings;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        complete(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        complete(request, response);
    }

    private void complete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<SignInAttempt> attempt = SignInAttempts.take(request.getSession(false), request.getParameter("state"));
        if (attempt.isEmpty()) {
            fail(request, response, "state", "unknown, reused or expired state", null);
            return;
        }
        if (request.getParameter("error") != null) {
            fail(request, response, "provider", "Entra answered " + request.getParameter("error"), null);
            return;
        }
        SignedInStaff staff;
        try {
            staff = entra.redeem(request.getParameter("code"), attempt.get());
        } catch (SignInException e) {
            fail(request, response, e.reason(), e.getMessage(), null);
            return;
        }
        try {
            bindings.bind(staff);
        } catch (Exception e) {
            // a transaction that could not commit may come as a checked exception
            fail(request, response, "binding", "could not record who signed in: " + e.getMessage(), staff);
            return;
        }
        AuthenticationStatus status = security.authenticate(request, response,
                AuthenticationParameters.withParams().credential(new StaffCredential(staff)).newAuthentication(true));
        if (status != AuthenticationStatus.SUCCESS) {
            fail(request, response, "container", "the server did not accept the sign-in (" + status + ")", staff);
            return;
        }
        request.changeSessionId();
        HttpSession session = request.getSession();
        session.setAttribute(SIGNED_IN_AT, Instant.now());
        session.setAttribute(CurrentStaff.GROUPS, new java.util.ArrayList<>(staff.groups()));
        session.setAttribute(GROUPS_OVERAGE, staff.groupsOverage());
        session.setAttribute(CurrentStaff.DISPLAY_NAME, staff.displayName());
        boolean hasAccess = roles.of(staff).contains(StaffRoles.STAFF);
        AuditEvent signIn = AuditEvent.of(staff.userPrincipalName(), staff.tenantId(), "auth.sign-in",
                staff.objectId(), hasAccess ? Outcome.SUCCESS : Outcome.DENIED)
                .with("roles", String.join(",", roles.of(staff).stream().sorted().toList()))
                .with("remoteAddress", request.getRemoteAddr());
        audit.recordSecurityEvent(staff.groupsOverage() ? signIn.with("groups", "overage: the token lists none; "
                + "roles held through groups do not apply to this sign-in") : signIn);
        response.sendRedirect(hasAccess ? attempt.get().returnTo() : request.getContextPath() + "/error/no-access.xhtml");
    }

    private void fail(HttpServletRequest request, HttpServletResponse response, String reason, String message,
            SignedInStaff staff) throws IOException {
        audit.recordSecurityEvent(AuditEvent.of(staff == null ? "anonymous" : staff.userPrincipalName(), null,
                "auth.sign-in", null, Outcome.FAILURE).with("reason", reason).with("message", message)
                .with("remoteAddress", request.getRemoteAddr()));
        response.sendRedirect(request.getContextPath() + "/auth/failed.xhtml?reason=" + reason);
    }
}
