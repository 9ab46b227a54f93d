package dev.tenantry.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a benchmark run does. {@link #full} is the benchmark; {@link #smoke} the same steps at 20 tenants and
 * one round, for {@code ./mvnw verify}.
 *
 * @param small          tenants of the small fleet, the baseline of the ratios (5)
 * @param fleetScan      tenants of the fleet scans under latency (200)
 * @param large          tenants of the large fleet the views are measured at again (500)
 * @param schedulerFleet tenants the scheduler's coverage and lag are measured over (1,000)
 * @param usersPerTenant users of each generated customer tenant (2,000)
 * @param sessions       staff sessions loading pages at once (20)
 * @param load           how long the sessions load the pages, per measurement
 * @param samples        sequential views of each page for statement counts and server time
 * @param pollInterval   Threat Alerts' poll interval while the scheduler is measured (three of them are watched)
 * @param connectThreads tenants connected at once
 * @param serverHeap     the server's heap options (JBOSS_JAVA_SIZING)
 * @param schedulerRounds poll intervals the scheduler is watched for (3)
 * @param bigTenant      users of the one tenant whose full and delta syncs are counted (5,000)
 * @param deltaChanges   users changed in it before its delta sync (2,500)
 */
record Options(Path server, Path ear, Path work, int offset, int small, int fleetScan, int large, int schedulerFleet,
        int usersPerTenant, int sessions, Duration load, int samples, Duration pollInterval, int connectThreads,
        String serverHeap, int schedulerRounds, int bigTenant, int deltaChanges) {

    static Options full(Path server, Path ear, Path work) {
        return new Options(server, ear, work, 600, 5, 200, 500, 1000, 2000, 20, Duration.ofSeconds(60), 20,
                Duration.ofMinutes(2), 4, "-Xms512m -Xmx2g", 3, 5000, 2500);
    }

    static Options smoke(Path server, Path ear, Path work) {
        return new Options(server, ear, work, 700, 5, 10, 20, 20, 50, 4, Duration.ofSeconds(5), 2,
                Duration.ofMinutes(1), 4, "-Xms256m -Xmx1g", 1, 1500, 1200);
    }

    /** The full benchmark with {@code --name value} options changed. */
    static Options parse(List<String> args, Options defaults) {
        Options options = defaults;
        for (int i = 0; i < args.size(); i += 2) {
            String name = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args.get(i + 1);
            options = switch (name) {
                case "--small" -> options.with(Integer.parseInt(value), options.large, options.schedulerFleet,
                        options.sessions, options.load);
                case "--fleet-scan" -> new Options(options.server, options.ear, options.work, options.offset,
                        options.small, Integer.parseInt(value), options.large, options.schedulerFleet,
                        options.usersPerTenant, options.sessions, options.load, options.samples,
                        options.pollInterval, options.connectThreads, options.serverHeap, options.schedulerRounds, options.bigTenant,
                        options.deltaChanges);
                case "--large" -> options.with(options.small, Integer.parseInt(value), options.schedulerFleet,
                        options.sessions, options.load);
                case "--scheduler-fleet" -> options.with(options.small, options.large, Integer.parseInt(value),
                        options.sessions, options.load);
                case "--sessions" -> options.with(options.small, options.large, options.schedulerFleet,
                        Integer.parseInt(value), options.load);
                case "--load" -> options.with(options.small, options.large, options.schedulerFleet,
                        options.sessions, Duration.parse("PT" + value.toUpperCase()));
                case "--users" -> new Options(options.server, options.ear, options.work, options.offset,
                        options.small, options.fleetScan, options.large, options.schedulerFleet, Integer.parseInt(value),
                        options.sessions, options.load, options.samples, options.pollInterval,
                        options.connectThreads, options.serverHeap, options.schedulerRounds, options.bigTenant,
                        options.deltaChanges);
                case "--offset" -> new Options(options.server, options.ear, options.work, Integer.parseInt(value),
                        options.small, options.fleetScan, options.large, options.schedulerFleet,
                        options.usersPerTenant,
                        options.sessions, options.load, options.samples, options.pollInterval,
                        options.connectThreads, options.serverHeap, options.schedulerRounds, options.bigTenant,
                        options.deltaChanges);
                default -> throw new IllegalArgumentException("unknown option " + name + " (--small, --large, "
                        + "--fleet-scan, --scheduler-fleet, --users, --sessions, --load 60s, --offset)");
            };
        }
        if (options.small < 1 || options.fleetScan < options.small || options.large < options.fleetScan
                || options.schedulerFleet < options.large) {
            throw new IllegalArgumentException("Sizes must grow: 1 ≤ small ≤ fleet scan ≤ large ≤ scheduler fleet");
        }
        return options;
    }

    private Options with(int small, int large, int schedulerFleet, int sessions, Duration load) {
        return new Options(server, ear, work, offset, small, fleetScan, large, schedulerFleet, usersPerTenant,
                sessions, load,
                samples, pollInterval, connectThreads, serverHeap, schedulerRounds, bigTenant, deltaChanges);
    }

    int httpPort() {
        return 8080 + offset;
    }

    int emulatorPort() {
        return 9443 + offset;
    }
}
