package dev.tenantry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenantry.emulator.BrowserlessSignIn;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A member of staff's browser without a browser: signs in through the portal and the emulator's sign-in page, keeps
 * the session cookie, reads pages (with the server's statement count and time when the portal reports them), and
 * does over plain HTTP what staff do on pages: create an API token, grant consent to a tenant.
 */
final class Staff {

    /** A page as the benchmark sees it. */
    record View(int status, String body, double clientMillis, OptionalInt statements, double serverMillis) {
    }

    private static final Pattern VIEW_STATE = Pattern.compile(
            "name=\"jakarta\\.faces\\.ViewState\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern NONCE = Pattern.compile("<script[^>]* nonce=\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("id=\"issuedSecret\"[^>]*>(tnt_[^<]+)<");
    private static final Pattern SERVER_TIMING = Pattern.compile("app;dur=([0-9.]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI portal;
    private final String identityBaseUrl;
    private final SSLContext emulatorTls;
    private final HttpClient http;

    private Staff(URI portal, String identityBaseUrl, SSLContext emulatorTls) {
        this.portal = portal;
        this.identityBaseUrl = identityBaseUrl;
        this.emulatorTls = emulatorTls;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Signs {@code user} in to the portal at {@code portal} through the emulator, as a browser would. */
    static Staff signIn(URI portal, String identityBaseUrl, SSLContext emulatorTls, String user, String password)
            throws IOException, InterruptedException {
        Staff staff = new Staff(portal, identityBaseUrl, emulatorTls);
        URI next = portal.resolve("/");
        for (int hop = 0; hop < 5; hop++) {
            HttpResponse<String> answer = staff.send(HttpRequest.newBuilder(next).GET().build());
            String location = answer.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                    "The portal did not send an unsigned browser to sign in: " + answer.statusCode()));
            next = next.resolve(location);
            if (next.toString().startsWith(identityBaseUrl)) {
                Map<String, String> back = new BrowserlessSignIn(identityBaseUrl, emulatorTls)
                        .authorize(next.toString(), user, password);
                require(!back.containsKey("error"), "Sign-in of " + user + " failed: " + back);
                HttpResponse<String> callback = staff.send(form(portal.resolve("/auth/callback"), back));
                require(callback.statusCode() == 302, "The sign-in callback answered " + callback.statusCode()
                        + ": " + callback.body());
                return staff;
            }
        }
        throw new IllegalStateException("The portal did not lead to the sign-in page");
    }

    /** Reads a page of the portal (path from the context root), asking for its statistics. */
    View view(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(portal.resolve(path)).GET().timeout(Duration.ofMinutes(2))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> answer = send(request);
        double millis = (System.nanoTime() - start) / 1e6;
        OptionalInt statements = answer.headers().firstValue("X-Tenantry-Sql-Statements")
                .map(value -> OptionalInt.of(Integer.parseInt(value.strip()))).orElse(OptionalInt.empty());
        double server = answer.headers().firstValue("Server-Timing").map(SERVER_TIMING::matcher)
                .filter(Matcher::find).map(found -> Double.parseDouble(found.group(1))).orElse(Double.NaN);
        return new View(answer.statusCode(), answer.body(), millis, statements, server);
    }

    /**
     * Creates a personal API token on Settings → API tokens (the dialog's AJAX request, as PrimeFaces sends it) with
     * {@code permissions}; its secret.
     */
    String createApiToken(String name, List<String> permissions) throws IOException, InterruptedException {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("createForm:name", name);
        fields.put("createForm:days_input", "30");
        fields.put("createForm:days", "30");
        StringBuilder more = new StringBuilder();
        for (String permission : permissions) {
            more.append('&').append(encode(Map.of("createForm:permissions", permission)));
        }
        HttpResponse<String> answer = ajax("/settings/api-tokens.xhtml", "createForm", "createForm:createToken",
                "createForm tokensForm", fields, more.toString());
        Matcher secret = TOKEN.matcher(answer.body());
        require(answer.statusCode() == 200 && secret.find(), "No API token was issued: " + answer.body());
        return secret.group(1).strip();
    }

    /** Presses "Scan all tenants" on Secure's fleet page. */
    void scanAllTenants() throws IOException, InterruptedException {
        HttpResponse<String> answer = ajax("/secure/fleet.xhtml", "fleetForm", "fleetForm:scanAll", "fleetForm",
                Map.of(), "");
        require(answer.statusCode() == 200 && !answer.body().contains("<error>"),
                "Scan all tenants failed: " + answer.body());
    }

    /** Presses "Sync all tenants" on User Management's users page (no tenant chosen). */
    void syncAllUsers() throws IOException, InterruptedException {
        HttpResponse<String> answer = ajax("/user-management/index.xhtml", "usersForm", "usersForm:syncNow",
                "usersForm", Map.of(), "");
        require(answer.statusCode() == 200 && !answer.body().contains("<error>"),
                "Sync all tenants failed: " + answer.body());
    }

    /**
     * Opens {@code path} and presses {@code source} of {@code form} as PrimeFaces does (an AJAX request with the
     * page's view state and its content security policy nonce), with {@code fields} of the form and
     * {@code encodedMore} (already encoded, starting with {@code &}) for repeated fields.
     */
    private HttpResponse<String> ajax(String path, String form, String source, String render,
            Map<String, String> fields, String encodedMore) throws IOException, InterruptedException {
        View page = view(path);
        require(page.status() == 200, path + " answered " + page.status());
        Map<String, String> all = new LinkedHashMap<>();
        all.put("jakarta.faces.partial.ajax", "true");
        all.put("jakarta.faces.source", source);
        all.put("jakarta.faces.partial.execute", form);
        all.put("jakarta.faces.partial.render", render);
        all.put(source, source);
        all.put(form, form);
        all.putAll(fields);
        all.put("jakarta.faces.ViewState", viewState(page.body()));
        // The portal's content security policy: PrimeFaces sends the page's nonce with every AJAX request
        Matcher nonce = NONCE.matcher(page.body());
        if (nonce.find()) {
            all.put("primefaces.nonce", nonce.group(1));
        }
        return send(HttpRequest.newBuilder(portal.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Faces-Request", "partial/ajax")
                .POST(HttpRequest.BodyPublishers.ofString(encode(all) + encodedMore)).build());
    }

    /**
     * Grants {@code scopeSet} in {@code tenantId} through the consent page: "Grant", the tenant's account signs in at
     * the emulator (the consent was granted for the organisation already), the callback keeps the connection. False
     * when the page offers no grant (everything the scope set asks for was granted already).
     */
    boolean grant(String tenantId, String scopeSet, String account, String password)
            throws IOException, InterruptedException {
        String path = "/consent/required.xhtml?tenant=" + url(tenantId) + "&scopeSet=" + url(scopeSet);
        View page = view(path);
        require(page.status() == 200, "The consent page of " + tenantId + " answered " + page.status());
        if (!page.body().contains("id=\"grantForm\"")) {
            return false;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grantForm", "grantForm");
        fields.put("grantForm:grant", "");
        fields.put("tenant", tenantId);
        fields.put("scopeSet", scopeSet);
        fields.put("from", "");
        fields.put("jakarta.faces.ViewState", viewState(page.body()));
        HttpResponse<String> started = send(form(portal.resolve("/consent/required.xhtml"), fields));
        String authorize = started.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                "Grant in " + tenantId + " led nowhere: " + started.statusCode() + " " + started.body()));
        Map<String, String> back = new BrowserlessSignIn(identityBaseUrl, emulatorTls).authorize(authorize, account,
                password);
        require(!back.containsKey("error"), "The emulator refused the consent of " + account + ": " + back);
        HttpResponse<String> callback = send(HttpRequest.newBuilder(URI.create(portal.resolve("/consent/callback")
                + "?" + encode(back))).GET().build());
        String outcome = callback.headers().firstValue("Location").orElse("");
        require(callback.statusCode() == 302 && outcome.contains("outcome=granted"),
                "Consent in " + tenantId + " was not granted: " + callback.statusCode() + " " + outcome);
        return true;
    }

    /** Calls the REST API with a token; the JSON answer. */
    static JsonNode api(HttpClient http, URI portal, String token, String method, String path, Object body)
            throws IOException, InterruptedException {
        JsonNode answer = apiOrNull(http, portal, token, method, path, body);
        require(answer != null, method + " /api/" + path + " answered 404");
        return answer;
    }

    /** Calls the REST API with a token and no body; the answer's status, whatever it is. */
    static int apiStatus(HttpClient http, URI portal, String token, String method, String path)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(portal.resolve("/api/" + path)).header("Authorization", "Bearer "
                + token).header("Accept", "application/json").timeout(Duration.ofMinutes(1))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** As {@link #api}, but {@code null} for 404 Not Found. */
    static JsonNode apiOrNull(HttpClient http, URI portal, String token, String method, String path)
            throws IOException, InterruptedException {
        return apiOrNull(http, portal, token, method, path, null);
    }

    private static JsonNode apiOrNull(HttpClient http, URI portal, String token, String method, String path,
            Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(portal.resolve("/api/" + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .timeout(Duration.ofMinutes(1));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 404) {
            return null;
        }
        require(answer.statusCode() / 100 == 2, method + " /api/" + path + " answered " + answer.statusCode() + ": "
                + answer.body());
        return answer.body().isBlank() ? JSON.nullNode() : JSON.readTree(answer.body());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String viewState(String page) {
        Matcher state = VIEW_STATE.matcher(page);
        require(state.find(), "The page has no JSF view state");
        return state.group(1);
    }

    private static HttpRequest form(URI uri, Map<String, String> fields) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields))).build();
    }

    private static String encode(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&").append(url(name)).append('=')
                .append(url(value)));
        return body.toString();
    }

    private static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }
}
