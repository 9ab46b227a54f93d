package dev.tenantry.emulator.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.http.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A user's authentication methods as Graph's {@code /users/{id}/authentication/methods} shows them: one
 * {@code microsoft.graph.<kind>AuthenticationMethod} per registered method, the password always first with the fixed id
 * Microsoft gives it. A seeded user keeps only which kinds it registered (a few bits, so a scale seed's million users
 * cost nothing); the methods themselves are made on first use, with ids stable across restarts.
 */
public final class AuthenticationMethods {

    /** The id Microsoft gives every user's password method. */
    public static final String PASSWORD_METHOD_ID = "28c10230-6103-485e-b985-444c60001490";
    /** The id Microsoft gives a user's mobile phone method (alternate and office phones have their own). */
    public static final String MOBILE_PHONE_METHOD_ID = "3179e48a-750b-4051-897c-87b9720928f7";
    /** The id Microsoft gives a user's email method. */
    public static final String EMAIL_METHOD_ID = "3ddfcfc8-9383-446f-83cc-3ab9be4be18f";

    /**
     * A kind of method: its Graph type, the navigation that holds it ({@code /authentication/phoneMethods}), and how
     * the registration report ({@code userRegistrationDetails.methodsRegistered}) names it.
     */
    public enum Kind {
        PASSWORD("password", "passwordMethods", null, false, false, false),
        MICROSOFT_AUTHENTICATOR("microsoftAuthenticator", "microsoftAuthenticatorMethods",
                "microsoftAuthenticatorPush", true, true, false),
        PHONE("phone", "phoneMethods", "mobilePhone", true, true, false),
        FIDO2("fido2", "fido2Methods", "passKeyDeviceBound", true, false, true),
        SOFTWARE_OATH("softwareOath", "softwareOathMethods", "softwareOneTimePasscode", true, true, false),
        EMAIL("email", "emailMethods", "email", false, true, false),
        TEMPORARY_ACCESS_PASS("temporaryAccessPass", "temporaryAccessPassMethods", "temporaryAccessPass", false,
                false, false),
        WINDOWS_HELLO_FOR_BUSINESS("windowsHelloForBusiness", "windowsHelloForBusinessMethods",
                "windowsHelloForBusiness", true, false, true);

        private final String name;
        private final String navigation;
        private final String registered;
        private final boolean multifactor;
        private final boolean selfServiceReset;
        private final boolean passwordless;

        Kind(String name, String navigation, String registered, boolean multifactor, boolean selfServiceReset,
                boolean passwordless) {
            this.name = name;
            this.navigation = navigation;
            this.registered = registered;
            this.multifactor = multifactor;
            this.selfServiceReset = selfServiceReset;
            this.passwordless = passwordless;
        }

        /** As seeds and Graph's type names write it: {@code microsoftAuthenticator}. */
        public String graphName() {
            return name;
        }

        /** {@code #microsoft.graph.phoneAuthenticationMethod}. */
        public String odataType() {
            return "#microsoft.graph." + name + "AuthenticationMethod";
        }

        /** The navigation of {@code /users/{id}/authentication} that lists and deletes this kind. */
        public String navigation() {
            return navigation;
        }

        /** The report's name for it ({@code methodsRegistered}); none for the password. */
        public String registeredAs() {
            return registered;
        }

        /** A second factor for multifactor authentication. */
        public boolean multifactor() {
            return multifactor;
        }

        /** Usable to reset one's own password (self-service password reset). */
        public boolean selfServiceReset() {
            return selfServiceReset;
        }

        public boolean passwordless() {
            return passwordless;
        }

