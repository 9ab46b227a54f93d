package dev.tenantry.emulator.identity;

import static dev.tenantry.emulator.http.Exchanges.encode;
import static dev.tenantry.emulator.http.Exchanges.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.Application;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.PermissionCatalogue;
import dev.tenantry.emulator.directory.PermissionCatalogue.AppRole;
import dev.tenantry.emulator.directory.PermissionCatalogue.Scope;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Exchanges;
import dev.tenantry.emulator.http.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The Microsoft identity platform v2.0 endpoints, per tenant path (tenant id, verified domain, {@code common},
 * {@code organizations}): OpenID discovery, JWKS, {@code /authorize} with sign-in and consent, {@code /token}
 * (authorization code with PKCE, refresh token, client credentials), {@code /adminconsent} and logout.
 */
public final class IdentityEndpoints {

    static final String SESSION_COOKIE = "ESTSAUTH";
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    private static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(90);
    private static final Duration TRANSACTION_LIFETIME = Duration.ofHours(1);

    private final Directory directory;
    private final Tokens tokens;
    private final SigningKeys keys;
    private final Supplier<String> baseUrl;

    private final Map<String, Transaction> transactions = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();

    /** A signed-in browser: who, when, and how ({@code amr}: {@code pwd}, then {@code mfa} after a second factor). */
    record Session(String userId, String tenantId, Instant authTime, List<String> methods) {
    }

    /** An authorization or admin-consent request in progress between the pages. */
    static final class Transaction {
        final String id = Tokens.opaque("");
        final boolean adminConsent;
        final String tenantSegment;
        final Application client;
        final String redirectUri;
        final String responseMode;
        final ScopeRequest scopes;
        final String state;
        final String nonce;
        final String codeChallenge;
        final String codeChallengeMethod;
        final String prompt;
        final String loginHint;
        final Instant createdAt;
        Session session;
        /** Between the password and the second factor: who signed in, the code sent, the wrong codes so far. */
        DirectoryUser pendingUser;
        String pendingTenantId;
        String sentCode;
        int wrongCodes;

        Transaction(boolean adminConsent, String tenantSegment, Application client, String redirectUri,
                String responseMode, ScopeRequest scopes, String state, String nonce, String codeChallenge,
                String codeChallengeMethod, String prompt, String loginHint, Instant createdAt) {
            this.adminConsent = adminConsent;
            this.tenantSegment = tenantSegment;
            this.client = client;
            this.redirectUri = redirectUri;
            this.responseMode = responseMode;
            this.scopes = scopes;
            this.state = state;
            this.nonce = nonce;
            this.codeChallenge = codeChallenge;
            this.codeChallengeMethod = codeChallengeMethod;
            this.prompt = prompt;
            this.loginHint = loginHint;
            this.createdAt = createdAt;
        }
    }

    /** An issued authorization code; single use. */
    static final class Code {
        final String tenantId;
        final String userId;
        final String clientId;
        final String redirectUri;
        final ScopeRequest scopes;
        final String nonce;
        final String challenge;
        final String challengeMethod;
        final Instant expiresAt;
        final Instant authTime;
        final List<String> methods;
        boolean redeemed;

        Code(Transaction transaction, Instant now) {
            this.tenantId = transaction.session.tenantId();
            this.userId = transaction.session.userId();
            this.clientId = transaction.client.appId();
            this.redirectUri = transaction.redirectUri;
            this.scopes = transaction.scopes;
            this.nonce = transaction.nonce;
            this.challenge = transaction.codeChallenge;
            this.challengeMethod = transaction.codeChallengeMethod;
            this.expiresAt = now.plus(CODE_LIFETIME);
            this.authTime = transaction.session.authTime();
            this.methods = transaction.session.methods();
        }
    }

    /** A refresh token: valid for any resource the user consented to for this client, until revoked or expired. */
    record RefreshToken(String tenantId, String userId, String clientId, Instant issuedAt, Instant expiresAt,
            List<String> methods) {
    }

    public IdentityEndpoints(Directory directory, Tokens tokens, SigningKeys keys, Supplier<String> baseUrl) {
        this.directory = directory;
        this.tokens = tokens;
        this.keys = keys;
        this.baseUrl = baseUrl;
    }

    /** Forgets every session, code and refresh token. */
    public void reset() {
        transactions.clear();
        sessions.clear();
        codes.clear();
        refreshTokens.clear();
    }

