package dev.tenantry.emulator.graph;

import static dev.tenantry.emulator.graph.OData.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.AuthenticationMethods;
import dev.tenantry.emulator.directory.AuthenticationMethods.Kind;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.http.Json;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A user's authentication methods ({@code /users/{id}/authentication}): the list of every method, deleting a method
 * through its kind's navigation, and creating a Temporary Access Pass. A delegated caller may read and delete their
 * own methods with the permissions without {@code .All}; for someone else's they need a role: reading, Global Reader,
 * Authentication Administrator or Privileged Authentication Administrator; changing, Authentication Administrator for a
 * user without an administrator role and Privileged Authentication Administrator for any user (Global Administrator
 * always), as the authentication methods reference documents it.
 */
final class AuthenticationMethodRoutes implements Routes.Area {

    private static final Set<String> READERS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR, DirectoryRoles.GLOBAL_READER,
            DirectoryRoles.AUTHENTICATION_ADMINISTRATOR, DirectoryRoles.PRIVILEGED_AUTHENTICATION_ADMINISTRATOR);
    private static final Set<String> WRITERS_FOR_USERS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.AUTHENTICATION_ADMINISTRATOR, DirectoryRoles.PRIVILEGED_AUTHENTICATION_ADMINISTRATOR);
    private static final Set<String> WRITERS_FOR_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.PRIVILEGED_AUTHENTICATION_ADMINISTRATOR);
    /** The kinds a method of which can be deleted through its navigation (the password cannot be deleted). */
    private static final List<Kind> DELETABLE = List.of(Kind.EMAIL, Kind.FIDO2, Kind.MICROSOFT_AUTHENTICATOR,
            Kind.PHONE, Kind.SOFTWARE_OATH, Kind.TEMPORARY_ACCESS_PASS, Kind.WINDOWS_HELLO_FOR_BUSINESS);
    private static final String TAP_CHARACTERS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789#%+=@";

    private final Directory directory;
    private final OData odata;
    private final Supplier<String> graphBase;
    private final SecureRandom random = new SecureRandom();

    AuthenticationMethodRoutes(Directory directory, OData odata, Supplier<String> graphBase) {
        this.directory = directory;
        this.odata = odata;
        this.graphBase = graphBase;
    }

    @Override
    public void register(Routes routes) {
        routes.add("GET", "/users/{id}/authentication/methods", Set.of(), call -> {
            List<ObjectNode> methods;
            synchronized (directory) {
                DirectoryUser user = target(call, "GET", "/users/{id}/authentication/methods", READERS, READERS);
                methods = OData.copies(user.authenticationMethods());
            }
            return odata.collection(call, "users('" + call.parameter(0) + "')/authentication/methods", methods,
                    Set.of("id"), null);
        });
        for (Kind kind : DELETABLE) {
            String template = "/users/{id}/authentication/" + kind.navigation() + "/{id}";
            routes.add("DELETE", template, Set.of(), call -> {
                synchronized (directory) {
                    DirectoryUser user = target(call, "DELETE", template, WRITERS_FOR_USERS,
                            WRITERS_FOR_ADMINISTRATORS);
                    delete(user, kind, call.parameter(1));
                }
                return Response.noContent();
            });
        }
        routes.add("POST", "/users/{id}/authentication/temporaryAccessPassMethods", Set.of(), this::createPass);
    }

    /**
     * The user a call is about, after its checks: a delegated caller reaching someone else needs a {@code .All}
     * permission and one of {@code forUsers} (a target without administrator roles) or {@code forAdministrators}.
     */
    private DirectoryUser target(Call call, String method, String template, Set<String> forUsers,
            Set<String> forAdministrators) {
        DirectoryUser user = call.tenant.user(call.parameter(0)).orElseThrow(() -> GraphError.notFound(
                call.parameter(0)));
        call.requireSelfUnlessAll(user, directory.catalogue().endpoint(method, template).orElseThrow().delegated());
        if (call.user != null && !call.user.id().equals(user.id())) {
            call.requireDirectoryRole(user.directoryRoles().isEmpty() ? forUsers : forAdministrators);
        }
        return user;
    }

    /**
     * Deletes one method of {@code kind}: 404 when the user has none with that id; the user's default method cannot go
     * while other methods would stay to take its place (the default must be changed first).
     */
    private void delete(DirectoryUser user, Kind kind, String methodId) {
        ObjectNode method = user.authenticationMethods().stream()
                .filter(candidate -> candidate.path("id").asText().equalsIgnoreCase(methodId)
                        && DirectoryUser.kindOf(candidate) == kind)
                .findFirst().orElseThrow(() -> new GraphError(404, "itemNotFound", "The requested authentication "
                        + "method " + methodId + " was not found."));
        boolean others = user.authenticationMethods().stream().anyMatch(candidate -> candidate != method
                && DirectoryUser.kindOf(candidate).multifactor());
        if (user.defaultMethodId().filter(methodId::equalsIgnoreCase).isPresent() && others) {
            throw new GraphError(400, "badRequest", "The method is the user's default authentication method and "
                    + "cannot be deleted while the user has other methods. Change the default method first.");
        }
        directory.removeAuthenticationMethod(user, method.path("id").asText());
    }

    /**
     * {@code POST .../temporaryAccessPassMethods}: a new Temporary Access Pass (201), its code in this answer only.
     * {@code lifetimeInMinutes} is 10 to 43200 (60 by default); a user has one pass: a new one replaces the one before.
     */
    private Response createPass(Call call) {
        JsonNode body = body(call);
        int lifetime = body.path("lifetimeInMinutes").asInt(60);
        if (lifetime < 10 || lifetime > 43200) {
            throw new GraphError(400, "badRequest", "The lifetime of the Temporary Access Pass must be between 10 "
                    + "and 43200 minutes.");
        }
        Instant now = directory.now().truncatedTo(ChronoUnit.SECONDS);
        Instant start;
        try {
            start = body.hasNonNull("startDateTime") ? Instant.parse(body.get("startDateTime").asText()) : now;
        } catch (DateTimeParseException e) {
            throw new GraphError(400, "badRequest", "The startDateTime of the Temporary Access Pass is not a valid "
                    + "date and time.");
        }
        boolean usable = !start.isAfter(now);
        ObjectNode method = AuthenticationMethods.method(Kind.TEMPORARY_ACCESS_PASS, UUID.randomUUID().toString(),
                now.toString()).put("startDateTime", start.toString()).put("lifetimeInMinutes", lifetime)
                .put("isUsableOnce", body.path("isUsableOnce").asBoolean(false)).put("isUsable", usable)
                .put("methodUsabilityReason", usable ? "EnabledByPolicy" : "NotYetValid");
        ObjectNode answer = Json.object();
        synchronized (directory) {
            DirectoryUser user = target(call, "POST", "/users/{id}/authentication/temporaryAccessPassMethods",
                    WRITERS_FOR_USERS, WRITERS_FOR_ADMINISTRATORS);
            user.authenticationMethods().stream().filter(existing -> DirectoryUser.kindOf(existing)
                    == Kind.TEMPORARY_ACCESS_PASS).map(existing -> existing.path("id").asText()).toList()
                    .forEach(id -> directory.removeAuthenticationMethod(user, id));
            directory.addAuthenticationMethod(user, method);
            answer.put("@odata.context", graphBase.get() + "/$metadata#users('" + user.id()
                    + "')/authentication/temporaryAccessPassMethods/$entity");
        }
        answer.setAll(method.deepCopy());
        answer.remove("@odata.type");
        answer.put("temporaryAccessPass", pass());
        return Response.json(201, answer);
    }

    private String pass() {
        StringBuilder pass = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            pass.append(TAP_CHARACTERS.charAt(random.nextInt(TAP_CHARACTERS.length())));
        }
        return pass.toString();
    }
}
