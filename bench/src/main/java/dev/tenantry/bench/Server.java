package dev.tenantry.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The provisioned WildFly with the portal, run from its own copy of the {@code standalone} folder (the server's
 * modules are shared, read only), so a benchmark never touches the server a demo or the tests run from. Started as a
 * process like {@code ./tenantry run} starts it, with the EAR and the minimal page deployed by the scanner.
 */
final class Server implements AutoCloseable {

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private final Path installation;
    private final Path ear;
    private final Path base;
    private final Path home;
    private final int offset;
    private final String heap;
    /** How many times this server was started (a profiled run records each start). */
    private static int starts;
    private final Map<String, String> properties;
    private Process process;

    /**
     * @param installation the provisioned server ({@code ear/target/server})
     * @param ear          the portal's EAR
     * @param work         the folder of this server's base folder and data ({@code tenantry.home})
     * @param properties   system properties of the portal (beyond home, ports and log folder)
     */
    Server(Path installation, Path ear, Path work, int offset, String heap, Map<String, String> properties) {
        this.installation = installation.toAbsolutePath();
        this.ear = ear.toAbsolutePath();
        // Absolute: the database URL is made from tenantry.home, and H2 refuses a relative file path
        this.base = work.toAbsolutePath().resolve("standalone");
        this.home = work.toAbsolutePath().resolve("home");
        this.offset = offset;
        this.heap = heap;
        this.properties = Map.copyOf(properties);
        if (!Files.isRegularFile(installation.resolve("bin/standalone.sh")) || !Files.isRegularFile(ear)) {
            throw new IllegalStateException("No provisioned server in " + installation + " or no EAR at " + ear
                    + ": build first (./mvnw install -DskipTests, or ./tenantry bench which does)");
        }
    }

    Path home() {
        return home;
    }

    /**
     * Copies a fresh {@code standalone} folder with the EAR and the exploded minimal page ({@link MinimalPage}) in
     * its deployments; the data folder is emptied.
     */
    void prepare(Path minimalPage) throws IOException {
        deleteTree(base);
        deleteTree(home);
        copyTree(installation.resolve("standalone"), base);
        Files.createDirectories(home.resolve("logs"));
        Path deployments = base.resolve("deployments");
        try (Stream<Path> old = Files.list(deployments)) {
            for (Path file : old.toList()) {
                if (!file.getFileName().toString().equals("README.txt")) {
                    deleteTree(file);
                }
            }
        }
        Files.copy(ear, deployments.resolve("tenantry.ear"), StandardCopyOption.REPLACE_EXISTING);
        copyTree(minimalPage, deployments.resolve(MinimalPage.NAME));
    }

    /** Starts the server and waits until both deployments are up; how long that took. */
    Duration start() throws IOException, InterruptedException {
        Path deployments = base.resolve("deployments");
        for (String name : List.of("tenantry.ear", MinimalPage.NAME)) {
            Files.deleteIfExists(deployments.resolve(name + ".deployed"));
            Files.deleteIfExists(deployments.resolve(name + ".failed"));
        }
        // An exploded deployment is deployed on request only
        Files.writeString(deployments.resolve(MinimalPage.NAME + ".dodeploy"), "");
        List<String> command = new ArrayList<>(List.of(installation.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset,
                "-Djboss.server.log.dir=" + home.resolve("logs"), "-Dtenantry.home=" + home));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("logs/console.log").toFile());
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
        // standalone.conf puts JBOSS_JAVA_SIZING first among the JVM's options; a profiled run records deep stacks (the
        // database's frames under a page's run past the 64 Flight Recorder keeps by default)
        builder.environment().put("JBOSS_JAVA_SIZING", heap + (Boolean.getBoolean("tenantry.bench.profile")
                ? " -XX:FlightRecorderOptions:stackdepth=512 -XX:StartFlightRecording=duration=60s,settings=profile,"
                        + "filename=" + home.resolve("start-" + (++starts) + ".jfr") : ""));
        long started = System.nanoTime();
        process = builder.start();
        while (!deployed("tenantry.ear") || !deployed(MinimalPage.NAME)) {
            for (String name : List.of("tenantry.ear", MinimalPage.NAME)) {
                if (Files.exists(deployments.resolve(name + ".failed"))) {
                    throw new IllegalStateException(name + " failed to deploy: "
                            + Files.readString(deployments.resolve(name + ".failed"), StandardCharsets.UTF_8));
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("WildFly stopped while starting; see " + home.resolve("logs"));
            }
            if (System.nanoTime() - started > TimeUnit.MINUTES.toNanos(5)) {
                throw new IllegalStateException("WildFly did not start within 5 minutes; see " + home.resolve("logs"));
            }
            Thread.sleep(100);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private boolean deployed(String name) {
        return Files.exists(base.resolve("deployments").resolve(name + ".deployed"));
    }

    /** The server's JVM (the script's child). */
    private ProcessHandle jvm() {
        return process.descendants().filter(handle -> handle.info().command().map(c -> c.endsWith("java"))
                .orElse(false)).findFirst().orElseThrow(() -> new IllegalStateException("No WildFly JVM found"));
    }

    /** How the server's processor use settled before a measurement: how long it took, or that it did not. */
    record Settling(Duration waited, boolean settled, double lastShare) {
    }

    /**
     * Waits until the server's JVM used at most {@code share} of one processor over {@code window} (work left from
     * earlier steps done: the database compacting what they wrote, their jobs' ends), for at most {@code timeout}.
     */
    Settling settle(Duration window, double share, Duration timeout) throws InterruptedException {
        ProcessHandle jvm = jvm();
        long started = System.nanoTime();
        while (true) {
            long before = cpuNanos(jvm);
            long from = System.nanoTime();
            Thread.sleep(window.toMillis());
            double last = (cpuNanos(jvm) - before) / (double) (System.nanoTime() - from);
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            if (last <= share) {
                return new Settling(waited, true, last);
            }
            if (waited.compareTo(timeout) >= 0) {
                return new Settling(waited, false, last);
            }
        }
    }

    private static long cpuNanos(ProcessHandle jvm) {
        return jvm.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException(
                "The server JVM's processor time cannot be read on this system")).toNanos();
    }

    /** Heap in use after a full collection, in bytes ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    long heapAfterFullGc() throws IOException, InterruptedException {
        long pid = jvm().pid();
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info answered no heap figure: " + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    /** Records the server's JVM with Java Flight Recorder until {@link #stopRecording}; the file. */
    Path startRecording(String name) throws IOException, InterruptedException {
        Path file = home.resolve(name + ".jfr");
        jcmd(jvm().pid(), "JFR.start", "name=" + name, "settings=profile", "filename=" + file);
        return file;
    }

    void stopRecording(String name) throws IOException, InterruptedException {
        jcmd(jvm().pid(), "JFR.stop", "name=" + name);
    }

    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> line = new ArrayList<>(List.of(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
                Long.toString(pid)));
        line.addAll(List.of(command));
        Process run = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!run.waitFor(2, TimeUnit.MINUTES) || run.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /** Stops the server (SIGTERM to the script, which stops WildFly) and waits for it. */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        for (ProcessHandle handle : all) {
            handle.onExit().orTimeout(2, TimeUnit.MINUTES).exceptionally(e -> {
                handle.destroyForcibly();
                return handle;
            }).join();
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
