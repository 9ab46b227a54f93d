package dev.tenantry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantry.bench.Report.Bound;
import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Application;
import dev.tenantry.emulator.directory.ScaleSeed;
import dev.tenantry.emulator.http.FaultSettings;
import dev.tenantry.emulator.http.RequestLog;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The fleet-scale benchmark (issue 19): WildFly with the portal and the built-in plugins, an M365 emulator seeded at
 * scale in this process, tenants added over the REST API and connected through the consent page without a browser,
 * then the figures of {@link Report}, each a ratio of two measurements of the same run.
 *
 * <pre>./tenantry bench [--small 5] [--large 500] [--scheduler-fleet 1000] [--users 2000] [--sessions 20] [--load 60s]</pre>
 */
public final class Benchmark {

    /** The views every figure about pages is measured on (path from the portal's root). */
    static final Map<String, String> VIEWS = views();
    /** The owner the benchmark signs in as (a bootstrap owner of the demo's MSP tenant). */
    static final String OWNER = "alex.morgan@northwind-msp.example";
    /** Delegated scope sets of the built-in plugins' scheduled reads, granted in every tenant. */
    static final List<String> SCOPE_SETS = List.of("secure.posture", "secure.score", "secure.audit",
            "threat-alerts.detections", "threat-alerts.sign-ins");
    /**
     * User Management's scheduled directory sync (and its sign-in activity), granted by name in the tenants of the large
     * fleet and in the one tenant whose syncs are counted. The scheduler's further tenants are synced too (their first
     * syncs run while the scheduler is watched; the line "every job in the scheduler's window" shows them).
     */
    static final List<String> USER_SCOPE_SETS = List.of("user-management.directory", "user-management.activity");
    static final String USER_SYNC = "user-management.sync";
    /** How many names the users view is searched for, in turn. */
    private static final int SEARCHES = 2000;
    /** Where a view's path takes the next search. */
    static final String SEARCH = "{search}";
    /** Microsoft's largest page of users, which the sync asks for. */
    static final int USER_PAGE = 999;

    private final Options options;
    private final PrintStream out;
    private final Report report;
    private final URI portal;
    private M365Emulator emulator;
    private Server server;
    private String token;
    private final Map<Integer, String> tenantIds = new TreeMap<>();
    /** Visits of views so far: the next search a view with one makes ({@link #visit}). */
    private final AtomicLong visits = new AtomicLong();
    /**
     * What the users view is searched for: a person's name, as a technician types it; each request the next of the
     * names the small fleet's users have ({@link #searches()}), so that no search is answered from what the portal
     * kept of the same search (for 10 s), the figure is the database's, and every name searched is found in both
     * fleets.
     */
    private List<String> userSearches = List.of("Alex Morgan");
    /** When the last {@link #connect} began. */
    private long connectedAt;

    Benchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.report = new Report(out);
        this.portal = URI.create("http://localhost:" + options.httpPort());
    }

    private static Map<String, String> views() {
        Map<String, String> views = new LinkedHashMap<>();
        views.put("dashboard", "/index.xhtml");
        views.put("tenants", "/tenants/index.xhtml");
        views.put("fleet", "/secure/fleet.xhtml");
        views.put("inbox", "/threat-alerts/index.xhtml");
        views.put("audit", "/settings/audit.xhtml");
        views.put("users", "/user-management/index.xhtml?name=" + SEARCH);
        return views;
    }

    /** The path of a view's {@code n}th visit: its search, if it has one, the {@code n}th. */
    private String visit(String path, long n) {
        return path.replace(SEARCH, userSearches.get((int) Math.floorMod(n, (long) userSearches.size()))
                .replace(" ", "%20"));
    }

    /**
     * The display names of the small fleet's seeded users (not their administrator and integration account, whom
     * every tenant has), each once, in the seed's order: at most {@value #SEARCHES}.
     */
    private List<String> searches() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (int number = 1; number <= options.small() && names.size() < SEARCHES; number++) {
            List<dev.tenantry.emulator.directory.DirectoryUser> users = emulator.tenant(ScaleSeed.customer(number)
                    .id()).users();
            for (int u = 2; u < users.size() && names.size() < SEARCHES; u++) {
                names.add(users.get(u).displayName());
            }
        }
        return List.copyOf(names);
    }

    /**
     * How many users of customers 1 to {@code tenants} (and of the big tenant, with {@code big}) on average have a
     * name the users view is searched for: what a search finds.
     */
    private double namesakes(int tenants, boolean big) {
        java.util.Set<String> searched = new java.util.HashSet<>(userSearches);
        long found = 0;
        for (int number = 1; number <= tenants + (big ? 1 : 0); number++) {
            int customer = number <= tenants ? number : bigTenantNumber();
            found += emulator.tenant(ScaleSeed.customer(customer).id()).users().stream()
                    .filter(user -> searched.contains(user.displayName())).count();
        }
        return found / (double) searched.size();
    }

    public static void main(String[] args) throws Exception {
        Path server = Path.of(System.getProperty("tenantry.server.dir", "ear/target/server"));
        Path ear = Path.of(System.getProperty("tenantry.ear", "ear/target/tenantry.ear"));
        Path work = Path.of(System.getProperty("tenantry.bench.work", "bench/target/bench"));
        Options options;
        try {
            options = Options.parse(List.of(args), Options.full(server, ear, work));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Report report = new Benchmark(options, System.out).run();
        report.print(System.out);
        Path json = work.resolve("report.json");
        report.write(json);
        System.out.println("Report: " + json.toAbsolutePath());
    }

    /** Runs every step; the report (also when a step failed: then the exception is thrown after cleaning up). */
    Report run() throws Exception {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        report.inform("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + memory / (1024 * 1024 * 1024) + " GiB, " + System.getProperty("os.name") + ", Java "
                + Runtime.version());
        report.inform("sizes", "small " + options.small() + ", large " + options.large() + ", scheduler fleet "
                + options.schedulerFleet() + " tenants × " + options.usersPerTenant() + " users; "
                + options.sessions() + " sessions for " + options.load().toSeconds() + " s; server heap "
                + options.serverHeap());
        server = new Server(options.server(), options.ear(), options.work(), options.offset(), options.serverHeap(),
                serverProperties(Duration.ofMinutes(5)));
        // The server is a process of its own: stopped with the benchmark, also when it is interrupted
        Thread stopServer = new Thread(() -> {
            try {
                server.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(stopServer);
        try {
            server.prepare(MinimalPage.write(options.work()));
            startEmulator();
            step("Starting WildFly");
            Duration firstStart = server.start();
            report.inform("first start (empty database, migrations)", millis(firstStart));
            Staff owner = signIn();
            token = owner.createApiToken("benchmark", List.of("tenants:manage", "tenants:read", "plugins:manage"));

            // The small fleet
            connect(owner, 1, options.small(), true);
            awaitFirstRuns(1, options.small());
            postureScanRequests(1, options.small());
            warmUp();
            Map<String, Sample> small = sampleViews(owner);
            Sample minimal = sample(owner, MinimalPage.PATH);
            Load smallLoad = recorded("views-small", "the views at " + options.small() + " tenants",
                    () -> load(VIEWS));
            Load minimalLoad = load(Map.of("minimal", MinimalPage.PATH));
            Duration coldSmall = restart();

            // The fleet scan under Microsoft's latency, then with some tenants throttled
            owner = signIn();
            connect(owner, options.small() + 1, options.fleetScan(), true);
            awaitFirstRuns(options.small() + 1, options.fleetScan());
            fleetScans(owner);
            fleetUserSync(owner);
            userSyncRequests(owner);

            // The large fleet
            connect(owner, options.fleetScan() + 1, options.large(), true);
            awaitFirstRuns(options.fleetScan() + 1, options.large());
            Map<String, Sample> large = sampleViews(owner);
            Load largeLoad = recorded("views-large", "the views at " + tenantIds.size() + " tenants",
                    () -> load(VIEWS));
            long heap = server.heapAfterFullGc();

            // Cold start with the large fleet, into the scheduler's measurement at a shorter poll interval (which
            // changes nothing of the start)
            step("Restarting WildFly (cold start with " + tenantIds.size() + " tenants)");
            server.stop();
            server = new Server(options.server(), options.ear(), options.work(), options.offset(),
                    options.serverHeap(), serverProperties(options.pollInterval()));
            Duration coldLarge = server.start();

            figures(small, large, minimal, smallLoad, largeLoad, minimalLoad, heap, coldSmall, coldLarge);

            // The scheduler over the whole fleet
            owner = signIn();
            connect(owner, options.large() + 1, options.schedulerFleet(), false);
            scheduler();
            return report;
        } finally {
            server.close();
            Runtime.getRuntime().removeShutdownHook(stopServer);
            if (emulator != null) {
                emulator.close();
            }
        }
    }

    /** A button a person presses on a page. */
    private interface Press {
        void press() throws Exception;
    }

    /** A step of the benchmark that can fail. */
    private interface Step<T> {
        T run() throws Exception;
    }

    /**
     * Runs a step; with {@code -Dtenantry.bench.profile=true}, under a flight recording of the server
     * ({@code <work>/home/<name>.jfr}), named in the report.
     */
    private <T> T recorded(String name, String what, Step<T> step) throws Exception {
        if (!Boolean.getBoolean("tenantry.bench.profile")) {
            return step.run();
        }
        Path recording = server.startRecording(name);
        try {
            return step.run();
        } finally {
            server.stopRecording(name);
            report.inform("flight recording of " + what, recording);
        }
    }

    /**
     * Waits, before a measured step, for the server to finish what earlier steps left running (H2 compacting the
     * rows the first syncs wrote took a fifth to two fifths of the server's processor during the fleet user sync when
     * it was measured straight after them): until it uses at most a tenth of a processor over two seconds, for at
     * most three minutes. The wait is reported with the figures.
     */
    private void settled(String before) throws InterruptedException {
        step("Waiting for the server to settle before " + before);
        Server.Settling settling = server.settle(Duration.ofSeconds(2), 0.1, Duration.ofMinutes(3));
        String outcome = String.format(Locale.ROOT, "%s after %.1f s (last %.2f of a processor)",
                settling.settled() ? "yes" : "NO", settling.waited().toMillis() / 1000.0, settling.lastShare());
        report.inform("server settled before " + before, outcome);
        step("Settled: " + outcome);
    }

    /** How long the server is warmed up before the small fleet is measured (at most the load's duration). */
    private static final Duration WARM_UP = Duration.ofSeconds(20);

    private Map<String, String> serverProperties(Duration pollInterval) {
        Map<String, String> properties = new LinkedHashMap<>();
        String emulatorBase = "https://localhost:" + options.emulatorPort();
        properties.put("tenantry.identity.authority-base", emulatorBase);
        properties.put("tenantry.identity.redirect-uri", portal + "/auth/callback");
        properties.put("tenantry.graph.base-url", emulatorBase + "/v1.0");
        properties.put("tenantry.exchange.base-url", emulatorBase);
        properties.put("tenantry.diagnostics.request-statistics", "true");
        properties.put("tenantry.plugin.threat-alerts.poll-interval", pollInterval.toString());
        return properties;
    }

    private void startEmulator() {
        step("Seeding the M365 emulator: " + options.schedulerFleet() + " customer tenants × "
                + options.usersPerTenant() + " users, and one of " + options.bigTenant());
        long started = System.nanoTime();
        emulator = M365Emulator.builder().port(options.emulatorPort()).tlsFolder(server.home().resolve("emulator"))
                .scale(options.schedulerFleet(), options.usersPerTenant(), 42).start();
        // Licensed for Entra ID P1 (Microsoft 365 E3), whatever its number draws: the user sync's round trips are
        // counted against ceil(N / 999), which only a tenant where Microsoft answers sign-in activity and the
        // registration report can reach (elsewhere the first read's refusal costs a round trip more)
        ScaleSeed.addCustomer(emulator.directory(), bigTenantNumber(), options.bigTenant(), 42,
                emulator.directory().now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES), BIG_TENANT_LICENCE);
        for (Application application : emulator.directory().applications()) {
            List<String> uris = new ArrayList<>(application.redirectUris());
            uris.add(portal + "/auth/callback");
            uris.add(portal + "/consent/callback");
            uris.add(portal + "/consent/admin-callback");
            emulator.register(new Application(application.appId(), application.displayName(),
                    application.homeTenantId(), application.clientSecrets(), uris,
                    application.requiredResourceAccess(), application.certificates()));
        }
        report.inform("emulator seeded in", millis(Duration.ofNanos(System.nanoTime() - started)));
        userSearches = searches();
    }

    private Staff signIn() throws IOException, InterruptedException {
        return Staff.signIn(portal, emulator.identityBaseUrl(), emulator.tls().clientContext(), OWNER,
                ScaleSeed.PASSWORD);
    }

    private Duration restart() throws Exception {
        step("Restarting WildFly (cold start with " + tenantIds.size() + " tenants)");
        server.stop();
        return server.start();
    }

    /**
     * Adds customers {@code from}…{@code to} over the REST API and connects each through the consent page, for the
     * built-in plugins' scheduled reads and, with {@code users}, User Management's sync.
     */
    private void connect(Staff owner, int from, int to, boolean users) throws Exception {
        if (to < from) {
            return;
        }
        step("Connecting tenants " + from + "–" + to);
        long started = System.nanoTime();
        connectedAt = started;
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(options.connectThreads());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int number = from; number <= to; number++) {
                int customer = number;
                done.add(pool.submit(() -> {
                    ScaleSeed.Customer seeded = ScaleSeed.customer(customer);
                    String id = addTenant(owner, http, customer, users ? Stream.concat(SCOPE_SETS.stream(),
                            USER_SCOPE_SETS.stream()).toList() : SCOPE_SETS);
                    synchronized (tenantIds) {
                        tenantIds.put(customer, id);
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        report.inform("connected tenants " + from + "–" + to, String.format(Locale.ROOT, "%.1f s (%.1f tenants/s)",
                seconds, (to - from + 1) / seconds));
    }

    /** Adds customer {@code number} over the REST API and grants {@code scopeSets} through the consent page. */
    private String addTenant(Staff owner, HttpClient http, int number, List<String> scopeSets) throws Exception {
        ScaleSeed.Customer seeded = ScaleSeed.customer(number);
        JsonNode tenant = Staff.api(http, portal, token, "POST", "tenants",
                Map.of("domain", seeded.domain(), "displayName", seeded.key(), "tags", List.of()));
        String id = tenant.path("id").asText();
        for (String scopeSet : scopeSets) {
            owner.grant(id, scopeSet, seeded.integrationAccount(), ScaleSeed.PASSWORD);
        }
        return id;
    }

    /**
     * Waits until every tenant of {@code from}…{@code to} was scanned by Secure and polled by Threat Alerts, and its
     * users synced by User Management.
     */
    private void awaitFirstRuns(int from, int to) throws Exception {
        step("Waiting for the first scan and poll of tenants " + from + "–" + to);
        Set<String> wanted = IntStream.rangeClosed(from, to).mapToObj(tenantIds::get).collect(Collectors.toSet());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        long report = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Set<String> scanned = tenantsReading("secureScores");
            // A tenant without Entra ID P2 is read for its subscriptions only
            Set<String> polled = tenantsReading("subscribedSkus");
            polled.addAll(tenantsReading("identityProtection"));
            long missing = wanted.stream().filter(id -> !scanned.contains(id) || !polled.contains(id)).count();
            if (missing == 0) {
                awaitUserSyncs(wanted, null);
                double seconds = (System.nanoTime() - connectedAt) / 1e9;
                this.report.inform("tenants " + from + "–" + to + " scanned, polled and their users synced (the first time)",
                        String.format(Locale.ROOT, "%.0f s after they began to be connected (%.0f users/s)", seconds,
                                wanted.size() * (double) options.usersPerTenant() / seconds));
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(missing + " tenants were not scanned and polled within 20 minutes");
            }
            if (System.nanoTime() > report) {
                report = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                step(wanted.stream().filter(scanned::contains).count() + " scanned, "
                        + wanted.stream().filter(polled::contains).count() + " polled of " + wanted.size()
                        + "; the emulator answered " + emulator.requestLog().entries().size() + " requests");
            }
            Thread.sleep(2000);
        }
    }

    private Set<String> tenantsReading(String path) {
        return emulator.requestLog().matching(entry -> entry.path().contains(path) && entry.status() < 300).stream()
                .map(RequestLog.Entry::tenant).collect(Collectors.toCollection(java.util.HashSet::new));
    }

    /**
     * Round trips of Secure's posture scans of the small fleet, from the emulator's log: a round trip belongs to the
     * scan when Tenantry named one of Secure's scope sets in its {@code User-Agent}. The minimum is every Graph read of
     * the scan in batches of 20, but no fewer round trips than the pages of its longest collection (each next page
     * needs the page before), plus each Exchange round trip (Exchange Online has no batch).
     */
    private void postureScanRequests(int from, int to) {
        Map<String, List<RequestLog.Entry>> parts = new HashMap<>();
        int roundTrips = 0;
        Map<String, List<String>> trips = new TreeMap<>();
        // Per tenant: its scan's Graph reads, and how often each collection was read (its pages follow one another)
        Map<String, Integer> reads = new HashMap<>();
        Map<String, Map<String, Integer>> pages = new HashMap<>();
        Map<String, Integer> exchangeCalls = new HashMap<>();
        Set<String> fleet = IntStream.rangeClosed(from, to).mapToObj(tenantIds::get).collect(Collectors.toSet());
        List<RequestLog.Entry> log = emulator.requestLog().entries();
        // The requests of a $batch carry the request id of their round trip
        log.stream().filter(entry -> entry.kind().equals("graph-batch") && entry.requestId() != null)
                .forEach(entry -> parts.computeIfAbsent(entry.requestId(), id -> new ArrayList<>()).add(entry));
        for (RequestLog.Entry entry : log) {
            if (entry.tenant() == null || !fleet.contains(entry.tenant()) || !postureScan(entry)) {
                continue;
            }
            switch (entry.kind()) {
                case "graph" -> {
                    List<RequestLog.Entry> inside = entry.path().endsWith("/$batch")
                            ? parts.getOrDefault(entry.requestId(), List.of()) : List.of(entry);
                    roundTrips++;
                    reads.merge(entry.tenant(), inside.size(), Integer::sum);
                    inside.forEach(part -> pages.computeIfAbsent(entry.tenant(), t -> new HashMap<>())
                            .merge(part.path(), 1, Integer::sum));
                    trips.computeIfAbsent(entry.tenant(), t -> new ArrayList<>()).add(entry.status() + " "
                            + entry.path() + (inside.size() > 1 || inside.get(0) != entry ? " " + inside.stream()
                                    .map(part -> part.path().replace("/v1.0", "")).toList() : ""));
                }
                case "exchange" -> {
                    roundTrips++;
                    exchangeCalls.merge(entry.tenant(), 1, Integer::sum);
                    trips.computeIfAbsent(entry.tenant(), t -> new ArrayList<>()).add(entry.status() + " "
                            + entry.path());
                }
                default -> {
                }
            }
        }
        int tenants = to - from + 1;
        trips.values().stream().max(java.util.Comparator.comparingInt(List::size)).ifPresent(most ->
                report.inform("the posture scan's round trips of the tenant with most", most));
        double perTenant = roundTrips / (double) tenants;
        int graphReads = reads.values().stream().mapToInt(Integer::intValue).sum();
        int exchange = exchangeCalls.values().stream().mapToInt(Integer::intValue).sum();
        // Fewest round trips: the reads in batches of 20, but no fewer than the pages of the longest collection (a
        // next page needs the link of the page before), plus each Exchange call (Exchange Online has no batch)
        double minimum = fleet.stream().mapToDouble(tenant -> Math.max(Math.ceil(reads.getOrDefault(tenant, 0)
                / 20.0), pages.getOrDefault(tenant, Map.of()).values().stream().mapToInt(Integer::intValue).max()
                .orElse(0)) + exchangeCalls.getOrDefault(tenant, 0)).sum() / tenants;
        report.add("posture-scan requests per tenant / minimum", perTenant / minimum, Bound.AT_MOST, 1.1,
                String.format(Locale.ROOT, "%.2f round trips per tenant (%d Graph reads, %d Exchange calls in "
                        + "%d tenants); minimum %.2f", perTenant, graphReads, exchange, tenants, minimum));
    }

    /**
     * "Scan all tenants" on Secure's fleet page over the fleet-scan tenants with 100 ms added to every round trip and
     * at most four requests in flight per tenant, against the latency bound: the scan's round trips per tenant, one
     * after another, for each group of tenants the work runs at once ({@code tenantry.plugins.work-tenants-at-once},
     * 4). Then again with ten tenants throttled (half their requests answered 429 with a Retry-After of 10 s): how
     * much later the other tenants' scans end.
     */
    private void fleetScans(Staff owner) throws Exception {
        int size = options.fleetScan();
        List<String> fleet = IntStream.rangeClosed(1, size).mapToObj(tenantIds::get).toList();
        Duration latency = Duration.ofMillis(100);
        int atOnce = 4;
        Map<String, String> slow = Map.of("latency", latency.toMillis() + "ms", "tenant-concurrency", "4",
                "tenant-budget", "10000/10min");
        // Once unmeasured: the server was just restarted, and the first scan would time its warming up
        step("Scanning " + size + " tenants once to warm the server up");
        recorded("fleet-scan", "a fleet scan of " + size + " tenants without latency",
                () -> fleetScan(owner, fleet, FaultSettings.NONE));
        settled("the latency-bound fleet scan");
        step("Scanning " + size + " tenants at once, " + latency.toMillis() + " ms per round trip");
        Scan plain = fleetScan(owner, fleet, FaultSettings.parse(slow, FaultSettings.NONE, "bench", ""));
        double bound = Math.ceil(size / (double) atOnce) * plain.roundTripsPerTenant() * latency.toMillis();
        report.add(size + "-tenant fleet scan wall time / latency bound", plain.wallMillis() / bound,
                Bound.AT_MOST, 1.2, String.format(Locale.ROOT, "%.0f ms / %.0f ms (%.2f round trips per tenant, %d "
                        + "tenants at once); %d tenants not scanned", plain.wallMillis(), bound,
                        plain.roundTripsPerTenant(), atOnce, plain.unscanned()));

        List<String> throttled = fleet.subList(0, Math.min(10, size / 2));
        Map<String, String> throttling = new LinkedHashMap<>(slow);
        throttling.put("throttle-rate", "0.5");
        throttling.put("retry-after", "10s");
        throttling.put("throttle-tenants", String.join(",", throttled));
        step("Scanning them again with " + throttled.size() + " tenants throttled");
        Scan withThrottled = fleetScan(owner, fleet, FaultSettings.parse(throttling, FaultSettings.NONE, "bench",
                ""));
        Set<String> others = new java.util.HashSet<>(fleet);
        throttled.forEach(others::remove);
        double before = plain.completionOf(others);
        double after = withThrottled.completionOf(others);
        report.add("fleet scan with " + throttled.size() + " throttled tenants / without (others' completion)",
                after / before, Bound.AT_MOST, 1.1, String.format(Locale.ROOT, "the other %d tenants done after "
                        + "%.0f ms / %.0f ms; %d of the throttled tenants scanned in the end", others.size(), after,
                        before, throttled.size() - withThrottled.unscannedOf(throttled)));
        emulator.faults().apply(FaultSettings.NONE);
    }

    /**
     * "Sync all tenants" on User Management's users page over the fleet-scan tenants, each read in full (Microsoft
     * forgot their delta links: each sync's delta read answers 410 and it reads every user again), with 100 ms added
     * to every round trip and at most four requests in flight per tenant, against the latency bound: the round trips
     * per tenant one after another, for each group of tenants the work runs at once (4).
     */
    private void fleetUserSync(Staff owner) throws Exception {
        int size = options.fleetScan();
        List<String> fleet = IntStream.rangeClosed(1, size).mapToObj(tenantIds::get).toList();
        Duration latency = Duration.ofMillis(100);
        int atOnce = 4;
        FaultSettings slow = FaultSettings.parse(Map.of("latency", latency.toMillis() + "ms", "tenant-concurrency",
                "4", "tenant-budget", "10000/10min"), FaultSettings.NONE, "bench", "");
        emulator.expireDeltaTokens();
        settled("the fleet user sync");
        step("Syncing the users of " + size + " tenants × " + options.usersPerTenant() + " at once, in full, "
                + latency.toMillis() + " ms per round trip");
        Scan sync = recorded("fleet-user-sync", "a user sync of " + size + " tenants",
                () -> fleetRun(owner::syncAllUsers, fleet, slow, "/users", "had their users read",
                        Benchmark::userSync));
        emulator.faults().apply(FaultSettings.NONE);
        double bound = Math.ceil(size / (double) atOnce) * sync.roundTripsPerTenant() * latency.toMillis();
        report.add(size + "-tenant × " + options.usersPerTenant() + "-user sync wall time / latency bound",
                sync.wallMillis() / bound, Bound.AT_MOST, 1.2, String.format(Locale.ROOT, "%.0f ms / %.0f ms (%.2f "
                        + "round trips per tenant, %d tenants at once); %d tenants not synced", sync.wallMillis(),
                        bound, sync.roundTripsPerTenant(), atOnce, sync.unscanned()));
    }

    /** The licence of the one tenant of {@link Options#bigTenant} users. */
    static final String BIG_TENANT_LICENCE = "SPE_E3";

    /** The one tenant of {@link Options#bigTenant} users: numbered after the scheduler's fleet. */
    private int bigTenantNumber() {
        return options.schedulerFleet() + 1;
    }

    /**
     * Round trips of User Management's syncs of one tenant of {@link Options#bigTenant} users, from the emulator's
     * log: its first sync (in full) against ceil(N / 999), Microsoft's largest page of users; then, after
     * {@link Options#deltaChanges} of its users changed, a sync run now (by delta) against 1 + ceil(k / 999). The
     * tenant grants User Management's scope sets only, so every Graph round trip in it but Tenantry's consent check
     * is the sync's.
     */
    private void userSyncRequests(Staff owner) throws Exception {
        int users = options.bigTenant();
        int changes = Math.min(options.deltaChanges(), users - 2);
        HttpClient http = HttpClient.newHttpClient();
        step("Connecting a tenant of " + users + " users and syncing it in full");
        emulator.requestLog().clear();
        String id = addTenant(owner, http, bigTenantNumber(), USER_SCOPE_SETS);
        awaitUserSyncs(List.of(id), null);
        List<String> full = syncRoundTrips(id);
        double fullMinimum = Math.ceil(users / (double) USER_PAGE);
        report.add("full user sync requests / ceil(N/999), N = " + users, full.size() / fullMinimum, Bound.AT_MOST,
                1.05, full.size() + " round trips / " + (int) fullMinimum + " (licence " + BIG_TENANT_LICENCE + "): "
                        + full);

        step("Changing " + changes + " of its users and syncing it by delta");
        dev.tenantry.emulator.directory.Tenant tenant = emulator.tenant(id);
        List<dev.tenantry.emulator.directory.DirectoryUser> everyone = tenant.users();
        for (int i = 0; i < changes; i++) {
            int number = i;
            // The first two are the administrator and the integration account
            emulator.directory().change(tenant, everyone.get(2 + i), json -> json.put("jobTitle", "Analyst " + number));
        }
        emulator.requestLog().clear();
        Instant asked = Instant.now();
        runNow(http, USER_SYNC, id);
        awaitUserSyncs(List.of(id), asked);
        List<String> delta = syncRoundTrips(id);
        double deltaMinimum = 1 + Math.ceil(changes / (double) USER_PAGE);
        report.add("delta user sync requests with k changes / (1 + ceil(k/999)), k = " + changes,
                delta.size() / deltaMinimum, Bound.AT_MOST, 1.05, delta.size() + " round trips / " + (int) deltaMinimum
                        + ": " + delta);
    }

    /** The Graph round trips in {@code tenantId} the emulator logged, but Tenantry's consent check's. */
    private List<String> syncRoundTrips(String tenantId) {
        Map<String, List<String>> parts = new HashMap<>();
        List<RequestLog.Entry> log = emulator.requestLog().entries();
        log.stream().filter(entry -> entry.kind().equals("graph-batch") && entry.requestId() != null
                && tenantId.equals(entry.tenant())).forEach(entry -> parts.computeIfAbsent(entry.requestId(),
                        key -> new ArrayList<>()).add(entry.path().replace("/v1.0", "")));
        List<String> trips = new ArrayList<>();
        for (RequestLog.Entry entry : log) {
            // The sync's own round trips, by its token: Secure's scan and Threat Alerts' poll read the tenant too
            if (!tenantId.equals(entry.tenant()) || !entry.kind().equals("graph") || !userSync(entry)) {
                continue;
            }
            List<String> inside = entry.path().endsWith("/$batch")
                    ? parts.getOrDefault(entry.requestId(), List.of()) : List.of(entry.path().replace("/v1.0", ""));
            if (inside.stream().allMatch(path -> path.contains("servicePrincipals")
                    || path.contains("oauth2PermissionGrants"))) {
                continue;
            }
            trips.add(entry.status() + " " + (inside.size() == 1 && !entry.path().endsWith("/$batch") ? inside.get(0)
                    : "$batch " + inside));
        }
        return trips;
    }

    /**
     * Waits until User Management's sync ended well in each of {@code tenantIds}, in a run started at {@code since}
     * or later ({@code null}: any run), as the portal's jobs API says. A tenant whose first sync ran before its
     * consent arrived (the scheduler noticed the tenant first) is synced again now, once.
     */
    private void awaitUserSyncs(Collection<String> tenantIds, Instant since) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Set<String> waiting = new java.util.LinkedHashSet<>(tenantIds);
        Set<String> askedAgain = new java.util.HashSet<>();
        // The first sync of 300 tenants of 2,000 users writes 600,000 records: minutes on two cores
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
        long tell = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!waiting.isEmpty()) {
            for (java.util.Iterator<String> each = waiting.iterator(); each.hasNext();) {
                String id = each.next();
                JsonNode run = Staff.apiOrNull(http, portal, token, "GET", "jobs/" + USER_SYNC + "/tenants/" + id);
                // A run going on keeps the last run's end until it ends itself
                if (run == null || run.path("finishedAt").isNull() || run.path("startedAt").isNull()
                        || run.path("outcome").asText().equals("RUNNING") || since != null && Instant.parse(run.path("startedAt").asText()).isBefore(since)) {
                    continue;
                }
                if (run.path("outcome").asText().equals("SUCCESS")) {
                    each.remove();
                } else if (askedAgain.add(id)) {
                    runNow(http, USER_SYNC, id);
                } else {
                    throw new IllegalStateException("The user sync of tenant " + id + " ended "
                            + run.path("outcome").asText() + ": " + run.path("message").asText());
                }
            }
            if (waiting.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(waiting.size() + " tenants' users were not synced within 60 minutes");
            }
            if (System.nanoTime() > tell) {
                tell = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                step(waiting.size() + " of " + tenantIds.size() + " tenants' users still to sync");
            }
            Thread.sleep(1000);
        }
        if (!askedAgain.isEmpty()) {
            report.inform("user syncs run again after their tenant's consent arrived", askedAgain.size());
        }
    }

    /**
     * Runs a job in a tenant now through the portal's jobs API, unless a run of it goes on there already (the
     * scheduler started one: a consent makes the runs that wanted it due at once).
     */
    private void runNow(HttpClient http, String jobId, String tenantId) throws Exception {
        int status = Staff.apiStatus(http, portal, token, "POST", "jobs/" + jobId + "/tenants/" + tenantId + "/run");
        Staff.require(status == 202 || status == 409, "POST /api/jobs/" + jobId + "/tenants/" + tenantId
                + "/run answered " + status);
    }

    /** One fleet scan as the emulator saw it: when each tenant's last scan round trip ended. */
    record Scan(Map<String, Double> completionMillis, double roundTripsPerTenant, int unscanned) {

        double wallMillis() {
            return completionMillis.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        double completionOf(Collection<String> tenants) {
            return tenants.stream().filter(completionMillis::containsKey).mapToDouble(completionMillis::get).max()
                    .orElse(Double.NaN);
        }

        int unscannedOf(Collection<String> tenants) {
            return (int) tenants.stream().filter(tenant -> !completionMillis.containsKey(tenant)).count();
        }
    }

    private Scan fleetScan(Staff owner, List<String> fleet, FaultSettings faults) throws Exception {
        return fleetRun(owner::scanAllTenants, fleet, faults, "secureScores", "had their Secure Score read",
                Benchmark::postureScan);
    }

    /**
     * Work over the fleet a person starts from a page ({@code start}), as the emulator saw it under {@code faults}:
     * when each tenant's last round trip ended, for the tenants where a read of {@code marker} succeeded.
     */
    private Scan fleetRun(Press start, List<String> fleet, FaultSettings faults, String marker, String markerSays,
            java.util.function.Predicate<RequestLog.Entry> ofTheWork) throws Exception {
        emulator.faults().apply(faults);
        emulator.requestLog().clear();
        Instant started = Instant.now();
        start.press();
        // Done when nothing of the work moved for 12 s: longer than the throttled tenants' Retry-After (10 s)
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        int seen = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            // Quiet when the work's own round trips stopped (other jobs go on in the same tenants)
            int now = emulator.requestLog().matching(ofTheWork::test).size();
            if (now != seen) {
                seen = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(12)) {
                break;
            }
        }
        Set<String> members = Set.copyOf(fleet);
        Map<String, Double> completion = new HashMap<>();
        Map<String, Integer> roundTrips = new HashMap<>();
        Set<String> scored = new java.util.HashSet<>();
        for (RequestLog.Entry entry : emulator.requestLog().entries()) {
            if (!members.contains(entry.tenant()) || entry.kind().equals("identity")) {
                continue;
            }
            if (entry.path().contains(marker) && entry.status() < 300) {
                scored.add(entry.tenant());
            }
            // Only the work's own round trips: other jobs' in the same tenants (Threat Alerts' poll, the consent
            // check) would make its end the next poll's
            if (entry.kind().equals("graph-batch") || !ofTheWork.test(entry)) {
                continue;
            }
            double end = Duration.between(started, entry.at().plus(entry.latency())).toNanos() / 1e6;
            completion.merge(entry.tenant(), end, Math::max);
            roundTrips.merge(entry.tenant(), 1, Integer::sum);
        }
        completion.keySet().retainAll(scored);
        report.inform("fleet work (" + faults.asMap() + ")", emulator.requestLog().entries().size()
                + " requests answered, " + scored.size() + " of " + fleet.size() + " tenants " + markerSays
                + ", the last " + Report.number(completion.values().stream().mapToDouble(Double::doubleValue)
                        .max().orElse(Double.NaN)) + " ms after the scan was asked for");
        double perTenant = scored.stream().mapToInt(tenant -> roundTrips.getOrDefault(tenant, 0)).average()
                .orElse(Double.NaN);
        return new Scan(completion, perTenant, fleet.size() - scored.size());
    }

    /**
     * Whether a round trip is User Management's, by the scope sets Tenantry named in its {@code User-Agent}: tokens
     * cannot tell (a delegated token carries every scope the tenant consented to, whichever plugin asked for it).
     * In the bench nothing but the sync calls Microsoft for User Management.
     */
    private static boolean userSync(RequestLog.Entry entry) {
        return entry.madeFor("user-management.");
    }

    /** Whether a round trip is Secure's (the scan's: nothing else of Secure runs in the bench), as {@link #userSync}. */
    private static boolean postureScan(RequestLog.Entry entry) {
        return entry.madeFor("secure.");
    }

    /** Statement count and server time of one page, from sequential views of one session. */
    record Sample(String path, int statements, double serverMillis, double clientMillis) {
    }

    private Map<String, Sample> sampleViews(Staff staff) throws IOException, InterruptedException {
        step("Sampling the views at " + tenantIds.size() + " tenants");
        Map<String, Sample> samples = new LinkedHashMap<>();
        for (Map.Entry<String, String> view : VIEWS.entrySet()) {
            samples.put(view.getKey(), sample(staff, view.getValue()));
        }
        report.inform("views at " + tenantIds.size() + " tenants (statements, server ms median)", samples.entrySet()
                .stream().map(each -> each.getKey() + " " + each.getValue().statements() + ", "
                        + Report.number(each.getValue().serverMillis()))
                .collect(Collectors.joining("; ")));
        return samples;
    }

    private Sample sample(Staff staff, String path) throws IOException, InterruptedException {
        for (int i = 0; i < 3; i++) {
            Staff.View warm = staff.view(visit(path, visits.getAndIncrement()));
            Staff.require(warm.status() == 200, path + " answered " + warm.status());
        }
        List<Integer> statements = new ArrayList<>();
        List<Double> server = new ArrayList<>();
        List<Double> client = new ArrayList<>();
        for (int i = 0; i < options.samples(); i++) {
            Staff.View view = staff.view(visit(path, visits.getAndIncrement()));
            Staff.require(view.status() == 200, path + " answered " + view.status());
            view.statements().ifPresent(statements::add);
            server.add(Double.isNaN(view.serverMillis()) ? view.clientMillis() : view.serverMillis());
            client.add(view.clientMillis());
        }
        return new Sample(path, statements.isEmpty() ? -1 : (int) median(statements.stream().mapToDouble(i -> i)
                .boxed().toList()), median(server), median(client));
    }

    /** Pages per second and latency percentiles of {@code sessions} sessions loading {@code views} in turn. */
    record Load(double pagesPerSecond, Map<String, Double> p95Millis, Map<String, Double> p50Millis, long errors) {
    }

    private Load load(Map<String, String> views) throws Exception {
        return load(views, options.load());
    }

    /**
     * An unmeasured load of every view and the minimal page: the small fleet is measured first, on a server just
     * started whose code still runs interpreted, and the large fleet on one warmed by everything before it.
     */
    private void warmUp() throws Exception {
        Map<String, String> all = new LinkedHashMap<>(VIEWS);
        all.put("minimal", MinimalPage.PATH);
        Duration warm = options.load().compareTo(WARM_UP) < 0 ? options.load() : WARM_UP;
        step("Warming the server up (unmeasured)");
        load(all, warm);
    }

    private Load load(Map<String, String> views, Duration duration) throws Exception {
        step("Loading " + views.keySet() + " with " + options.sessions() + " sessions for "
                + duration.toSeconds() + " s");
        List<Staff> sessions = new ArrayList<>();
        for (int i = 0; i < options.sessions(); i++) {
            sessions.add(signIn());
        }
        Map<String, Histogram> histograms = new LinkedHashMap<>();
        views.keySet().forEach(name -> histograms.put(name, new Histogram(TimeUnit.MINUTES.toMicros(5), 3)));
        AtomicLong pages = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<String> names = List.copyOf(views.keySet());
        ExecutorService pool = Executors.newFixedThreadPool(sessions.size());
        long end = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < sessions.size(); s++) {
                Staff staff = sessions.get(s);
                int first = s;
                running.add(pool.submit(() -> {
                    for (int i = first; System.nanoTime() < end; i++) {
                        String name = names.get(i % names.size());
                        Staff.View view = staff.view(visit(views.get(name), visits.getAndIncrement()));
                        if (view.status() != 200) {
                            errors.incrementAndGet();
                            continue;
                        }
                        Histogram histogram = histograms.get(name);
                        synchronized (histogram) {
                            histogram.recordValue(Math.max(1, Math.round(view.clientMillis() * 1000)));
                        }
                        pages.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> each : running) {
                each.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Double> p95 = new LinkedHashMap<>();
        Map<String, Double> p50 = new LinkedHashMap<>();
        histograms.forEach((name, histogram) -> {
            p95.put(name, histogram.getValueAtPercentile(95) / 1000.0);
            p50.put(name, histogram.getValueAtPercentile(50) / 1000.0);
        });
        Load load = new Load(pages.get() / seconds, p95, p50, errors.get());
        report.inform("load at " + tenantIds.size() + " tenants on " + names, String.format(Locale.ROOT,
                "%.1f pages/s, p50 %s ms, p95 %s ms, %d errors", load.pagesPerSecond(), rounded(p50), rounded(p95),
                load.errors()));
        return load;
    }

    private void figures(Map<String, Sample> small, Map<String, Sample> large, Sample minimal, Load smallLoad,
            Load largeLoad, Load minimalLoad, long heap, Duration coldSmall, Duration coldLarge) {
        int s = options.small();
        int l = options.large();
        worst("SQL statements per view at N = " + l + " / at N = " + s, Bound.AT_MOST, 1.2,
                VIEWS.keySet(), view -> ratio(large.get(view).statements(), small.get(view).statements()),
                view -> large.get(view).statements() + "/" + small.get(view).statements());
        worst("page p95, " + options.sessions() + " sessions, at N = " + l + " / at N = " + s, Bound.AT_MOST, 1.5,
                VIEWS.keySet(), view -> largeLoad.p95Millis().get(view) / smallLoad.p95Millis().get(view),
                view -> Report.number(largeLoad.p95Millis().get(view)) + "/"
                        + Report.number(smallLoad.p95Millis().get(view)) + " ms");
        worst("server time of each view at N = " + s + " / minimal PrimeFaces page", Bound.AT_MOST, 3,
                VIEWS.keySet(), view -> small.get(view).serverMillis() / minimal.serverMillis(),
                view -> Report.number(small.get(view).serverMillis()) + "/" + Report.number(minimal.serverMillis())
                        + " ms");
        long smallUsers = (long) s * options.usersPerTenant();
        long largeUsers = (long) l * options.usersPerTenant() + options.bigTenant();
        report.add("user search p95, " + options.sessions() + " sessions, at " + largeUsers + " users / at "
                + smallUsers, largeLoad.p95Millis().get("users") / smallLoad.p95Millis().get("users"), Bound.AT_MOST,
                2, "each request a name of " + userSearches.size() + " the small fleet's users have (\""
                        + userSearches.get(0) + "\", …; " + Report.number(namesakes(l, true)) + "/"
                        + Report.number(namesakes(s, false)) + " users of a name on average), across all tenants: "
                        + Report.number(largeLoad.p95Millis().get("users"))
                        + "/" + Report.number(smallLoad.p95Millis().get("users")) + " ms; one at a time, server "
                        + Report.number(large.get("users").serverMillis()) + "/"
                        + Report.number(small.get("users").serverMillis()) + " ms (median)");
        report.add("pages/s, " + options.sessions() + " sessions, at N = " + s + " / minimal page",
                smallLoad.pagesPerSecond() / minimalLoad.pagesPerSecond(), Bound.AT_LEAST, 0.3,
                String.format(Locale.ROOT, "%.1f / %.1f pages/s", smallLoad.pagesPerSecond(),
                        minimalLoad.pagesPerSecond()));
        report.add("heap after work over " + l + " tenants × " + options.usersPerTenant() + " users (MiB)",
                heap / (1024.0 * 1024), Bound.AT_MOST, 512, "after a full GC (jcmd GC.run)");
        report.add("cold start with " + l + " tenants / with " + s, coldLarge.toMillis() / (double) coldSmall
                .toMillis(), Bound.AT_MOST, 1.1, coldLarge.toMillis() + "/" + coldSmall.toMillis() + " ms to deployed");
    }

    private void worst(String name, Bound bound, double target, Collection<String> views,
            java.util.function.ToDoubleFunction<String> ratio, java.util.function.Function<String, String> detail) {
        String worst = null;
        double value = bound == Bound.AT_MOST ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        List<String> details = new ArrayList<>();
        for (String view : views) {
            double each = ratio.applyAsDouble(view);
            details.add(view + " " + detail.apply(view));
            if (Double.isNaN(each)) {
                report.add(name, Double.NaN, bound, target, view + " was not measured; " + String.join(", ", details));
                return;
            }
            if (bound == Bound.AT_MOST ? each > value : each < value) {
                value = each;
                worst = view;
            }
        }
        report.add(name, value, bound, target, "worst: " + worst + "; " + String.join(", ", details));
    }

    /**
     * Scheduler coverage and lag over the whole fleet, over three poll intervals: distinct tenants Threat Alerts' poll
     * ran in, and how late runs started after they were due, as the portal records them ({@code GET /api/jobs?window=});
     * checked from outside against the emulator's log, where each tenant with Entra ID P2 has its risk detections read
     * by every poll (a run is due again its interval after it started: the gap between two reads, less the interval,
     * is how late the second started).
     */
    private void scheduler() throws Exception {
        Duration interval = options.pollInterval();
        int rounds = options.schedulerRounds();
        // Runs that fell due while the server restarted start late once: the window opens an interval later
        step("Letting the scheduler settle over " + tenantIds.size() + " tenants for one poll interval of "
                + interval);
        Thread.sleep(interval.toMillis());
        step("Watching the scheduler over " + tenantIds.size() + " tenants for " + rounds + " poll intervals of "
                + interval);
        emulator.requestLog().clear();
        Instant from = emulator.directory().now();
        Thread.sleep(interval.multipliedBy(rounds).toMillis());
        Map<String, List<Instant>> polls = new HashMap<>();
        for (RequestLog.Entry entry : emulator.requestLog().entries()) {
            if (entry.path().contains("riskDetections") && !entry.at().isBefore(from)) {
                List<Instant> times = polls.computeIfAbsent(entry.tenant(), t -> new ArrayList<>());
                if (times.isEmpty() || Duration.between(times.get(times.size() - 1), entry.at()).toSeconds() > 10) {
                    times.add(entry.at());
                }
            }
        }
        Set<String> fleet = Set.copyOf(tenantIds.values());
        Duration window = interval.multipliedBy(rounds);
        JsonNode poll = null;
        Map<String, String> everyJob = new TreeMap<>();
        for (JsonNode job : Staff.api(HttpClient.newHttpClient(), portal, token, "GET", "jobs?window=" + window, null)) {
            if (job.path("jobId").asText().equals("threat-alerts.poll")) {
                poll = job;
            }
            everyJob.put(job.path("jobId").asText(), job.path("runs").asLong() + " runs in " + job.path("tenantsRun")
                    .asLong() + " tenants, every " + Duration.ofSeconds(job.path("everySeconds").asLong()) + ", "
                    + job.path("queued").asLong() + " due and waiting");
        }
        Staff.require(poll != null, "GET /api/jobs lists no threat-alerts.poll job");
        // How the slots were shared among the jobs while the poll was watched
        report.inform("every job in the scheduler's window of " + window, everyJob.toString());
        long covered = poll.path("tenantsRun").asLong();
        long licensedPolled = polls.keySet().stream().filter(fleet::contains).count();
        report.add("scheduler coverage: tenants polled in " + rounds + " poll intervals / N, N = " + fleet.size(),
                covered / (double) fleet.size(), Bound.AT_LEAST, 1.0, covered + " of " + fleet.size()
                        + " tenants (the job works in " + poll.path("tenants").asLong() + "), poll interval "
                        + interval + "; the emulator saw the risk detections of " + licensedPolled
                        + " tenants with Entra ID P2 read");
        double portalP95 = poll.path("lagP95Millis").isNumber() ? poll.path("lagP95Millis").asDouble() : Double.NaN;
        report.add("job start lag p95 at N = " + fleet.size() + " / poll interval", portalP95 / interval.toMillis(),
                Bound.AT_MOST, 0.1, Double.isNaN(portalP95) ? "no scheduled run in the window"
                        : Report.number(portalP95) + " ms over " + poll.path("runs").asLong() + " runs, median "
                                + poll.path("lagP50Millis").asText() + " ms (the portal's record)");
        Histogram lag = new Histogram(TimeUnit.HOURS.toMillis(1), 3);
        polls.values().forEach(times -> {
            for (int i = 1; i < times.size(); i++) {
                long late = Duration.between(times.get(i - 1), times.get(i)).minus(interval).toMillis();
                lag.recordValue(Math.max(0, late));
            }
        });
        report.inform("job start lag seen by the emulator (gap between two polls less the interval)",
                lag.getTotalCount() == 0 ? "no tenant was polled twice in the window" : "p50 "
                        + lag.getValueAtPercentile(50) + " ms, p95 " + lag.getValueAtPercentile(95) + " ms over "
                        + lag.getTotalCount() + " consecutive polls of " + licensedPolled + " tenants");
    }

    private static double ratio(int large, int small) {
        return small <= 0 ? Double.NaN : large / (double) small;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }

    private static Map<String, String> rounded(Map<String, Double> values) {
        Map<String, String> text = new LinkedHashMap<>();
        values.forEach((name, value) -> text.put(name, Report.number(value)));
        return text;
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }

    private void step(String what) {
        out.printf("[bench %s] %s%n", Instant.now().toString().substring(11, 19), what);
    }
}
