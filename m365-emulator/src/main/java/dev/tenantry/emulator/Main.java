package dev.tenantry.emulator;

import dev.tenantry.emulator.directory.Application;
import dev.tenantry.emulator.directory.ScaleSeed;
import dev.tenantry.emulator.directory.Seed;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.FaultSettings;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.emulator.tls.EmulatorTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator alone: {@code java -jar m365-emulator.jar [options]} ({@code --help} lists them). Prints the
 * addresses and the trust store clients need, then serves until stopped. A wrong option or value is reported in one
 * line, with exit code 2.
 */
public final class Main {

    /** Exit code of a wrong command line. */
    static final int USAGE = 2;
    private static final String NAME = "m365-emulator";

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Launch launch = launch(args, System.out, System.err);
        if (launch.emulator() == null) {
            if (launch.exitCode() != 0) {
                System.exit(launch.exitCode());
            }
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            launch.emulator().close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** What a command line led to: a running emulator, or an exit code (0 after {@code --help}). */
    record Launch(int exitCode, M365Emulator emulator) {
    }

    /** A command line that cannot be run; its message says why, in one line. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /** What the command line asks for. */
    record Options(int port, Path seed, ScaleSeed.Size scale, long scaleSeed, Path tlsFolder, List<String> redirectUris,
            int workerThreads, FaultSettings faults) {
    }

    /**
     * Starts the emulator the command line describes and prints where it is; or prints the usage, or what is wrong
     * with the command line.
     */
    static Launch launch(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
                out.print(usage());
                return new Launch(0, null);
            }
            options = parse(args);
        } catch (UsageException e) {
            err.println(NAME + ": " + e.getMessage());
            return new Launch(USAGE, null);
        }
        M365Emulator emulator;
        try {
            emulator = start(options);
        } catch (IllegalArgumentException e) {
            err.println(NAME + ": " + e.getMessage());
            return new Launch(USAGE, null);
        }
        printReady(emulator, options, out);
        return new Launch(0, emulator);
    }

    static String usage() {
        return """
                usage: java -jar m365-emulator.jar [options]
                  --port N                     HTTPS port on 127.0.0.1 (default 9443; 0 picks a free one)
                  --seed FILE                  the seed document to load (default: the demo tenants)
                  --scale TENANTSxUSERS        instead of a seed: the MSP tenant and generated customer tenants, e.g.
                                               500x2000, each with an admin consent to Tenantry, an integration account
                                               (tenantry.integration@customerNNNN.example), Secure Score and risk data
                  --scale-seed N               random seed of --scale (default 42)
                  --tls-dir FOLDER             where the certificate and trust store are kept
                                               (default ~/.tenantry/emulator)
                  --redirect-uri URI           added to every seeded application (repeatable)
                  --workers N                  threads answering requests (default %d here: 16 per processor,
                                               at least 64)
                Faults of every request (also --faults FILE: a properties file with these names as keys; options win):
                  --latency DURATION           added to every round trip: sign-in, token, Graph, Exchange (e.g. 100ms)
                  --latency-jitter DURATION    up to this much more, drawn per request
                  --tenant-budget N/WINDOW     requests each application may send each tenant per window (e.g. 4/s,
                                               10000/10min; Graph and Exchange count apart); more: 429 + Retry-After
                  --tenant-concurrency N       requests each application may have in flight in each tenant; one more:
                                               429 + Retry-After (0: no limit)
                  --throttle-rate RATE         share of Graph and Exchange requests answered 429 + Retry-After
                                               (e.g. 0.01)
                  --unavailable-rate RATE      share answered 503 + Retry-After (e.g. 0.005)
                  --retry-after DURATION       the Retry-After of the rates and of the concurrency limit (default 1s)
                  --throttle-tenants TENANTS   whom budget, limit and rates apply to: all (default), a share such as
                                               10%%, or tenant ids or domains separated by commas
                  --fault-seed N               what the rates, the jitter and a share of tenants are drawn from
                                               (default 0): the same seed gives each tenant's n-th request the same fate
                  --faults FILE                fault settings from a properties file
                  --help                       this text
                """.formatted(M365Emulator.defaultWorkerThreads());
    }

    /** Reads the command line; fault settings come from {@code --faults} first, then from the options. */
    static Options parse(String[] args) {
        int port = 9443;
        Path seed = null;
        ScaleSeed.Size scale = null;
        long scaleSeed = 42;
        List<String> redirectUris = new ArrayList<>();
        Path tlsFolder = Path.of(System.getProperty("user.home"), ".tenantry", "emulator");
        int workers = M365Emulator.defaultWorkerThreads();
        Path faultsFile = null;
        Map<String, String> faultOptions = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String key = option.startsWith("--") ? option.substring(2) : option;
            if (FaultSettings.KEYS.contains(key)) {
                faultOptions.put(key, value(args, ++i, option));
                continue;
            }
            switch (option) {
                case "--port" -> port = number(value(args, ++i, option), option, 0, 65535);
                case "--seed" -> seed = Path.of(value(args, ++i, option));
                case "--scale" -> scale = scale(value(args, ++i, option));
                case "--scale-seed" -> scaleSeed = number(value(args, ++i, option), option, Integer.MIN_VALUE,
                        Integer.MAX_VALUE);
                case "--redirect-uri" -> redirectUris.add(value(args, ++i, option));
                case "--tls-dir" -> tlsFolder = Path.of(value(args, ++i, option));
                case "--workers" -> workers = number(value(args, ++i, option), option, 1, 10_000);
                case "--faults" -> faultsFile = Path.of(value(args, ++i, option));
                default -> throw new UsageException("unknown option " + option + " (try --help)");
            }
        }
        if (seed != null && scale != null) {
            throw new UsageException("--seed and --scale exclude each other: choose one");
        }
        FaultSettings faults = FaultSettings.NONE;
        try {
            if (faultsFile != null) {
                faults = FaultSettings.parse(properties(faultsFile), faults, faultsFile.toString(), "");
            }
            faults = FaultSettings.parse(faultOptions, faults, null, "--");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return new Options(port, seed, scale, scaleSeed, tlsFolder, List.copyOf(redirectUris), workers, faults);
    }

    private static Map<String, String> properties(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UsageException("cannot read the fault settings " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(name -> values.put(name,
                properties.getProperty(name)));
        return values;
    }

    private static ScaleSeed.Size scale(String text) {
        try {
            return ScaleSeed.Size.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--scale: " + e.getMessage());
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[index];
    }

    private static int number(String text, String option, int min, int max) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with what the option takes
        }
        throw new UsageException(option + " takes a whole number from " + min + " to " + max + ", not '" + text + "'");
    }

    private static M365Emulator start(Options options) {
        M365Emulator.Builder builder = M365Emulator.builder().port(options.port()).tlsFolder(options.tlsFolder())
                .workerThreads(options.workerThreads()).faults(options.faults());
        if (options.seed() != null) {
            try (InputStream in = Files.newInputStream(options.seed())) {
                builder.seed(Json.read(in));
            } catch (IOException | UncheckedIOException e) {
                throw new IllegalArgumentException("cannot read the seed " + options.seed() + ": " + e.getMessage(), e);
            }
        } else if (options.scale() != null) {
            builder.scale(options.scale().tenants(), options.scale().usersPerTenant(), options.scaleSeed());
        } else {
            builder.seed(Seed.demo());
        }
        M365Emulator emulator = builder.start();
        // A portal on other ports (TENANTRY_PORT_OFFSET) registers its callback with every seeded application.
        for (String redirectUri : options.redirectUris()) {
            for (Application application : emulator.directory().applications()) {
                List<String> uris = new ArrayList<>(application.redirectUris());
                uris.add(redirectUri);
                emulator.register(new Application(application.appId(), application.displayName(),
                        application.homeTenantId(), application.clientSecrets(), uris,
                        application.requiredResourceAccess(), application.certificates()));
            }
        }
        return emulator;
    }

    private static void printReady(M365Emulator emulator, Options options, PrintStream out) {
        out.println("M365 emulator ready");
        out.println("  identity (MSAL authority = this + /<tenant>/): " + emulator.identityBaseUrl());
        out.println("  Microsoft Graph base URL:                      " + emulator.graphBaseUrl());
        out.println("  trust store (PKCS12, password " + EmulatorTls.STORE_PASSWORD + "): "
                + options.tlsFolder().resolve(EmulatorTls.TRUSTSTORE_FILE));
        out.println("  worker threads: " + emulator.workerThreads());
        if (options.faults().any()) {
            StringBuilder faults = new StringBuilder("  faults:");
            options.faults().asMap().forEach((key, value) -> faults.append(' ').append(key).append('=').append(value));
            out.println(faults);
        }
        List<Tenant> tenants = emulator.directory().tenants();
        for (Tenant tenant : tenants.subList(0, Math.min(tenants.size(), 10))) {
            out.println("  tenant " + tenant.id() + "  " + tenant.domains().get(0) + "  " + tenant.displayName());
        }
        if (tenants.size() > 10) {
            out.println("  ... and " + (tenants.size() - 10)
                    + " more tenants (ScaleSeed.customer(n) names customer n)");
        }
    }
}
