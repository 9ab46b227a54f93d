package dev.tenantry.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import dev.tenantry.emulator.directory.PermissionCatalogue;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.FaultSettings;
import dev.tenantry.emulator.http.Faults;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.emulator.http.RequestLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line: each option read, applied to real requests, and a wrong one refused in one line with exit 2. */
class MainTest {

    static final String CLIENT_ID = "2c9e4b71-5d38-4f06-a1e7-3b8d0f6c2a95";
    static final String OTHER_CLIENT_ID = "7f1a3c58-2e94-4b0d-8c61-9d5e2f7a4b30";
    static final String SECRET = "main-test-secret";

    @TempDir
    Path folder;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    M365Emulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void helpListsEveryOptionAndExitsWithZero() {
        Main.Launch launch = launch("--help");

        assertEquals(0, launch.exitCode());
        assertNull(launch.emulator());
        for (String option : List.of("--port", "--seed", "--scale", "--scale-seed", "--tls-dir", "--redirect-uri",
                "--workers", "--faults")) {
            assertTrue(out().contains(option + " "), option);
        }
        FaultSettings.KEYS.forEach(key -> assertTrue(out().contains("--" + key + " "), key));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--latency soon | --latency takes a duration such as 100ms, 1.5s or 2min, not 'soon'",
        "--tenant-budget 4 | --tenant-budget takes REQUESTS/WINDOW such as 4/s, 100/10s or 10000/10min, not '4'",
        "--throttle-rate 2 | --throttle-rate takes a share of requests between 0 and 1 such as 0.01, not '2'",
        "--tenant-concurrency -1 | --tenant-concurrency takes a number of requests (0 for no limit), not '-1'",
        "--throttle-tenants nowhere.example | throttle-tenants names nowhere.example, which is no tenant's id",
        "--fault-seed x | --fault-seed takes a whole number, not 'x'",
        "--scale 500 | --scale: a scale is TENANTSxUSERS, e.g. 500x2000, not '500'",
        "--scale 5x1 | --scale: A scale seed needs at least one tenant and two users per tenant",
        "--workers 0 | --workers takes a whole number from 1 to 10000, not '0'",
        "--port https | --port takes a whole number from 0 to 65535, not 'https'",
        "--latency | --latency needs a value",
        "--fast | unknown option --fast (try --help)",
        "--seed seed.json --scale 2x2 | --seed and --scale exclude each other: choose one"})
    void aWrongCommandLineIsReportedInOneLineWithExitCodeTwo(String arguments, String message) {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--tls-dir", folder.toString()));
        args.addAll(List.of(arguments.trim().split(" ")));

        Main.Launch launch = launch(args.toArray(String[]::new));

        assertEquals(Main.USAGE, launch.exitCode());
        assertNull(launch.emulator());
        assertTrue(err().startsWith("m365-emulator: " + message.trim()), err());
        assertEquals(1, err().lines().count(), err());
        assertEquals("", out());
    }

    @Test
    void aFaultsFileIsReadAndOptionsOverrideIt() throws Exception {
        Path file = Files.writeString(folder.resolve("faults.properties"), """
                # a benchmark's faults
                latency=50ms
                throttle-rate=0.01
                tenant-budget=4/s
                tenant-concurrency=4
                throttle-tenants=contoso.example,fabrikam.example
                """);

        emulator = launch("--port", "0", "--tls-dir", folder.toString(), "--faults", file.toString(), "--latency",
                "120ms").emulator();

        FaultSettings settings = emulator.faults().settings();
        assertEquals(Duration.ofMillis(120), settings.latency());
        assertEquals(0.01, settings.throttleRate());
        assertEquals(new FaultSettings.Budget(4, Duration.ofSeconds(1)), settings.tenantBudget());
        assertEquals(4, settings.tenantConcurrency());
        assertEquals(List.of("contoso.example", "fabrikam.example"), settings.throttledTenants().tenants());
        assertTrue(out().contains("faults: latency=120ms"), out());
        emulator.reset();
        assertEquals(settings, emulator.faults().settings(), "a reset goes back to the faults it started with");
    }

    @Test
    void aFaultsFileWithAnUnknownKeyOrThatIsMissingIsRefused() throws Exception {
        Path file = Files.writeString(folder.resolve("faults.properties"), "latency=50ms\nthrottle_rate=0.1\n");

        assertEquals(Main.USAGE, launch("--tls-dir", folder.toString(), "--faults", file.toString()).exitCode());
        assertTrue(err().startsWith("m365-emulator: " + file + ": unknown fault setting 'throttle_rate' (known: "),
                err());
        err.reset();
        assertEquals(Main.USAGE, launch("--faults", folder.resolve("none.properties").toString()).exitCode());
        assertTrue(err().startsWith("m365-emulator: cannot read the fault settings "), err());
    }

    @Test
    void latencyAndATenantBudgetReachSignInGraphAndExchange() throws Exception {
        emulator = launch("--port", "0", "--tls-dir", folder.toString(), "--latency", "250ms", "--tenant-budget",
                "2/10min", "--workers", "9").emulator();
        assertEquals(9, emulator.workerThreads());
        Tenant contoso = emulator.tenant("contoso.example");
        HttpClient http = HttpClient.newBuilder().sslContext(emulator.tls().clientContext()).build();

        long started = System.nanoTime();
        HttpResponse<String> discovery = get(http, emulator.identityBaseUrl()
                + "/contoso.example/v2.0/.well-known/openid-configuration", null);
        assertEquals(200, discovery.statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 250, "discovery waited");

        String token = new GraphCallers(emulator, CLIENT_ID, SECRET).appOnly(contoso, "User.Read.All");
        String otherToken = new GraphCallers(emulator, OTHER_CLIENT_ID, SECRET).appOnly(contoso, "User.Read.All");
        assertTrue(emulator.requestLog().matching(entry -> entry.path().endsWith("/oauth2/v2.0/token")).stream()
                .allMatch(entry -> entry.latency().toMillis() >= 250), "the token endpoint waited");

        assertEquals(200, get(http, emulator.graphBaseUrl() + "/users", token).statusCode());
        assertEquals(200, get(http, emulator.graphBaseUrl() + "/users", token).statusCode());
        HttpResponse<String> over = get(http, emulator.graphBaseUrl() + "/users", token);

        assertEquals(429, over.statusCode());
        long retryAfter = Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 600, "Retry-After " + retryAfter);
        JsonNode error = Json.parse(over.body()).path("error");
        assertEquals("TooManyRequests", error.path("code").asText());
        assertFalse(error.path("message").asText().isEmpty());
        assertEquals(over.headers().firstValue("request-id").orElseThrow(),
                error.path("innerError").path("request-id").asText());
        assertNotNull(error.path("innerError").get("date"));
        assertEquals(200, get(http, emulator.graphBaseUrl() + "/users", otherToken).statusCode(),
                "another application has its own budget in the tenant");
        List<RequestLog.Entry> graph = emulator.requestLog().matching(entry -> entry.kind().equals("graph"));
        assertEquals(4, graph.size());
        assertTrue(graph.stream().allMatch(entry -> entry.latency().toMillis() >= 250), "every Graph request waited");

        started = System.nanoTime();
        HttpResponse<String> exchange = http.send(HttpRequest.newBuilder(URI.create(emulator.identityBaseUrl()
                + "/adminapi/beta/" + contoso.id() + "/InvokeCommand")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, exchange.statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 250, "Exchange waited");
    }

    @Test
    void anUnavailableRateForSomeTenantsAnswersTheirGraphAndExchangeRequests503WithRetryAfter() throws Exception {
        emulator = launch("--port", "0", "--tls-dir", folder.toString(), "--unavailable-rate", "1", "--retry-after",
                "3s", "--throttle-tenants", "contoso.example").emulator();
        Tenant contoso = emulator.tenant("contoso.example");
        Tenant fabrikam = emulator.tenant("fabrikam.example");
        GraphCallers callers = new GraphCallers(emulator, CLIENT_ID, SECRET);
        HttpClient http = HttpClient.newBuilder().sslContext(emulator.tls().clientContext()).build();

        HttpResponse<String> unavailable = get(http, emulator.graphBaseUrl() + "/users",
                callers.appOnly(contoso, "User.Read.All"));
        assertEquals(503, unavailable.statusCode());
        assertEquals("3", unavailable.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("serviceNotAvailable", Json.parse(unavailable.body()).path("error").path("code").asText());
        assertEquals(200, get(http, emulator.graphBaseUrl() + "/users", callers.appOnly(fabrikam, "User.Read.All"))
                .statusCode(), "only the named tenant");

        HttpResponse<String> exchange = http.send(HttpRequest.newBuilder(URI.create(emulator.identityBaseUrl()
                        + "/adminapi/beta/" + contoso.id() + "/InvokeCommand"))
                .header("Authorization", "Bearer " + exchangeToken(contoso))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"CmdletInput\":{\"CmdletName\":"
                        + "\"Get-AdminAuditLogConfig\",\"Parameters\":{}}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, exchange.statusCode(), exchange.body());
        assertEquals("3", exchange.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void oneRequestTooManyInFlightGets429WhileTheOthersWaitOnATimerHoldingNoWorker() throws Exception {
        emulator = launch("--port", "0", "--tls-dir", folder.toString(), "--tenant-concurrency", "2", "--workers",
                "2").emulator();
        Tenant contoso = emulator.tenant("contoso.example");
        String token = new GraphCallers(emulator, CLIENT_ID, SECRET).appOnly(contoso, "User.Read.All",
                "Organization.Read.All");
        emulator.faults().add(Faults.Kind.LATENCY, contoso.id(), "/users", Duration.ofSeconds(5), -1);
        HttpClient http = HttpClient.newBuilder().sslContext(emulator.tls().clientContext()).build();

        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            slow.add(http.sendAsync(HttpRequest.newBuilder(URI.create(emulator.graphBaseUrl() + "/users"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (emulator.faults().inFlight(contoso.id(), CLIENT_ID) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(2, emulator.faults().inFlight(contoso.id(), CLIENT_ID));
        assertEquals(0, emulator.busyWorkerThreads(), "waiting requests hold no worker");
        HttpResponse<String> refused = get(http, emulator.graphBaseUrl() + "/organization", token);

        assertEquals(429, refused.statusCode());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("TooManyRequests", Json.parse(refused.body()).path("error").path("code").asText());
        for (CompletableFuture<HttpResponse<String>> request : slow) {
            assertEquals(200, request.get().statusCode());
        }
        assertEquals(0, emulator.faults().inFlight(contoso.id(), CLIENT_ID), "answered requests leave");
        assertEquals(200, get(http, emulator.graphBaseUrl() + "/organization", token).statusCode());
    }

    private Main.Launch launch(String... args) {
        Main.Launch launch = Main.launch(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        if (launch.emulator() != null) {
            emulator = launch.emulator();
        }
        return launch;
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An app-only token for Exchange Online holding Exchange.ManageAsApp in {@code tenant}. */
    private String exchangeToken(Tenant tenant) throws Exception {
        var directory = emulator.directory();
        var exchange = directory.resourceServicePrincipal(tenant, PermissionCatalogue.EXCHANGE_APP_ID);
        directory.assignAppRole(tenant, directory.ensureServicePrincipal(tenant, directory.application(CLIENT_ID)
                .orElseThrow()), exchange, directory.catalogue().resource(PermissionCatalogue.EXCHANGE_APP_ID)
                .orElseThrow().appRole("Exchange.ManageAsApp").orElseThrow());
        return ConfidentialClientApplication.builder(CLIENT_ID, ClientCredentialFactory.createFromSecret(SECRET))
                .authority(emulator.identityBaseUrl() + "/" + tenant.id() + "/")
                .sslSocketFactory(emulator.tls().clientContext().getSocketFactory()).build()
                .acquireToken(ClientCredentialParameters.builder(Set.of("https://outlook.office365.com/.default"))
                        .build()).get().accessToken();
    }
}