        public static Optional<Kind> named(String name) {
            for (Kind kind : values()) {
                if (kind.name.equalsIgnoreCase(name)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }

        public static Optional<Kind> ofNavigation(String navigation) {
            for (Kind kind : values()) {
                if (kind.navigation.equalsIgnoreCase(navigation)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }

        /** The kind a report entry's {@code methodsRegistered} value names, for seeds written as reports. */
        public static Optional<Kind> registeredAs(String value) {
            return switch (value) {
                case "alternateMobilePhone", "officePhone", "mobilePhone" -> Optional.of(PHONE);
                case "microsoftAuthenticatorPasswordless", "microsoftAuthenticatorPush" ->
                        Optional.of(MICROSOFT_AUTHENTICATOR);
                case "fido2SecurityKey", "passKeyDeviceBound", "passKeyDeviceBoundAuthenticator" -> Optional.of(FIDO2);
                default -> {
                    for (Kind kind : values()) {
                        if (value.equals(kind.registered)) {
                            yield Optional.of(kind);
                        }
                    }
                    yield Optional.empty();
                }
            };
        }
    }

    private AuthenticationMethods() {
    }

    /** The kinds as bits, the way a seeded user keeps them. */
    static int bits(Set<Kind> kinds) {
        int bits = 0;
        for (Kind kind : kinds) {
            bits |= 1 << kind.ordinal();
        }
        return bits;
    }

    static EnumSet<Kind> kinds(int bits) {
        EnumSet<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (Kind kind : Kind.values()) {
            if ((bits & (1 << kind.ordinal())) != 0) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /** The methods a seeded user registered, in Graph's shapes: the password first, the others in kind order. */
    static List<ObjectNode> materialise(DirectoryUser user, Set<Kind> kinds) {
        List<ObjectNode> methods = new ArrayList<>();
        String created = user.json().path("createdDateTime").asText(Instant.EPOCH.toString());
        methods.add(method(Kind.PASSWORD, PASSWORD_METHOD_ID, created).putNull("password"));
        for (Kind kind : kinds) {
            if (kind != Kind.PASSWORD && kind != Kind.TEMPORARY_ACCESS_PASS) {
                methods.add(seeded(user, kind, created));
            }
        }
        return methods;
    }

    /** A new method of {@code kind} with Graph's common properties. */
    public static ObjectNode method(Kind kind, String id, String createdDateTime) {
        ObjectNode method = Json.object().put("@odata.type", kind.odataType()).put("id", id);
        if (kind != Kind.PHONE && kind != Kind.EMAIL && kind != Kind.SOFTWARE_OATH) {
            method.put("createdDateTime", createdDateTime);
        }
        return method;
    }

    private static ObjectNode seeded(DirectoryUser user, Kind kind, String created) {
        String id = switch (kind) {
            case PHONE -> MOBILE_PHONE_METHOD_ID;
            case EMAIL -> EMAIL_METHOD_ID;
            default -> Directory.stableId(user.id(), "authenticationMethod", kind.graphName());
        };
        ObjectNode method = method(kind, id, created);
        String alias = user.userPrincipalName().substring(0, user.userPrincipalName().indexOf('@'));
        int number = Math.abs(user.id().hashCode() % 900000) + 100000;
        switch (kind) {
            case MICROSOFT_AUTHENTICATOR -> method.put("displayName", "iPhone 15").put("deviceTag",
                    "SoftwareTokenActivated").put("phoneAppVersion", "6.8.12");
            case PHONE -> method.put("phoneNumber", "+44 7700 " + number).put("phoneType", "mobile")
                    .put("smsSignInState", "notAllowedByPolicy");
            case FIDO2 -> method.put("displayName", "YubiKey 5 NFC").put("aaGuid",
                    "cb69481e-8ff7-4039-93ec-0a2729a154a8").put("model", "YubiKey 5 Series with NFC")
                    .put("attestationLevel", "attested").putArray("attestationCertificates");
            case SOFTWARE_OATH -> method.putNull("secretKey");
            case EMAIL -> method.put("emailAddress", alias.toLowerCase(Locale.ROOT) + "@personal.example");
            case WINDOWS_HELLO_FOR_BUSINESS -> method.put("displayName", "DESKTOP-" + number).put("keyStrength",
                    "normal");
            default -> {
                // PASSWORD and TEMPORARY_ACCESS_PASS are never seeded this way
            }
        }
        return method;
    }
}