    /** Answers a request whose path is not under {@code /v1.0}. */
    public void handle(HttpServerExchange exchange) {
        String[] segments = exchange.getRelativePath().replaceFirst("^/", "").split("/");
        String tenantSegment = segments[0];
        String rest = exchange.getRelativePath().substring(Math.min(exchange.getRelativePath().length(),
                tenantSegment.length() + 1));
        Exchanges.info(exchange).kind = "identity";
        try {
            switch (exchange.getRequestMethod().toString() + " " + rest.toLowerCase(Locale.ROOT)) {
                case "GET /v2.0/.well-known/openid-configuration" -> discovery(exchange, tenantSegment);
                case "GET /discovery/v2.0/keys", "GET /discovery/keys" -> Exchanges.json(exchange, 200,
                        Json.MAPPER.valueToTree(keys.publicJwks().toJSONObject()));
                case "GET /discovery/instance" -> instanceDiscovery(exchange);
                case "GET /oauth2/v2.0/authorize" -> authorize(exchange, tenantSegment, false);
                case "GET /v2.0/adminconsent" -> authorize(exchange, tenantSegment, true);
                case "POST /login" -> login(exchange, tenantSegment);
                case "POST /mfa" -> secondFactor(exchange, tenantSegment);
                case "POST /consent/set" -> consentDecision(exchange);
                case "POST /oauth2/v2.0/token" -> token(exchange, tenantSegment);
                case "GET /oauth2/v2.0/logout" -> logout(exchange);
                default -> Exchanges.html(exchange, 404, Pages.error("AADSTS900561",
                        "The endpoint only accepts known Microsoft identity platform requests."));
            }
        } catch (OAuthError error) {
            if (rest.toLowerCase(Locale.ROOT).endsWith("/token")) {
                Exchanges.json(exchange, error.status, error.json(directory.now()));
            } else {
                Exchanges.html(exchange, error.status, Pages.error("AADSTS" + error.code, error.getMessage()));
            }
        }
    }

    // ---------------------------------------------------------------- discovery

    private void discovery(HttpServerExchange exchange, String tenantSegment) {
        String tenantPart;
        if (isMultiTenant(tenantSegment)) {
            tenantPart = "{tenantid}";
        } else {
            tenantPart = resolveTenant(tenantSegment).id();
        }
        String base = baseUrl.get();
        String segment = isMultiTenant(tenantSegment) ? tenantSegment : tenantPart;
        ObjectNode doc = Json.object();
        doc.put("token_endpoint", base + "/" + segment + "/oauth2/v2.0/token");
        doc.putArray("token_endpoint_auth_methods_supported").add("client_secret_post").add("private_key_jwt")
                .add("client_secret_basic");
        doc.put("jwks_uri", base + "/" + segment + "/discovery/v2.0/keys");
        doc.putArray("response_modes_supported").add("query").add("fragment").add("form_post");
        doc.putArray("subject_types_supported").add("pairwise");
        doc.putArray("id_token_signing_alg_values_supported").add("RS256");
        doc.putArray("response_types_supported").add("code").add("id_token").add("code id_token").add("id_token token");
        doc.putArray("scopes_supported").add("openid").add("profile").add("email").add("offline_access");
        doc.put("issuer", base + "/" + tenantPart + "/v2.0");
        doc.put("request_uri_parameter_supported", false);
        doc.put("userinfo_endpoint", "https://graph.microsoft.com/oidc/userinfo");
        doc.put("authorization_endpoint", base + "/" + segment + "/oauth2/v2.0/authorize");
        doc.put("device_authorization_endpoint", base + "/" + segment + "/oauth2/v2.0/devicecode");
        doc.put("http_logout_supported", true);
        doc.put("frontchannel_logout_supported", true);
        doc.put("end_session_endpoint", base + "/" + segment + "/oauth2/v2.0/logout");
        doc.putArray("claims_supported").add("sub").add("iss").add("aud").add("exp").add("iat").add("auth_time")
                .add("acr").add("nonce").add("preferred_username").add("name").add("tid").add("ver").add("email")
                .add("oid");
        doc.put("kerberos_endpoint", base + "/" + segment + "/kerberos");
        doc.put("tenant_region_scope", "EU");
        doc.put("cloud_instance_name", "microsoftonline.com");
        doc.put("cloud_graph_host_name", "graph.windows.net");
        doc.put("msgraph_host", "graph.microsoft.com");
        doc.put("rbac_url", "https://pas.windows.net");
        doc.putArray("code_challenge_methods_supported").add("plain").add("S256");
        Exchanges.json(exchange, 200, doc);
    }

    private void instanceDiscovery(HttpServerExchange exchange) {
        String host = baseUrl.get().replaceFirst("^https://", "");
        ObjectNode doc = Json.object();
        doc.put("tenant_discovery_endpoint", baseUrl.get() + "/common/v2.0/.well-known/openid-configuration");
        doc.put("api-version", "1.1");
        ObjectNode metadata = doc.putArray("metadata").addObject();
        metadata.put("preferred_network", host).put("preferred_cache", host);
        metadata.putArray("aliases").add(host);
        Exchanges.json(exchange, 200, doc);
    }

    // ---------------------------------------------------------------- authorize, sign-in, consent

