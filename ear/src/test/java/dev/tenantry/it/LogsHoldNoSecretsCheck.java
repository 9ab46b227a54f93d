package dev.tenantry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Run by failsafe after every integration and browser test (execution {@code logs-hold-no-secrets}): the logs of that
 * whole run — the server's log and audit log, and everything the server and the tests printed — hold no token, no
 * secret and no password the run used. A finding names the file, the line and what kind of secret, never the secret.
 */
class LogsHoldNoSecretsCheck {

    private static final Map<String, Pattern> SECRETS = Map.of(
            "a JWT (access or ID token)", Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}"),
            "a refresh token in a token response", Pattern.compile("\"refresh_token\"\\s*:\\s*\"[^\"]{8,}"),
            "the app registration's client secret", Pattern.compile(Pattern.quote("tenantry-demo-client-secret")),
            "a demo user's password", Pattern.compile(Pattern.quote("Tenantry-Demo-2026!")),
            "a webhook signing secret", Pattern.compile("it-webhook-secret|whsec_[A-Za-z0-9+/=]{16,}"),
            "a personal API token", Pattern.compile("tnt_[A-Za-z0-9_-]{30,}"),
            "a sealed value's key material", Pattern.compile("secrets\\.keys.{0,40}[A-Za-z0-9+/]{43}="));

    @Test
    void theLogsOfTheWholeRunHoldNoSecret() throws IOException {
        List<Path> logs = new ArrayList<>();
        collect(Path.of(System.getProperty("jboss.home"), "standalone", "log"), logs);
        collect(Path.of(System.getProperty("tenantry.it.home")), logs);
        collect(Path.of(System.getProperty("tenantry.it.reports")), logs);
        assertTrue(logs.stream().anyMatch(log -> log.getFileName().toString().equals("server.log")),
                "the server's log is among what is read: " + logs);

        List<String> findings = new ArrayList<>();
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            for (int i = 0; i < lines.size(); i++) {
                for (Map.Entry<String, Pattern> secret : SECRETS.entrySet()) {
                    if (secret.getValue().matcher(lines.get(i)).find()) {
                        findings.add(log + ":" + (i + 1) + " holds " + secret.getKey());
                    }
                }
            }
        }
        assertEquals(List.of(), findings);
    }

    private static void collect(Path folder, List<Path> logs) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(Files::isRegularFile).filter(file -> {
                String name = file.getFileName().toString();
                return name.endsWith(".log") || name.endsWith("-output.txt") || name.endsWith(".txt");
            }).forEach(logs::add);
        }
    }
}
