package dev.tenantry.portal.plugin.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Publisher keys and signed jars for tests, made with the JDK's own {@code keytool} and {@code jarsigner}, as a
 * partner would sign a plugin.
 */
final class Publishers {

    static final String PASSWORD = "test-store-password";

    private final Path folder;

    Publishers(Path folder) {
        this.folder = folder;
    }

    /** A key store holding a new self-signed key {@code alias} with subject {@code dname}; returns the store. */
    Path publisher(String alias, String dname) throws IOException {
        Path store = folder.resolve(alias + ".p12");
        tool("keytool", "-genkeypair", "-alias", alias, "-dname", dname, "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "30", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        return store;
    }

    /** Makes {@code alias} in {@code store} a certificate issued by {@code issuer} of {@code issuerStore}. */
    void issue(Path issuerStore, String issuer, Path store, String alias) throws IOException {
        Path request = folder.resolve(alias + ".csr");
        Path issued = folder.resolve(alias + "-issued.pem");
        tool("keytool", "-certreq", "-alias", alias, "-keystore", store.toString(), "-storepass", PASSWORD, "-file",
                request.toString());
        tool("keytool", "-gencert", "-alias", issuer, "-keystore", issuerStore.toString(), "-storepass", PASSWORD,
                "-infile", request.toString(), "-outfile", issued.toString(), "-rfc", "-validity", "30");
        Path issuerPem = certificate(issuerStore, issuer);
        tool("keytool", "-importcert", "-noprompt", "-alias", issuer, "-file", issuerPem.toString(), "-keystore",
                store.toString(), "-storepass", PASSWORD);
        tool("keytool", "-importcert", "-alias", alias, "-file", issued.toString(), "-keystore", store.toString(),
                "-storepass", PASSWORD);
    }

    /** The certificate of {@code alias} in {@code store}, as a PEM file. */
    Path certificate(Path store, String alias) throws IOException {
        Path pem = folder.resolve(alias + ".pem");
        tool("keytool", "-exportcert", "-rfc", "-alias", alias, "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        return pem;
    }

    /** Signs {@code jar} in place with {@code alias} of {@code store}. */
    void sign(Path jar, Path store, String alias) throws IOException {
        tool("jarsigner", "-keystore", store.toString(), "-storepass", PASSWORD, jar.toString(), alias);
    }

    private static void tool(String name, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", name).toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(name + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(name + " was interrupted", e);
        }
    }

    static Path concatenate(Path target, Path... pems) throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path pem : pems) {
            all.append(Files.readString(pem)).append('\n');
        }
        return Files.writeString(target, all);
    }
}