    private void authorize(HttpServerExchange exchange, String tenantSegment, boolean adminConsent) {
        if (!isMultiTenant(tenantSegment)) {
            resolveTenant(tenantSegment);
        }
        Application client = directory.application(query(exchange, "client_id")).orElseThrow(() -> new OAuthError(400,
                "unauthorized_client", 700016, "Application with identifier '" + query(exchange, "client_id")
                        + "' was not found in the directory '" + tenantSegment + "'."));
        String redirectUri = query(exchange, "redirect_uri");
        if (redirectUri == null || !client.acceptsRedirect(redirectUri)) {
            throw new OAuthError(400, "invalid_request", 50011, "The redirect URI '" + redirectUri
                    + "' specified in the request does not match the redirect URIs configured for the application '"
                    + client.appId() + "'.");
        }
        String responseMode = Optional.ofNullable(query(exchange, "response_mode")).orElse("query");
        String state = query(exchange, "state");
        Transaction failed = new Transaction(adminConsent, tenantSegment, client, redirectUri, responseMode, null,
                state, null, null, null, null, null, directory.now());
        if (!adminConsent && !"code".equals(query(exchange, "response_type"))) {
            redirectError(exchange, failed, "unsupported_response_type", new OAuthError(400, "unsupported_response_type",
                    700054, "response_type '" + query(exchange, "response_type") + "' is not enabled for the application."));
            return;
        }
        String challengeMethod = query(exchange, "code_challenge_method");
        if (query(exchange, "code_challenge") != null && challengeMethod != null
                && !challengeMethod.equals("S256") && !challengeMethod.equals("plain")) {
            redirectError(exchange, failed, "invalid_request", new OAuthError(400, "invalid_request", 501491,
                    "Invalid size of Code_Challenge parameter or unsupported code_challenge_method."));
            return;
        }
        ScopeRequest scopes;
        try {
            scopes = adminConsent && query(exchange, "scope") == null
                    ? ScopeRequest.parse(PermissionCatalogue.GRAPH_RESOURCE + "/.default", directory.catalogue(), client)
                    : ScopeRequest.parse(Optional.ofNullable(query(exchange, "scope")).orElse(""), directory.catalogue(), client);
        } catch (OAuthError error) {
            redirectError(exchange, failed, error.error, error);
            return;
        }
        Transaction transaction = new Transaction(adminConsent, tenantSegment, client, redirectUri, responseMode,
                scopes, state, query(exchange, "nonce"), query(exchange, "code_challenge"),
                challengeMethod == null ? "plain" : challengeMethod, query(exchange, "prompt"),
                query(exchange, "login_hint"), directory.now());
        transactions.values().removeIf(old -> old.createdAt.plus(TRANSACTION_LIFETIME).isBefore(directory.now()));
        transactions.put(transaction.id, transaction);

        Optional<Session> session = currentSession(exchange, tenantSegment);
        boolean forceLogin = "login".equals(transaction.prompt) || "select_account".equals(transaction.prompt);
        if (session.isPresent() && !forceLogin) {
            transaction.session = session.get();
            afterSignIn(exchange, transaction);
        } else if ("none".equals(transaction.prompt)) {
            redirectError(exchange, transaction, "login_required", new OAuthError(400, "login_required", 50058,
                    "A silent sign-in request was sent but no user is signed in."));
        } else {
            Exchanges.html(exchange, 200, Pages.signIn(tenantSegment, transaction.id, transaction.loginHint,
                    client.displayName(), null));
        }
    }

    private void login(HttpServerExchange exchange, String tenantSegment) {
        Map<String, String> form = Exchanges.form(exchange);
        Transaction transaction = transaction(form.get("tx"));
        String username = form.getOrDefault("username", "").trim();
        Optional<Tenant> tenant = isMultiTenant(tenantSegment)
                ? directory.tenantOfSignInName(username)
                : directory.tenant(tenantSegment);
        Optional<DirectoryUser> user = tenant.flatMap(found -> found.user(username));
        if (user.isEmpty()) {
            Exchanges.html(exchange, 200, Pages.signIn(tenantSegment, transaction.id, username,
                    transaction.client.displayName(), "AADSTS50034: We couldn't find an account with that username in "
                            + (tenant.isPresent() ? tenant.get().displayName() : "this directory") + "."));
            return;
        }
        String ip = clientIp(exchange);
        if (!user.get().passwordMatches(form.get("password"))) {
            directory.recordSignIn(tenant.get(), user.get(), transaction.client.appId(),
                    transaction.client.displayName(), ip, 50126, "Invalid username or password or Invalid on-premise "
                            + "username or password.");
            Exchanges.html(exchange, 200, Pages.signIn(tenantSegment, transaction.id, username,
                    transaction.client.displayName(), "AADSTS50126: Your account or password is incorrect."));
            return;
        }
        if (!user.get().accountEnabled()) {
            directory.recordSignIn(tenant.get(), user.get(), transaction.client.appId(),
                    transaction.client.displayName(), ip, 50057, "User account is disabled.");
            Exchanges.html(exchange, 200, Pages.signIn(tenantSegment, transaction.id, username,
                    transaction.client.displayName(), "AADSTS50057: Your account has been locked. Contact your support person to unlock it."));
            return;
        }
        if (user.get().mfaEnforced()) {
            transaction.pendingUser = user.get();
            transaction.pendingTenantId = tenant.get().id();
            transaction.sentCode = String.format(Locale.ROOT, "%06d", CODES.nextInt(1_000_000));
            transaction.wrongCodes = 0;
            Exchanges.html(exchange, 200, Pages.verifyCode(tenantSegment, transaction.id,
                    user.get().userPrincipalName(), maskedPhone(user.get()), transaction.sentCode, null));
            return;
        }
        directory.recordSignIn(tenant.get(), user.get(), transaction.client.appId(),
                transaction.client.displayName(), ip, 0, null);
        startSession(exchange, transaction, tenant.get(), user.get(), List.of("pwd"));
    }

