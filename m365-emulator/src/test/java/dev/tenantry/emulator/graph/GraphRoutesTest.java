package dev.tenantry.emulator.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.PermissionCatalogue;
import dev.tenantry.emulator.directory.PermissionCatalogue.EndpointPermissions;
import dev.tenantry.emulator.http.Faults;
import dev.tenantry.emulator.http.RequestLog;
import dev.tenantry.emulator.identity.SigningKeys;
import dev.tenantry.emulator.identity.Tokens;
import dev.tenantry.emulator.mail.MailStore;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The route table the areas compose: permissions for every route, no duplicates, no route hidden by an earlier one. */
class GraphRoutesTest {

    static Directory directory;
    static GraphEndpoints graph;

    @BeforeAll
    static void compose() {
        Clock clock = Clock.systemUTC();
        directory = new Directory(PermissionCatalogue.load(), clock);
        graph = new GraphEndpoints(directory, new Tokens(new SigningKeys(), clock), new Faults(clock),
                new RequestLog(), () -> "https://localhost/v1.0", user -> { }, new MailStore());
    }

    @Test
    void everyRouteHasPermissionsInTheCatalogue() {
        for (Route route : graph.routes()) {
            Optional<EndpointPermissions> accepted = directory.catalogue().endpoint(route.method(), route.template());
            assertTrue(accepted.isPresent(), route.method() + " " + route.template() + " is not in the catalogue");
            assertTrue(!accepted.get().delegated().isEmpty() || !accepted.get().application().isEmpty(),
                    route.method() + " " + route.template() + " accepts no permission");
        }
    }

    @Test
    void noTwoRoutesShareMethodAndTemplate() {
        Set<String> seen = new HashSet<>();
        for (Route route : graph.routes()) {
            assertTrue(seen.add(route.method() + " " + route.template()), route.method() + " " + route.template());
        }
    }

    @Test
    void noRouteIsShadowedByAnEarlierOne() {
        List<Route> routes = graph.routes();
        for (int later = 0; later < routes.size(); later++) {
            String path = routes.get(later).template().replace("{id}", "0a1b2c3d-0000-4000-8000-000000000001");
            for (int earlier = 0; earlier < later; earlier++) {
                Route first = routes.get(earlier);
                assertFalse(first.method().equalsIgnoreCase(routes.get(later).method())
                        && first.pattern().matcher(path).matches(), first.template() + " answers "
                        + routes.get(later).method() + " " + routes.get(later).template() + " before it");
            }
        }
    }

    @Test
    void theListingNamesEachRouteWithItsPermissions() {
        List<String> listing = graph.routeListing();
        assertEquals(graph.routes().size(), listing.size());
        assertTrue(line(listing, "GET /users  ").matches(".*delegated: [^|]*\\bUser\\.Read\\.All\\b.*"),
                line(listing, "GET /users  "));
        assertTrue(line(listing, "GET /auditLogs/signIns  ").endsWith(" | roles: Global Administrator, Global Reader, "
                + "Reports Reader, Security Administrator, Security Operator, Security Reader"));
        assertTrue(line(listing, "POST /identity/conditionalAccess/policies  ").contains(
                " | all required: Policy.Read.All, Policy.ReadWrite.ConditionalAccess | roles: Conditional Access "
                        + "Administrator, Global Administrator, Security Administrator"));
        assertEquals("GET /identity/conditionalAccess/policies  delegated: Policy.Read.All | application: "
                + "Policy.Read.All | roles: Conditional Access Administrator, Global Administrator, Global Reader, "
                + "Global Secure Access Administrator, Security Administrator, Security Reader",
                line(listing, "GET /identity/conditionalAccess/policies  "));
    }

    private static String line(List<String> listing, String start) {
        return listing.stream().filter(line -> line.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + start));
    }
}
