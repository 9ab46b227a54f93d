package dev.tenantry.plugins.usermanagement.actions;

import com.microsoft.graph.models.AuthenticationMethod;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.item.authentication.AuthenticationRequestBuilder;
import java.util.Locale;

/**
 * The kinds of authentication method Microsoft lists for a user ({@code @odata.type}), and how each is removed: every
 * kind has an endpoint of its own ({@code /authentication/phoneMethods/{id}}, …); the password cannot be removed.
 */
final class AuthenticationMethods {

    static final String PASSWORD = "password";

    private AuthenticationMethods() {
    }

    /** {@code phone}, {@code microsoftAuthenticator}, {@code fido2}, … from {@code @odata.type}. */
    static String kind(AuthenticationMethod method) {
        String type = method.getOdataType();
        if (type == null) {
            return null;
        }
        String name = type.substring(type.lastIndexOf('.') + 1);
        return name.endsWith("AuthenticationMethod") ? name.substring(0, name.length() - "AuthenticationMethod".length())
                : name;
    }

    /** Removes one method. */
    static void delete(GraphServiceClient client, String userId, AuthenticationMethod method) {
        AuthenticationRequestBuilder methods = client.users().byUserId(userId).authentication();
        String id = method.getId();
        switch (String.valueOf(kind(method)).toLowerCase(Locale.ROOT)) {
            case "phone" -> methods.phoneMethods().byPhoneAuthenticationMethodId(id).delete();
            case "microsoftauthenticator" -> methods.microsoftAuthenticatorMethods()
                    .byMicrosoftAuthenticatorAuthenticationMethodId(id).delete();
            case "fido2" -> methods.fido2Methods().byFido2AuthenticationMethodId(id).delete();
            case "softwareoath" -> methods.softwareOathMethods().bySoftwareOathAuthenticationMethodId(id).delete();
            case "email" -> methods.emailMethods().byEmailAuthenticationMethodId(id).delete();
            case "temporaryaccesspass" -> methods.temporaryAccessPassMethods()
                    .byTemporaryAccessPassAuthenticationMethodId(id).delete();
            case "windowshelloforbusiness" -> methods.windowsHelloForBusinessMethods()
                    .byWindowsHelloForBusinessAuthenticationMethodId(id).delete();
            default -> throw new IllegalArgumentException("Microsoft offers no way to remove a method of kind "
                    + kind(method));
        }
    }
}