    /**
     * The code of a user with MFA enforced: the right one signs them in ({@code amr} pwd and mfa), a wrong one is
     * refused (AADSTS500121, logged), and after three wrong ones the sign-in starts over.
     */
    private void secondFactor(HttpServerExchange exchange, String tenantSegment) {
        Map<String, String> form = Exchanges.form(exchange);
        Transaction transaction = transaction(form.get("tx"));
        DirectoryUser user = transaction.pendingUser;
        if (user == null) {
            throw expiredSignIn();
        }
        Tenant tenant = directory.tenant(transaction.pendingTenantId).orElseThrow();
        String ip = clientIp(exchange);
        if (!transaction.sentCode.equals(form.getOrDefault("otc", "").strip())) {
            directory.recordSignIn(tenant, user, transaction.client.appId(), transaction.client.displayName(), ip,
                    500121, "Authentication failed during strong authentication request.");
            if (++transaction.wrongCodes >= 3) {
                transaction.pendingUser = null;
                Exchanges.html(exchange, 200, Pages.signIn(tenantSegment, transaction.id, user.userPrincipalName(),
                        transaction.client.displayName(), "AADSTS500121: Authentication failed during strong "
                                + "authentication request. Sign in again."));
                return;
            }
            Exchanges.html(exchange, 200, Pages.verifyCode(tenantSegment, transaction.id, user.userPrincipalName(),
                    maskedPhone(user), transaction.sentCode, "AADSTS500121: That code didn't work. Check the code "
                            + "and try again."));
            return;
        }
        transaction.pendingUser = null;
        directory.recordSignIn(tenant, user, transaction.client.appId(), transaction.client.displayName(), ip, 0,
                null);
        startSession(exchange, transaction, tenant, user, List.of("pwd", "mfa"));
    }

    /** A page of the sign-in posted for a transaction that is gone, or past the step it answers. */
    private static OAuthError expiredSignIn() {
        return new OAuthError(400, "invalid_request", 90015, "The sign-in session has expired or is not valid. "
                + "Please go back to the application and sign in again.");
    }

    private static final java.security.SecureRandom CODES = new java.security.SecureRandom();

    /** The address a sign-in came from, as the sign-in log records it. */
    private static String clientIp(HttpServerExchange exchange) {
        return exchange.getSourceAddress() == null ? "127.0.0.1"
                : exchange.getSourceAddress().getAddress().getHostAddress();
    }

    /** The user's mobile phone as Entra shows it: all but the last two digits hidden. */
    private static String maskedPhone(DirectoryUser user) {
        String phone = user.json().path("mobilePhone").asText("");
        String digits = phone.replaceAll("[^0-9]", "");
        return digits.length() < 2 ? "+XX XXXXXXXXXX" : "+XX XXXXXXXX" + digits.substring(digits.length() - 2);
    }

    private void startSession(HttpServerExchange exchange, Transaction transaction, Tenant tenant, DirectoryUser user,
            List<String> methods) {
        String sessionId = Tokens.opaque("");
        Session session = new Session(user.id(), tenant.id(), directory.now(), methods);
        sessions.put(sessionId, session);
        exchange.setResponseCookie(new CookieImpl(SESSION_COOKIE, sessionId).setPath("/").setHttpOnly(true)
                .setSecure(true).setSameSiteMode("None"));
        transaction.session = session;
        afterSignIn(exchange, transaction);
    }

    /** Decides between issuing a code, asking for consent, and "need admin approval". */
    private void afterSignIn(HttpServerExchange exchange, Transaction transaction) {
        Tenant tenant = directory.tenant(transaction.session.tenantId()).orElseThrow();
        DirectoryUser user = tenant.user(transaction.session.userId()).orElseThrow();
        ScopeRequest requested = transaction.scopes;
        if (transaction.adminConsent) {
            if (!user.canGrantTenantWideConsent()) {
                Exchanges.html(exchange, 200, Pages.needAdminApproval(transaction.tenantSegment, transaction.id,
                        transaction.client.displayName(), user.userPrincipalName()));
                return;
            }
            Exchanges.html(exchange, 200, Pages.consent(transaction.tenantSegment, transaction.id,
                    transaction.client.displayName(), publisher(transaction.client), user.userPrincipalName(),
                    items(requested.delegatedByResource(), requested.resource(), requested.roles(), true), false, false));
            return;
        }
        Map<String, Set<String>> missing = missingScopes(tenant, transaction.client, user, requested);
        boolean forceConsent = "consent".equals(transaction.prompt);
        if (missing.isEmpty() && !forceConsent) {
            issueCode(exchange, transaction);
            return;
        }
        if ("none".equals(transaction.prompt)) {
            redirectError(exchange, transaction, "consent_required", consentRequired(transaction.client, tenant));
            return;
        }
        Map<String, Set<String>> toShow = forceConsent ? requested.delegatedByResource() : missing;
        if (needsAdmin(tenant, toShow) && !user.canGrantTenantWideConsent()) {
            Exchanges.html(exchange, 200, Pages.needAdminApproval(transaction.tenantSegment, transaction.id,
                    transaction.client.displayName(), user.userPrincipalName()));
            return;
        }
        boolean admin = user.canGrantTenantWideConsent();
        Exchanges.html(exchange, 200, Pages.consent(transaction.tenantSegment, transaction.id,
                transaction.client.displayName(), publisher(transaction.client), user.userPrincipalName(),
                items(toShow, requested.resource(), Set.of(), admin), admin, false));
    }

