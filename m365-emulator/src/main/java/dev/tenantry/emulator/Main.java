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
 * Runs the emulator alone: {@code java -jar m365-emulator.jar [--port 9443] [--seed file.json | --scale 50x200]
 * [--tls-dir folder] [--redirect-uri URI ...]}.
 * Prints the addresses and the trust store clients need, then serves until stopped.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = 9443;
        Path seed = null;
        String scale = null;
        java.util.List<String> redirectUris = new java.util.ArrayList<>();
        Path tlsFolder = Path.of(System.getProperty("user.home"), ".tenantry", "emulator");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--seed" -> seed = Path.of(value(args, ++i, "--seed"));
                case "--scale" -> scale = value(args, ++i, "--scale");
                case "--redirect-uri" -> redirectUris.add(value(args, ++i, "--redirect-uri"));
                case "--tls-dir" -> tlsFolder = Path.of(value(args, ++i, "--tls-dir"));
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar m365-emulator.jar [--port 9443] [--seed seed.json | --scale TENANTSxUSERS]"
                            + " [--tls-dir folder] [--redirect-uri URI ...]");
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
        } else if (scale != null) {
            String[] size = scale.toLowerCase(java.util.Locale.ROOT).split("x");
            if (size.length != 2 || !size[0].matches("\\d+") || !size[1].matches("\\d+")) {
                System.err.println("m365-emulator: --scale takes TENANTSxUSERS, e.g. 50x200");
                System.exit(2);
            }
            builder.seed(dev.tenantry.emulator.directory.ScaleSeed.generate(Integer.parseInt(size[0]),
                    Integer.parseInt(size[1]), 42));
        } else {
            builder.seed(Seed.demo());
        }
        M365Emulator emulator = builder.start();
        // A portal on other ports (TENANTRY_PORT_OFFSET) registers its callback with every seeded application.
        for (String redirectUri : redirectUris) {
            for (var application : emulator.directory().applications()) {
                var uris = new java.util.ArrayList<>(application.redirectUris());
                uris.add(redirectUri);
                emulator.register(new dev.tenantry.emulator.directory.Application(application.appId(),
                        application.displayName(), application.homeTenantId(), application.clientSecrets(), uris,
                        application.requiredResourceAccess()));
            }
        }
        System.out.println("M365 emulator ready");
        System.out.println("  identity (MSAL authority = this + /<tenant>/): " + emulator.identityBaseUrl());
        System.out.println("  Microsoft Graph base URL:                      " + emulator.graphBaseUrl());
        System.out.println("  trust store (PKCS12, password " + EmulatorTls.STORE_PASSWORD + "): "
                + tlsFolder.resolve(EmulatorTls.TRUSTSTORE_FILE));
        var tenants = emulator.directory().tenants();
        for (Tenant tenant : tenants.subList(0, Math.min(tenants.size(), 10))) {
            System.out.println("  tenant " + tenant.id() + "  " + tenant.domains().get(0) + "  " + tenant.displayName());
        }
        if (tenants.size() > 10) {
            System.out.println("  ... and " + (tenants.size() - 10) + " more tenants");
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
