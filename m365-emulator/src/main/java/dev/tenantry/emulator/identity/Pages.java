package dev.tenantry.emulator.identity;

import static dev.tenantry.emulator.http.Exchanges.escape;

import java.util.List;
import java.util.Map;

/** The HTML the emulated sign-in service shows: sign-in, consent, "need admin approval", errors, form_post. */
final class Pages {

    /** One permission on a consent page. */
    record Item(String value, String title, String description) {
    }

    private Pages() {
    }

    static String signIn(String tenantSegment, String transaction, String loginHint, String appName, String error) {
        return page("Sign in to your account", """
                <p class="app">to continue to <strong>%s</strong></p>
                %s
                <form method="post" action="/%s/login">
                  <input type="hidden" name="tx" value="%s">
                  <label for="username">Email, phone, or Skype</label>
                  <input id="username" name="username" type="email" autocomplete="username" value="%s" required>
                  <label for="password">Password</label>
                  <input id="password" name="password" type="password" autocomplete="current-password" required>
                  <button id="signIn" type="submit">Sign in</button>
                </form>
                """.formatted(escape(appName), error == null ? "" : "<p id=\"error\" class=\"error\">" + escape(error) + "</p>",
                escape(tenantSegment), escape(transaction), escape(loginHint == null ? "" : loginHint)));
    }

    static String consent(String tenantSegment, String transaction, String appName, String publisher, String user,
            List<Item> permissions, boolean offerOrganization, boolean organizationChecked) {
        StringBuilder items = new StringBuilder();
        for (Item item : permissions) {
            items.append("<li data-scope=\"").append(escape(item.value())).append("\"><strong>")
                    .append(escape(item.title())).append("</strong><br><small>").append(escape(item.description()))
                    .append("</small></li>");
        }
        String organisation = offerOrganization ? """
                <label class="check"><input id="consentForOrganization" type="checkbox" name="organization" value="true"%s>
                Consent on behalf of your organization</label>
                """.formatted(organizationChecked ? " checked" : "") : "";
        return page("Permissions requested", """
                <p class="user">%s</p>
                <p class="app"><strong>%s</strong><br><small>%s</small></p>
                <p>This app would like to:</p>
                <ul id="scopes">%s</ul>
                <form method="post" action="/%s/Consent/Set">
                  <input type="hidden" name="tx" value="%s">
                  %s
                  <p><small>Accepting these permissions means that you allow this app to use your data as specified
                  in their terms of service and privacy statement.</small></p>
                  <button id="cancel" type="submit" name="decision" value="cancel" class="secondary">Cancel</button>
                  <button id="accept" type="submit" name="decision" value="accept">Accept</button>
                </form>
                """.formatted(escape(user), escape(appName), escape(publisher), items, escape(tenantSegment),
                escape(transaction), organisation));
    }

    /**
     * The second step of a sign-in for a user with MFA enforced: the code "texted" to the user's phone. There is no
     * phone here, so the emulator shows the code it sent on the page, marked as the emulator's (id {@code sentCode}).
     */
    static String verifyCode(String tenantSegment, String transaction, String user, String phone, String sentCode,
            String error) {
        return page("Enter code", """
                <p class="user">%s</p>
                <p>We texted your phone %s. Please enter the code to sign in.</p>
                %s
                <form method="post" action="/%s/mfa">
                  <input type="hidden" name="tx" value="%s">
                  <label for="otc">Code</label>
                  <input id="otc" name="otc" type="text" inputmode="numeric" autocomplete="one-time-code" required>
                  <button id="verify" type="submit">Verify</button>
                </form>
                <p class="emulator"><small>M365 emulator: the code sent is <code id="sentCode">%s</code></small></p>
                """.formatted(escape(user), escape(phone), error == null ? "" : "<p id=\"error\" class=\"error\">"
                + escape(error) + "</p>", escape(tenantSegment), escape(transaction), escape(sentCode)));
    }

    static String needAdminApproval(String tenantSegment, String transaction, String appName, String user) {
        return page("Need admin approval", """
                <p class="user">%s</p>
                <p id="needAdminApproval"><strong>%s</strong> needs permission to access resources in your
                organization that only an admin can grant. Please ask an admin to grant permission to this app before
                you can use it.</p>
                <p><small>AADSTS90094</small></p>
                <form method="post" action="/%s/Consent/Set">
                  <input type="hidden" name="tx" value="%s">
                  <button id="returnToApp" type="submit" name="decision" value="return">Return to the application
                  without granting consent</button>
                </form>
                """.formatted(escape(user), escape(appName), escape(tenantSegment), escape(transaction)));
    }

    static String error(String code, String message) {
        return page("Sorry, but we're having trouble signing you in.", """
                <p id="errorCode" class="error">%s: %s</p>
                """.formatted(escape(code), escape(message)));
    }

    /** {@code response_mode=form_post}: the browser posts the answer to the redirect URI. */
    static String formPost(String redirectUri, Map<String, String> fields) {
        StringBuilder inputs = new StringBuilder();
        fields.forEach((name, value) -> inputs.append("<input type=\"hidden\" name=\"").append(escape(name))
                .append("\" value=\"").append(escape(value)).append("\">"));
        return """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>Working...</title><link rel="icon" href="data:,"></head>
                <body onload="document.forms[0].submit()"><form method="post" action="%s">%s
                <noscript><button type="submit">Continue</button></noscript></form></body></html>
                """.formatted(escape(redirectUri), inputs);
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title><link rel="icon" href="data:,">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>
                  body{font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0}
                  main{max-width:440px;margin:48px auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
                  h1{font-size:24px;font-weight:600;margin:0 0 16px}
                  label{display:block;margin-top:12px}
                  input[type=email],input[type=password]{width:100%%;padding:6px 0;border:0;border-bottom:1px solid #666;font-size:15px}
                  button{margin-top:20px;padding:6px 24px;border:0;background:#0067b8;color:#fff;font-size:15px}
                  button.secondary{background:#ccc;color:#000}
                  .error{color:#e81123} .emulator{color:#666;font-size:12px;margin-top:32px}
                  ul{padding-left:18px} li{margin-bottom:8px}
                </style></head>
                <body><main><p><strong>Microsoft</strong></p><h1>%s</h1>%s
                <p class="emulator">Tenantry M365 emulator: not a Microsoft service.</p></main></body></html>
                """.formatted(escape(title), escape(title), body);
    }
}
