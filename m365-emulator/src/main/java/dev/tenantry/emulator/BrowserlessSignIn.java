package dev.tenantry.emulator;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Plays the user's browser through the emulator's sign-in and consent pages with plain HTTP, keeping cookies like a
 * browser, so tests and benchmarks can drive the real authorization code flow without one. One instance is one
 * browser (one SSO session); use one per account.
 *
 * <pre>{@code
 * // the portal sent the browser to authorizationUrl; the tenant's account signs in, consent was granted already
 * Map<String, String> answer = new BrowserlessSignIn(identityBaseUrl, sslContext)
 *         .authorize(authorizationUrl, "tenantry.integration@customer0001.example", ScaleSeed.PASSWORD);
 * // answer holds code and state (or error): post them to the redirect URI, as the browser would
 * }</pre>
 */
public final class BrowserlessSignIn {

    private static final Pattern TRANSACTION = Pattern.compile("name=\"tx\" value=\"([^\"]+)\"");
    private static final Pattern SIGN_IN_FORM = Pattern.compile("<form method=\"post\" action=\"/[^\"]*/login\">");
    private static final Pattern FORM_POST = Pattern.compile("<body onload=\"document.forms\\[0\\].submit\\(\\)\"><form method=\"post\" action=\"[^\"]*\">(.*?)</form>", Pattern.DOTALL);
    private static final Pattern SENT_CODE = Pattern.compile("<code id=\"sentCode\">([0-9]+)</code>");
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

    private final String identityBaseUrl;
    private final HttpClient http;
    private HttpResponse<String> last;

    public BrowserlessSignIn(M365Emulator emulator) {
        this(emulator.identityBaseUrl(), emulator.tls().clientContext());
    }

    /**
     * A browser for an emulator in another process: {@code identityBaseUrl} as it prints it
     * ({@code https://localhost:9443}), {@code tls} trusting its certificate (its trust store, or
     * {@code EmulatorTls.inFolder(folder).clientContext()}).
     */
    public BrowserlessSignIn(String identityBaseUrl, SSLContext tls) {
        this.identityBaseUrl = identityBaseUrl;
        this.http = HttpClient.newBuilder().sslContext(tls).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The whole authorization request in one call: opens {@code authorizationUrl}, signs in as {@code username} when
     * the page asks (with the code sent to the phone when the user's MFA is enforced), accepts the consent page for the
     * organisation if one is shown, and returns what the emulator sent back to the redirect URI ({@code code} and
     * {@code state}, or {@code error} and {@code error_description}).
     */
    public Map<String, String> authorize(String authorizationUrl, String username, String password) {
        open(authorizationUrl);
        String tenantSegment = URI.create(authorizationUrl).getPath().replaceFirst("^/", "").split("/")[0];
        if (last.statusCode() == 200 && SIGN_IN_FORM.matcher(last.body()).find()) {
            signIn(tenantSegment, username, password);
        }
        if (asksForCode()) {
            enterCode(tenantSegment, sentCode());
        }
        if (showsConsent()) {
            accept(tenantSegment, true);
        }
        return redirectParameters();
    }

    /** Opens the authorization URL the application built. */
    public BrowserlessSignIn open(String authorizationUrl) {
        last = get(URI.create(authorizationUrl));
        return this;
    }

    /** Submits the sign-in form of the current page. */
    public BrowserlessSignIn signIn(String tenantSegment, String username, String password) {
        last = post(tenantSegment, "/login", Map.of("tx", transaction(), "username", username, "password", password));
        return this;
    }

    /** Whether the page asks for the second factor (the code sent to the phone of a user whose MFA is enforced). */
    public boolean asksForCode() {
        return last.statusCode() == 200 && last.body().contains("/mfa\">");
    }

    /** The code the emulator "texted" (shown on its page, as there is no phone). */
    public String sentCode() {
        Matcher code = SENT_CODE.matcher(last.body());
        if (!code.find()) {
            throw new AssertionError("the page shows no code sent: " + last.body());
        }
        return code.group(1);
    }

    /** Submits {@code code} as the second factor. */
    public BrowserlessSignIn enterCode(String tenantSegment, String code) {
        last = post(tenantSegment, "/mfa", Map.of("tx", transaction(), "otc", code));
        return this;
    }

    /** Accepts the consent page, optionally for the whole organisation. */
    public BrowserlessSignIn accept(String tenantSegment, boolean forOrganization) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("tx", transaction(), "decision", "accept"));
        if (forOrganization) {
            form.put("organization", "true");
        }
        last = post(tenantSegment, "/Consent/Set", form);
        return this;
    }

    /** Declines the consent page, or returns from "need admin approval". */
    BrowserlessSignIn decline(String tenantSegment, String decision) {
        last = post(tenantSegment, "/Consent/Set", Map.of("tx", transaction(), "decision", decision));
        return this;
    }

    HttpResponse<String> response() {
        return last;
    }

    public String page() {
        return last.body();
    }

    public boolean showsConsent() {
        return last.statusCode() == 200 && last.body().contains("Permissions requested");
    }

    /** Whether the page says the account may not consent: only an administrator can grant what is asked. */
    public boolean needsAdminApproval() {
        return last.statusCode() == 200 && last.body().contains("Need admin approval");
    }

    /**
     * The parameters the emulator sent back to the redirect URI: from the redirect's query, or from the auto-posting
     * form of {@code response_mode=form_post} (which MSAL4J asks for).
     */
    public Map<String, String> redirectParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (last.headers().firstValue("Location").isEmpty()) {
            Matcher form = FORM_POST.matcher(last.body());
            if (!form.find()) {
                throw new AssertionError("no redirect and no form_post; page was: " + last.body());
            }
            Matcher input = HIDDEN.matcher(form.group(1));
            while (input.find()) {
                parameters.put(unescape(input.group(1)), unescape(input.group(2)));
            }
            return parameters;
        }
        String location = last.headers().firstValue("Location").orElseThrow();
        String query = URI.create(location).getRawQuery();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private String transaction() {
        Matcher matcher = TRANSACTION.matcher(last.body());
        if (!matcher.find()) {
            throw new AssertionError("no form on the page (" + last.statusCode() + "): " + last.body());
        }
        return matcher.group(1);
    }

    private HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET().build());
    }

    private HttpResponse<String> post(String tenantSegment, String path, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(URI.create(identityBaseUrl + "/" + tenantSegment + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request to the emulator failed: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
