package dev.tenantry.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantry.emulator.directory.Application;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.PermissionCatalogue;
import dev.tenantry.emulator.directory.ScaleSeed;
import dev.tenantry.emulator.directory.Seed;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.graph.GraphEndpoints;
import dev.tenantry.emulator.http.Exchanges;
import dev.tenantry.emulator.exchange.ExchangeEndpoints;
import dev.tenantry.emulator.http.FaultSettings;
import dev.tenantry.emulator.http.Faults;
import dev.tenantry.emulator.http.RequestLog;
import dev.tenantry.emulator.identity.IdentityEndpoints;
import dev.tenantry.emulator.identity.SigningKeys;
import dev.tenantry.emulator.identity.Tokens;
import dev.tenantry.emulator.mail.MailStore;
import dev.tenantry.emulator.mail.SentMail;
import dev.tenantry.emulator.tls.EmulatorTls;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.SameThreadExecutor;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

/**
 * The emulator as a server: the Microsoft identity platform (v2.0) at {@link #identityBaseUrl()} and Microsoft Graph
 * at {@link #graphBaseUrl()}, over HTTPS on 127.0.0.1. Tests start it in-process on a free port; {@link Main} runs it
 * alone.
 *
 * <p>Requests are answered on worker threads ({@link Builder#workerThreads}); the latency {@link Faults} add is waited
 * out on a timer of the IO thread, holding no worker, so many slow requests in flight cost no threads.
 *
 * <pre>{@code
 * try (M365Emulator emulator = M365Emulator.builder().seed(Seed.demo()).start()) {
 *     String authority = emulator.identityBaseUrl() + "/" + tenantId + "/";
 *     ...
 * }
 * }</pre>
 */
