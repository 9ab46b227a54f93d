package dev.tenantry.emulator;

import dev.tenantry.emulator.directory.Seed;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.emulator.tls.EmulatorTls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator alone: {@code java -jar m365-emulator.jar [--port 9443] [--seed file.json] [--tls-dir folder]}.
 * Prints the addresses and the trust store clients need, then serves until stopped.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = 9443;
        Path seed = null;
        Path tlsFolder = Path.of(System.getProperty("user.home"), ".tenantry", "emulator");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--seed" -> seed = Path.of(value(args, ++i, "--seed"));
                case "--tls-dir" -> tlsFolder = Path.of(value(args, ++i, "--tls-dir"));
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar m365-emulator.jar [--port 9443] [--seed seed.json] [--tls-dir folder]");
                    return;
                }
                default -> {
                    System.err.println("m365-emulator: unknown option " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        M365Emulator.Builder builder = M365Emulator.builder().port(port).tlsFolder(tlsFolder);
        if (seed != null) {
            try (InputStream in = Files.newInputStream(seed)) {
                builder.seed(Json.read(in));
            }
        } else {
            builder.seed(Seed.demo());
        }
        M365Emulator emulator = builder.start();
        System.out.println("M365 emulator ready");
        System.out.println("  identity (MSAL authority = this + /<tenant>/): " + emulator.identityBaseUrl());
        System.out.println("  Microsoft Graph base URL:                      " + emulator.graphBaseUrl());
        System.out.println("  trust store (PKCS12, password " + EmulatorTls.STORE_PASSWORD + "): "
                + tlsFolder.resolve(EmulatorTls.TRUSTSTORE_FILE));
        for (Tenant tenant : emulator.directory().tenants()) {
            System.out.println("  tenant " + tenant.id() + "  " + tenant.domains().get(0) + "  " + tenant.displayName());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            System.err.println("m365-emulator: " + option + " needs a value");
            System.exit(2);
        }
        return args[index];
    }
}
