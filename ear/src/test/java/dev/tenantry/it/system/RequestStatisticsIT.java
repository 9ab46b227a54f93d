package dev.tenantry.it.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.Deployments;
import dev.tenantry.it.HttpSignIn;
import dev.tenantry.it.rest.ApiStaff;
import dev.tenantry.portal.tenant.CustomerTenant;
import dev.tenantry.portal.tenant.internal.JpaTenantStore;
import dev.tenantry.portal.access.AssignmentScope;
import dev.tenantry.portal.access.Role;
import dev.tenantry.portal.web.RequestStatisticsFilter;
import dev.tenantry.portal.web.RequestStatisticsSwitch;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The request statistics benchmarks read, switched on for one test: a JSF page that reads the database, with and
 * without {@code .xhtml}, and the REST API answer whole, with the SQL statements their request prepared and the server's
 * time on it in their headers. Switched off, as the portal starts, no response carries either header.
 */
@ExtendWith(ArquillianExtension.class)
class RequestStatisticsIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String READER = "stats.reader@northwind-msp.example";
    private static final String TIMING = "app;dur=\\d+\\.\\d";

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTests(RequestStatisticsIT.class, HttpSignIn.class, ApiStaff.class,
                RequestStatisticsSwitch.class);
    }

    @Inject
    ApiStaff staff;

    @Inject
    JpaTenantStore tenants;

    @jakarta.annotation.Resource
    jakarta.transaction.UserTransaction transaction;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void switchOffAndClear() {
        RequestStatisticsSwitch.turn(false);
        staff.clear();
    }

    @Test
    void switchedOnPagesAndTheApiTellTheStatementsTheyPreparedAndTheirTime() throws Exception {
        staff.tenants();
        String token = staff.tokenFor(READER, Role.READ_ONLY, AssignmentScope.allTenants());
        HttpClient browser = HttpSignIn.signIn(OWNER);
        RequestStatisticsSwitch.turn(true);

        for (String path : new String[] {"tenants/index.xhtml", "tenants/"}) {
            HttpResponse<String> page = browser.send(HttpRequest.newBuilder(Deployments.http().resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, page.statusCode(), path + ": " + page.body());
            assertTrue(page.body().contains("id=\"tenantsForm\"") && page.body().strip().endsWith("</html>"),
                    path + " arrives whole: " + page.body());
            assertMeasured(path, page);
        }
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(Deployments.http().resolve("api/tenants"))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, api.statusCode(), api.body());
        assertTrue(api.body().contains(ApiStaff.CONTOSO), api.body());
        assertMeasured("/api/tenants", api);
    }

    @Test
    void theTenantsPageReadsAsManyStatementsForTenRowsMoreAsForFew() throws Exception {
        staff.tenants();
        HttpClient browser = HttpSignIn.signIn(OWNER);
        RequestStatisticsSwitch.turn(true);
        HttpResponse<String> few = tenantsPage(browser);
        List<String> added = new java.util.ArrayList<>();
        try {
            transaction.begin();
            for (int i = 0; i < 10; i++) {
                String id = java.util.UUID.randomUUID().toString();
                tenants.add(new CustomerTenant(id, "Rows " + i + " (statistics test)", "rows" + i + ".example",
                        java.util.Set.of(), null, CustomerTenant.Status.ACTIVE, "statistics-test", null));
                added.add(id);
            }
            transaction.commit();
            HttpResponse<String> more = tenantsPage(browser);

            assertTrue(rows(more) > rows(few), rows(few) + " rows, then " + rows(more));
            // Each row's consent health is read for the whole page at once, not row by row
            assertEquals(statements(few), statements(more), rows(few) + " rows, then " + rows(more));
        } finally {
            transaction.begin();
            added.forEach(tenants::remove);
            transaction.commit();
        }
    }

    private static HttpResponse<String> tenantsPage(HttpClient browser) throws Exception {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(Deployments.http()
                .resolve("tenants/index.xhtml")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        return page;
    }

    private static int rows(HttpResponse<String> page) {
        return page.body().split("data-ri=\"", -1).length - 1;
    }

    private static int statements(HttpResponse<String> page) {
        return Integer.parseInt(page.headers().firstValue(RequestStatisticsFilter.STATEMENTS).orElseThrow());
    }

    @Test
    void switchedOffNoResponseTellsAnything() throws Exception {
        staff.tenants();
        String token = staff.tokenFor(READER, Role.READ_ONLY, AssignmentScope.allTenants());
        HttpClient browser = HttpSignIn.signIn(OWNER);

        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(Deployments.http()
                .resolve("tenants/index.xhtml")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(Deployments.http().resolve("api/tenants"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(page, api)) {
            assertEquals(200, response.statusCode(), response.uri() + ": " + response.body());
            assertTrue(response.headers().firstValue(RequestStatisticsFilter.STATEMENTS).isEmpty(),
                    response.uri() + ": " + response.headers().map());
            assertTrue(response.headers().firstValue(RequestStatisticsFilter.TIMING).isEmpty(),
                    response.uri() + ": " + response.headers().map());
        }
    }

    private static void assertMeasured(String path, HttpResponse<String> response) {
        String statements = response.headers().firstValue(RequestStatisticsFilter.STATEMENTS)
                .orElseThrow(() -> new AssertionError(path + " has no statement count: " + response.headers().map()));
        assertTrue(Integer.parseInt(statements) > 0, path + " read the database: " + statements);
        String timing = response.headers().firstValue(RequestStatisticsFilter.TIMING).orElse("");
        assertTrue(timing.matches(TIMING), path + ": " + timing);
    }
}