    /** Whether consenting to these permissions takes an administrator: Microsoft's flag, or the tenant's setting. */
    private boolean needsAdmin(Tenant tenant, Map<String, Set<String>> permissions) {
        if (!tenant.userConsentAllowed()) {
            return true;
        }
        return permissions.entrySet().stream().anyMatch(entry -> entry.getValue().stream()
                .map(scope -> directory.catalogue().resource(entry.getKey()).flatMap(resource -> resource.scope(scope)))
                .flatMap(Optional::stream).anyMatch(Scope::adminConsentRequired));
    }

    private void consentDecision(HttpServerExchange exchange) {
        Map<String, String> form = Exchanges.form(exchange);
        Transaction transaction = transaction(form.get("tx"));
        if (transaction.session == null) {
            throw new OAuthError(400, "invalid_request", 90014, "The request has no signed-in user.");
        }
        Tenant tenant = directory.tenant(transaction.session.tenantId()).orElseThrow();
        DirectoryUser user = tenant.user(transaction.session.userId()).orElseThrow();
        String decision = form.getOrDefault("decision", "");
        if (decision.equals("return")) {
            transactions.remove(transaction.id);
            redirectError(exchange, transaction, transaction.adminConsent ? "access_denied" : "consent_required",
                    new OAuthError(400, "consent_required", 90094, "The grant requires admin permission."));
            return;
        }
        if (!decision.equals("accept")) {
            transactions.remove(transaction.id);
            redirectError(exchange, transaction, "access_denied", new OAuthError(400, "access_denied", 65004,
                    "User declined to consent to access the app."));
            return;
        }
        synchronized (directory) {
            ObjectNode clientSp = directory.ensureServicePrincipal(tenant, transaction.client);
            boolean organization = transaction.adminConsent || "true".equals(form.get("organization"));
            // A user consents to what is missing for them: what the organisation granted already (an administrator's
            // permissions among it) needs no administrator now
            Map<String, Set<String>> delegated = organization ? transaction.scopes.delegatedByResource()
                    : missingScopes(tenant, transaction.client, user, transaction.scopes);
            if ((organization || needsAdmin(tenant, delegated)) && !user.canGrantTenantWideConsent()) {
                throw new OAuthError(403, "access_denied", 90094, "The grant requires admin permission.");
            }
            delegated.forEach((resourceAppId, scopes) -> directory.grantDelegated(tenant, clientSp.get("id").asText(),
                    directory.resourceServicePrincipal(tenant, resourceAppId).get("id").asText(),
                    organization ? null : user.id(), scopes));
            PermissionCatalogue.Resource resource = transaction.scopes.resource();
            ObjectNode resourceSp = directory.resourceServicePrincipal(tenant, resource.appId());
            for (String role : transaction.scopes.roles()) {
                directory.assignAppRole(tenant, clientSp, resourceSp, resource.appRole(role).orElseThrow());
            }
        }
        transactions.remove(transaction.id);
        if (transaction.adminConsent) {
            Map<String, String> answer = new LinkedHashMap<>();
            answer.put("admin_consent", "True");
            answer.put("tenant", tenant.id());
            answer.put("scope", transaction.scopes.asRequested());
            putIfPresent(answer, "state", transaction.state);
            respond(exchange, transaction, answer);
        } else {
            issueCode(exchange, transaction);
        }
    }

    private void issueCode(HttpServerExchange exchange, Transaction transaction) {
        String value = Tokens.opaque("1.A");
        codes.put(value, new Code(transaction, directory.now()));
        transactions.remove(transaction.id);
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("code", value);
        putIfPresent(answer, "state", transaction.state);
        answer.put("session_state", Directory.stableId(transaction.session.userId(), "session"));
        respond(exchange, transaction, answer);
    }

    private void logout(HttpServerExchange exchange) {
        Cookie cookie = exchange.getRequestCookie(SESSION_COOKIE);
        if (cookie != null) {
            sessions.remove(cookie.getValue());
        }
        exchange.setResponseCookie(new CookieImpl(SESSION_COOKIE, "").setPath("/").setMaxAge(0).setSecure(true));
        String target = query(exchange, "post_logout_redirect_uri");
        if (target != null) {
            Exchanges.redirect(exchange, target);
        } else {
            Exchanges.html(exchange, 200, Pages.error("", "You signed out of your account."));
        }
    }

    // ---------------------------------------------------------------- token

    private void token(HttpServerExchange exchange, String tenantSegment) {
        Map<String, String> form = Exchanges.form(exchange);
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (basic != null && basic.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            clientId = java.net.URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = pair.length > 1 ? java.net.URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : null;
        }
        String requestedClient = clientId;
        Application client = directory.application(clientId).orElseThrow(() -> new OAuthError(400,
                "unauthorized_client", 700016, "Application with identifier '" + requestedClient
                        + "' was not found in the directory '" + tenantSegment + "'. This can happen if the application "
                        + "has not been installed by the administrator of the tenant or consented to by any user in the tenant."));
        Exchanges.info(exchange).appId = client.appId();
        String assertion = form.get("client_assertion");
        if (assertion != null) {
            if (!ClientAssertions.TYPE.equals(form.get("client_assertion_type"))) {
                throw new OAuthError(400, "invalid_request", 50027, "Invalid client_assertion_type; expected '"
                        + ClientAssertions.TYPE + "'.");
            }
            ClientAssertions.verify(assertion, client, baseUrl.get() + "/" + tenantSegment + "/oauth2/v2.0/token",
                    directory.now());
        } else if (secret == null) {
            throw new OAuthError(401, "invalid_client", 7000218,
                    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        } else if (!client.acceptsSecret(secret)) {
            throw new OAuthError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret "
                    + "being sent in the request is the client secret value, not the client secret ID, for a secret "
                    + "added to app '" + client.appId() + "'.");
        }
        String grantType = Optional.ofNullable(form.get("grant_type")).orElse("");
        ObjectNode answer = switch (grantType) {
            case "authorization_code" -> authorizationCode(form, client, tenantSegment, exchange);
            case "refresh_token" -> refreshToken(form, client, tenantSegment, exchange);
            case "client_credentials" -> clientCredentials(form, client, tenantSegment, exchange);
            default -> throw new OAuthError(400, "unsupported_grant_type", 70003,
                    "The app requested an unsupported grant type '" + grantType + "'.");
        };
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store, no-cache");
        Exchanges.json(exchange, 200, answer);
    }