public final class M365Emulator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(M365Emulator.class.getName());

    private final EmulatorClock clock = new EmulatorClock();
    private final Directory directory;
    private final SigningKeys keys = new SigningKeys();
    private final Tokens tokens;
    private final Faults faults;
    private final ExchangeEndpoints exchangeAdmin;
    private final RequestLog requestLog = new RequestLog();
    private final MailStore mail = new MailStore();
    private final IdentityEndpoints identity;
    private final GraphEndpoints graph;
    private final EmulatorTls tls;
    private final Consumer<Directory> seeder;
    private final FaultSettings faultSettings;
    private final int workerThreads;
    private final AtomicInteger answering = new AtomicInteger();
    private Undertow server;
    private volatile String baseUrl;

    private M365Emulator(Builder builder) {
        this.directory = new Directory(PermissionCatalogue.load(), clock);
        this.tokens = new Tokens(keys, clock);
        this.faults = new Faults(clock, directory::tenantId);
        this.tls = builder.tlsFolder == null ? EmulatorTls.ephemeral() : EmulatorTls.inFolder(builder.tlsFolder);
        this.seeder = builder.seeder;
        this.faultSettings = builder.faultSettings;
        this.workerThreads = builder.workerThreads;
        this.identity = new IdentityEndpoints(directory, tokens, keys, () -> baseUrl);
        this.graph = new GraphEndpoints(directory, tokens, faults, requestLog, this::graphBaseUrl, identity::revokeSessions,
                mail);
        this.exchangeAdmin = new ExchangeEndpoints(directory, tokens, faults, () -> baseUrl);
        seeder.accept(directory);
        faults.apply(faultSettings);
        startServer(builder.port);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How to start an emulator. */
    public static final class Builder {
        private int port;
        private Consumer<Directory> seeder = seeding(Seed.demo());
        private Path tlsFolder;
        private FaultSettings faultSettings = FaultSettings.NONE;
        private int workerThreads = defaultWorkerThreads();

        /** The HTTPS port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The seed to load (default: the demo tenants); null for an empty directory. */
        public Builder seed(JsonNode seed) {
            this.seeder = seeding(seed);
            return this;
        }

        private static Consumer<Directory> seeding(JsonNode seed) {
            return directory -> {
                if (seed != null) {
                    Seed.apply(seed, directory);
                }
            };
        }

        /**
         * Instead of a seed, {@link ScaleSeed}: the MSP tenant and {@code tenants} customers of {@code usersPerTenant}
         * users, added one tenant at a time (risk detections dated before the emulator's start).
         */
        public Builder scale(int tenants, int usersPerTenant, long randomSeed) {
            new ScaleSeed.Size(tenants, usersPerTenant);
            this.seeder = directory -> ScaleSeed.apply(directory, tenants, usersPerTenant, randomSeed,
                    directory.now().truncatedTo(ChronoUnit.MINUTES));
            return this;
        }

        /** Faults of every request from the start, and again after each {@link #reset()}. */
        public Builder faults(FaultSettings settings) {
            this.faultSettings = Objects.requireNonNull(settings);
            return this;
        }

        /**
         * Threads that answer requests (default: 16 per processor, at least 64). Latency added by faults holds none.
         */
        public Builder workerThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("An emulator needs at least one worker thread");
            }
            this.workerThreads = threads;
            return this;
        }

        /** Where to keep the certificate and the trust store clients use; default: in memory only. */
        public Builder tlsFolder(Path folder) {
            this.tlsFolder = folder;
            return this;
        }

        public M365Emulator start() {
            return new M365Emulator(this);
        }
    }

    static int defaultWorkerThreads() {
        return Math.max(64, Runtime.getRuntime().availableProcessors() * 16);
    }

    private void startServer(int port) {
        SSLContext context = tls.serverContext();
        HttpHandler answer = new BlockingHandler(this::handle);
        server = Undertow.builder()
                .addHttpsListener(port, "127.0.0.1", context)
                .setWorkerThreads(workerThreads)
                .setHandler(exchange -> arrive(exchange, answer))
                .build();
        server.start();
        int actual = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        baseUrl = "https://localhost:" + actual;
    }

    /**
     * On the IO thread: starts the request's log entry, admits it under the limit of requests in flight, and waits out
     * its latency on a timer before a worker answers it.
     */
    private void arrive(HttpServerExchange exchange, HttpHandler answer) throws Exception {
        long started = System.nanoTime();
        Instant at = clock.instant();
        Exchanges.Info info = Exchanges.info(exchange);
        info.onRespond = status -> requestLog.add(new RequestLog.Entry(at, info.kind,
                exchange.getRequestMethod().toString(), exchange.getRequestPath(), exchange.getQueryString(), info.tenant,
                info.appId, info.scopes, info.bearer, status, Duration.ofNanos(System.nanoTime() - started),
                info.requestId, exchange.getRequestHeaders().getFirst(io.undertow.util.Headers.USER_AGENT)));
        RoundTrip trip = RoundTrip.of(exchange, directory);
        if (trip.resource()) {
            Faults.Admission admission = faults.admit(trip.tenant(), trip.appId());
            info.refusal = admission.refusal().orElse(null);
            exchange.addExchangeCompleteListener((done, next) -> {
                admission.release();
                next.proceed();
            });
        }
        Duration latency = faults.latency(trip.tenant(), trip.path());
        if (latency.isZero()) {
            answer.handleRequest(exchange);
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> exchange.getIoThread().executeAfter(
                () -> exchange.dispatch(exchange.getConnection().getWorker(), answer), latency.toNanos(),
                TimeUnit.NANOSECONDS));
    }

    private void handle(HttpServerExchange exchange) {
        answering.incrementAndGet();
        try {
            String relative = exchange.getRelativePath().toLowerCase(Locale.ROOT);
            if (relative.startsWith("/v1.0/") || relative.equals("/v1.0") || relative.startsWith("/beta/")) {
                graph.handle(exchange);
            } else if (exchange.getRelativePath().toLowerCase(Locale.ROOT).startsWith("/emulator/")) {
                emulatorPages(exchange);
            } else if (ExchangeEndpoints.serves(exchange.getRelativePath())) {
                exchangeAdmin.handle(exchange);
            } else {
                identity.handle(exchange);
            }
        } catch (GraphEndpoints.DroppedConnection dropped) {
            LOG.fine("Dropped the connection of " + exchange.getRequestPath() + " on request");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The emulator failed to answer " + exchange.getRequestMethod() + " "
                    + exchange.getRequestPath(), e);
            if (!exchange.isResponseStarted()) {
                Exchanges.send(exchange, 500, "text/plain", "Emulator error: " + e.getClass().getSimpleName());
            }
        } finally {
            // Dropped connections and anything that answered without the helpers: status 0 means no answer was sent.
            Exchanges.responding(exchange, exchange.getConnection().isOpen() ? exchange.getStatusCode() : 0);
            answering.decrementAndGet();
        }
    }

    /**
     * The emulator's own pages for tests outside the JVM (a browser test, a script), never Microsoft's:
     * {@code GET /emulator/mail} lists the mail sent through Graph ({@code ?to=}, {@code ?from=}, {@code ?tenant=}
     * filter it), {@code DELETE /emulator/mail} forgets it.
     */
    private void emulatorPages(HttpServerExchange exchange) {
        String method = exchange.getRequestMethod().toString();
        if (!exchange.getRelativePath().equalsIgnoreCase("/emulator/mail")) {
            Exchanges.send(exchange, 404, "text/plain", "No such emulator page");
        } else if (method.equals("GET")) {
            String to = Exchanges.query(exchange, "to");
            String from = Exchanges.query(exchange, "from");
            String tenant = Exchanges.query(exchange, "tenant");
            Exchanges.json(exchange, 200, MailStore.json(mail.all().stream()
                    .filter(sent -> to == null || sent.isFor(to))
                    .filter(sent -> from == null || sent.from().equalsIgnoreCase(from))
                    .filter(sent -> tenant == null || directory.tenantId(tenant).map(sent.tenant()::equals)
                            .orElse(false))
                    .toList()));
        } else if (method.equals("DELETE")) {
            mail.clear();
            Exchanges.responding(exchange, 204);
            exchange.setStatusCode(204);
            exchange.endExchange();
        } else {
            Exchanges.send(exchange, 405, "text/plain", "GET or DELETE");
        }
    }

    /** Every message sent through Graph's {@code sendMail} since the start or the last {@link #reset()}. */
    public List<SentMail> sentMail() {
        return mail.all();
    }

    /** The messages one of whose recipients (to, cc or bcc) is {@code address}, oldest first. */
    public List<SentMail> sentMailTo(String address) {
        return mail.to(address);
    }

    /**
     * Makes the delta tokens every tenant issued until now answer {@code 410 Gone} (syncStateNotFound), as Graph does
     * when it no longer holds a token's sync state; tokens older than seven days expire by themselves
     * ({@link #advanceClock}).
     */
    public void expireDeltaTokens() {
        directory.tenants().forEach(directory::expireDeltaTokens);
    }

    /** {@code https://localhost:PORT}; an MSAL authority is this plus {@code /<tenant>/}. */
    public String identityBaseUrl() {
        return baseUrl;
    }

    /** {@code https://localhost:PORT/v1.0}, the Graph SDK's base URL. */
    public String graphBaseUrl() {
        return baseUrl + "/v1.0";
    }

    public int port() {
        return Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1));
    }

    public EmulatorTls tls() {
        return tls;
    }

    public Directory directory() {
        return directory;
    }

    public RequestLog requestLog() {
        return requestLog;
    }

    public Faults faults() {
        return faults;
    }

    /** Threads answering requests. */
    public int workerThreads() {
        return server.getWorker().getMXBean().getMaxWorkerPoolSize();
    }

    /** Threads answering a request right now; a request waiting out its latency holds none. */
    public int busyWorkerThreads() {
        return answering.get();
    }

    /** The tenant with this id or domain; fails when there is none. */
    public Tenant tenant(String idOrDomain) {
        return directory.tenant(idOrDomain).orElseThrow(() -> new IllegalArgumentException("No tenant " + idOrDomain));
    }

    /** Registers an application (e.g. a test client) beside the seeded ones. */
    public M365Emulator register(Application application) {
        directory.addApplication(Objects.requireNonNull(application));
        return this;
    }

    /** Revokes the user's sessions and refresh tokens, as {@code revokeSignInSessions} or a password reset does. */
    public void revokeSessions(DirectoryUser user) {
        identity.revokeSessions(user);
    }

    /** Lets time pass for codes, tokens and refresh tokens (not for MSAL's own cache, which uses the real clock). */
    public void advanceClock(Duration amount) {
        clock.advance(amount);
    }

    /** Starts signing with a new key; the previous key stays published. */
    public void rotateSigningKey() {
        keys.rotate();
    }

    public void accessTokenLifetime(Duration lifetime) {
        tokens.accessTokenLifetime(lifetime);
    }

    /** Back to the seeded state: directory, sessions, tokens, faults (as started), clock, request log and sent mail. */
    public synchronized void reset() {
        synchronized (directory) {
            directory.clear();
            directory.teams().provisioning(dev.tenantry.emulator.directory.Teams.DEFAULT_PROVISIONING);
            seeder.accept(directory);
        }
        identity.reset();
        faults.clear();
        faults.apply(faultSettings);
        clock.reset();
        requestLog.clear();
        mail.clear();
        tokens.accessTokenLifetime(Duration.ofMinutes(60));
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