    private ObjectNode authorizationCode(Map<String, String> form, Application client, String tenantSegment,
            HttpServerExchange exchange) {
        Code code = codes.get(Optional.ofNullable(form.get("code")).orElse(""));
        if (code == null || !code.clientId.equalsIgnoreCase(client.appId())) {
            throw new OAuthError(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
        }
        ScopeRequest requested = (form.containsKey("scope")
                ? ScopeRequest.parse(form.get("scope"), directory.catalogue(), client) : code.scopes).requireSingleResource();
        synchronized (code) {
            if (code.redeemed) {
                throw new OAuthError(400, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, "
                        + "please retry with a new valid code or use an existing refresh token.");
            }
            if (!directory.now().isBefore(code.expiresAt)) {
                throw new OAuthError(400, "invalid_grant", 70008, "The provided authorization code or refresh token "
                        + "has expired due to inactivity. Send a new interactive authorization request for this user and resource.");
            }
            if (!code.redirectUri.equals(form.get("redirect_uri"))) {
                throw new OAuthError(400, "invalid_grant", 500112, "The reply address '" + form.get("redirect_uri")
                        + "' does not match the reply address '" + code.redirectUri
                        + "' provided when requesting Authorization code.");
            }
            if (code.challenge != null && !pkceMatches(code, form.get("code_verifier"))) {
                throw new OAuthError(400, "invalid_grant", 501481,
                        "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
            }
            code.redeemed = true;
        }
        Tenant tenant = directory.tenant(code.tenantId).orElseThrow();
        checkTenantSegment(tenantSegment, tenant);
        DirectoryUser user = tenant.user(code.userId).orElseThrow(() -> new OAuthError(400, "invalid_grant", 50034,
                "The user account does not exist in the directory."));
        return userTokens(exchange, tenant, client, user, requested, code.nonce, code.authTime,
                code.scopes.openId().contains("offline_access") || requested.openId().contains("offline_access"),
                code.methods);
    }

    private ObjectNode refreshToken(Map<String, String> form, Application client, String tenantSegment,
            HttpServerExchange exchange) {
        RefreshToken token = refreshTokens.get(Optional.ofNullable(form.get("refresh_token")).orElse(""));
        if (token == null || !token.clientId().equalsIgnoreCase(client.appId())) {
            throw new OAuthError(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
        }
        Tenant tenant = directory.tenant(token.tenantId()).orElseThrow();
        checkTenantSegment(tenantSegment, tenant);
        Optional<DirectoryUser> found = tenant.user(token.userId());
        if (found.isEmpty()) {
            throw new OAuthError(400, "invalid_grant", 50034, "The user account does not exist in the directory.");
        }
        DirectoryUser user = found.get();
        if (!user.accountEnabled()) {
            throw new OAuthError(400, "invalid_grant", 50057, "The user account is disabled.");
        }
        if (token.issuedAt().isBefore(user.sessionsValidAfter())) {
            throw new OAuthError(400, "invalid_grant", 50173, "The provided grant has expired due to it being revoked, "
                    + "a fresh auth token is needed. The user might have changed or reset their password.");
        }
        if (!directory.now().isBefore(token.expiresAt())) {
            throw new OAuthError(400, "invalid_grant", 700082, "The refresh token has expired due to inactivity.");
        }
        if (user.mfaEnforced() && !token.methods().contains("mfa")) {
            throw new OAuthError(400, "invalid_grant", 50076, "Due to a configuration change made by your "
                    + "administrator, or because you moved to a new location, you must use multi-factor "
                    + "authentication to access '" + PermissionCatalogue.GRAPH_RESOURCE + "'.");
        }
        ScopeRequest requested = ScopeRequest.parse(Optional.ofNullable(form.get("scope")).orElse(""),
                directory.catalogue(), client).requireSingleResource();
        return userTokens(exchange, tenant, client, user, requested, null, null, true, token.methods());
    }

    private ObjectNode userTokens(HttpServerExchange exchange, Tenant tenant, Application client, DirectoryUser user,
            ScopeRequest requested, String nonce, Instant authTime, boolean issueRefreshToken, List<String> methods) {
        PermissionCatalogue.Resource resource = requested.resource();
        Set<String> granted = grantedScopes(tenant, client, user, resource.appId());
        if (requested.scopes().stream().anyMatch(scope -> granted.stream().noneMatch(scope::equalsIgnoreCase))) {
            OAuthError base = consentRequired(client, tenant);
            throw new OAuthError(400, "invalid_grant", base.code, base.getMessage() + " Send an interactive "
                    + "authorization request for this user and resource.", "consent_required");
        }
        // scp carries every permission consented for the resource, not only those asked for.
        List<String> resourceScopes = granted.stream().filter(scope -> !PermissionCatalogue.OPENID_SCOPES
                .contains(scope.toLowerCase(Locale.ROOT))).toList();
        Exchanges.Info info = Exchanges.info(exchange);
        info.tenant = tenant.id();
        info.scopes = String.join(" ", resourceScopes);
        ObjectNode answer = Json.object();
        answer.put("token_type", "Bearer");
        List<String> scopeAnswer = new ArrayList<>(resourceScopes.stream().map(resource::qualified).toList());
        requested.openId().stream().filter(scope -> !scope.equals("offline_access")).forEach(scopeAnswer::add);
        answer.put("scope", String.join(" ", scopeAnswer));
        long lifetime = tokens.accessTokenLifetime().toSeconds() - 1;
        answer.put("expires_in", lifetime).put("ext_expires_in", lifetime);
        answer.put("access_token", tokens.delegatedAccessToken(resource.audience(), tenant, client, user, resourceScopes,
                methods));
        if (issueRefreshToken) {
            String refresh = Tokens.opaque("1.AR");
            refreshTokens.put(refresh, new RefreshToken(tenant.id(), user.id(), client.appId(), directory.now(),
                    directory.now().plus(REFRESH_TOKEN_LIFETIME), methods));
            answer.put("refresh_token", refresh);
        }
        if (requested.openId().contains("openid") || authTime != null) {
            answer.put("id_token", tokens.idToken(baseUrl.get() + "/" + tenant.id() + "/v2.0", tenant, client, user,
                    nonce, authTime == null ? directory.now() : authTime,
                    directory.emitsGroupClaims(client.appId()) ? directory.groupsOf(tenant, user) : null));
        }
        answer.put("client_info", Tokens.clientInfo(user, tenant));
        return answer;
    }

    private ObjectNode clientCredentials(Map<String, String> form, Application client, String tenantSegment,
            HttpServerExchange exchange) {
        String scope = Optional.ofNullable(form.get("scope")).orElse("");
        List<String> resources = Directory.splitScopes(scope).stream()
                .filter(value -> !PermissionCatalogue.OPENID_SCOPES.contains(value.toLowerCase(Locale.ROOT))).toList();
        if (resources.size() != 1 || !resources.get(0).endsWith("/.default")) {
            throw new OAuthError(400, "invalid_scope", 1002012, "The provided value for scope " + scope + " is not "
                    + "valid. Client credential flows must have a scope value with /.default suffixed to the resource "
                    + "identifier (application ID URI).");
        }
        PermissionCatalogue.Resource resource = ScopeRequest.resourceOf(
                resources.get(0).substring(0, resources.get(0).length() - "/.default".length()), directory.catalogue());
        if (isMultiTenant(tenantSegment)) {
            throw new OAuthError(400, "invalid_request", 50059, "No tenant-identifying information found in either "
                    + "the request or implied by any provided credentials.");
        }
        Tenant tenant = resolveTenant(tenantSegment);
        Exchanges.info(exchange).tenant = tenant.id();
        Set<String> roles;
        String servicePrincipalId;
        synchronized (directory) {
            ObjectNode clientSp = tenant.servicePrincipalByAppId(client.appId()).orElseThrow(() -> new OAuthError(400,
                    "unauthorized_client", 700016, "Application with identifier '" + client.appId() + "' was not found "
                            + "in the directory '" + tenant.displayName() + "'. This can happen if the application has "
                            + "not been installed by the administrator of the tenant or consented to by any user in the tenant."));
            servicePrincipalId = clientSp.get("id").asText();
            roles = directory.grantedAppRoles(tenant, servicePrincipalId,
                    directory.resourceServicePrincipal(tenant, resource.appId()).get("id").asText());
        }
        Exchanges.info(exchange).scopes = String.join(" ", roles);
        ObjectNode answer = Json.object();
        long lifetime = tokens.accessTokenLifetime().toSeconds() - 1;
        answer.put("token_type", "Bearer").put("expires_in", lifetime).put("ext_expires_in", lifetime);
        answer.put("access_token", tokens.applicationAccessToken(resource.audience(), tenant, client,
                servicePrincipalId, roles));
        return answer;
    }

    // ---------------------------------------------------------------- helpers

    /** Revokes the user's refresh tokens and browser sessions, as {@code revokeSignInSessions} does. */
    public void revokeSessions(DirectoryUser user) {
        directory.revokeSessions(user);
        sessions.values().removeIf(session -> session.userId().equals(user.id()));
    }

    /** The delegated permissions the client may use for the resource on the user's behalf. */
    private Set<String> grantedScopes(Tenant tenant, Application client, DirectoryUser user, String resourceAppId) {
        synchronized (directory) {
            Optional<ObjectNode> clientSp = tenant.servicePrincipalByAppId(client.appId());
            return clientSp.isEmpty() ? Set.of() : directory.grantedScopes(tenant, clientSp.get().get("id").asText(),
                    directory.resourceServicePrincipal(tenant, resourceAppId).get("id").asText(), user.id());
        }
    }

    /** What the request asks for and the user has not consented to yet, by resource app id. */
    private Map<String, Set<String>> missingScopes(Tenant tenant, Application client, DirectoryUser user,
            ScopeRequest requested) {
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        requested.delegatedByResource().forEach((resourceAppId, scopes) -> {
            Set<String> granted = grantedScopes(tenant, client, user, resourceAppId);
            for (String scope : scopes) {
                if (granted.stream().noneMatch(scope::equalsIgnoreCase)) {
                    missing.computeIfAbsent(resourceAppId, key -> new LinkedHashSet<>()).add(scope);
                }
            }
        });
        return missing;
    }

    private List<Pages.Item> items(Map<String, Set<String>> delegated, PermissionCatalogue.Resource rolesResource,
            Set<String> roles, boolean admin) {
        List<Pages.Item> items = new ArrayList<>();
        delegated.forEach((resourceAppId, scopes) -> {
            PermissionCatalogue.Resource resource = directory.catalogue().resource(resourceAppId).orElseThrow();
            for (String value : scopes) {
                Scope scope = resource.scope(value).orElseThrow();
                items.add(new Pages.Item(resource.qualified(scope.value()),
                        admin ? scope.adminConsentDisplayName() : scope.userConsentDisplayName(),
                        admin ? scope.adminConsentDescription() : scope.userConsentDescription()));
            }
        });
        for (String value : roles) {
            AppRole role = rolesResource.appRole(value).orElseThrow();
            items.add(new Pages.Item(rolesResource.qualified(role.value()), role.displayName(), role.description()));
        }
        return items;
    }

    private String publisher(Application client) {
        return directory.tenant(client.homeTenantId()).map(Tenant::displayName).orElse("unverified");
    }

    private static OAuthError consentRequired(Application client, Tenant tenant) {
        return new OAuthError(400, "consent_required", 65001, "The user or administrator has not consented to use the "
                + "application with ID '" + client.appId() + "' named '" + client.displayName() + "'.");
    }

    private Transaction transaction(String id) {
        Transaction transaction = id == null ? null : transactions.get(id);
        if (transaction == null || transaction.createdAt.plus(TRANSACTION_LIFETIME).isBefore(directory.now())) {
            throw expiredSignIn();
        }
        return transaction;
    }

    private Optional<Session> currentSession(HttpServerExchange exchange, String tenantSegment) {
        Cookie cookie = exchange.getRequestCookie(SESSION_COOKIE);
        Session session = cookie == null ? null : sessions.get(cookie.getValue());
        if (session == null) {
            return Optional.empty();
        }
        Optional<Tenant> tenant = directory.tenant(session.tenantId());
        Optional<DirectoryUser> user = tenant.flatMap(found -> found.user(session.userId()));
        boolean sameTenant = isMultiTenant(tenantSegment)
                || directory.tenant(tenantSegment).map(found -> found.id().equals(session.tenantId())).orElse(false);
        if (user.isEmpty() || !sameTenant || session.authTime().isBefore(user.get().sessionsValidAfter())) {
            return Optional.empty();
        }
        // A session without a second factor does not serve a user whose MFA has been enforced since
        if (user.get().mfaEnforced() && !session.methods().contains("mfa")) {
            return Optional.empty();
        }
        return Optional.of(session);
    }

    private void redirectError(HttpServerExchange exchange, Transaction transaction, String error, OAuthError cause) {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("error", error);
        answer.put("error_description", cause.description());
        putIfPresent(answer, "state", transaction.state);
        respond(exchange, transaction, answer);
    }

    private static void respond(HttpServerExchange exchange, Transaction transaction, Map<String, String> answer) {
        if ("form_post".equals(transaction.responseMode)) {
            Exchanges.html(exchange, 200, Pages.formPost(transaction.redirectUri, answer));
            return;
        }
        StringBuilder location = new StringBuilder(transaction.redirectUri);
        char separator = "fragment".equals(transaction.responseMode) ? '#' : transaction.redirectUri.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> entry : answer.entrySet()) {
            location.append(separator).append(encode(entry.getKey())).append('=').append(encode(entry.getValue()));
            separator = '&';
        }
        Exchanges.redirect(exchange, location.toString());
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static boolean pkceMatches(Code code, String verifier) {
        if (verifier == null) {
            return false;
        }
        if ("plain".equals(code.challengeMethod)) {
            return MessageDigest.isEqual(verifier.getBytes(StandardCharsets.US_ASCII),
                    code.challenge.getBytes(StandardCharsets.US_ASCII));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            String computed = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
            return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                    code.challenge.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isMultiTenant(String segment) {
        return segment.equalsIgnoreCase("common") || segment.equalsIgnoreCase("organizations");
    }

    private Tenant resolveTenant(String segment) {
        return directory.tenant(segment).orElseThrow(() -> new OAuthError(400, "invalid_tenant", 90002,
                "Tenant '" + segment + "' not found. Check to make sure you have the correct tenant ID and are signing "
                        + "into the correct cloud."));
    }

    private void checkTenantSegment(String segment, Tenant tenant) {
        if (!isMultiTenant(segment) && directory.tenant(segment).map(found -> !found.id().equals(tenant.id())).orElse(true)) {
            throw new OAuthError(400, "invalid_grant", 50020, "The grant was issued for a different tenant.");
        }
    }
}
