package dev.tenantry.portal.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A webhook goes to the address that was checked, and to nothing else: no second lookup, no redirect, and for https the
 * certificate is still checked against the host name of the address.
 */
class WebhookTransportTest {

    private static final String SECRET = "whsec_dGVzdC1zZWNyZXQtMDEyMzQ1Njc4OS1hYmNkZWY=";
    private static final String PASSWORD = "test-store-password";

    /** One request a receiver took. */
    private record Received(String path, String host, String signature, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> serverNames = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @TempDir
    Path folder;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private int receive(HttpServer server) {
        server.createContext("/", exchange -> take(exchange, exchange.getRequestURI().getPath().equals("/moved")
                ? 302 : 204));
        server.start();
        receiver = server;
        return server.getAddress().getPort();
    }

    private void take(HttpExchange exchange, int status) throws IOException {
        received.add(new Received(exchange.getRequestURI().toString(), exchange.getRequestHeaders().getFirst("Host"),
                exchange.getRequestHeaders().getFirst("webhook-signature"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        if (status == 302) {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/elsewhere");
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static OutboundAddresses.Resolver resolvesTo(String address, AtomicInteger lookups) {
        return host -> {
            lookups.incrementAndGet();
            return new InetAddress[] {InetAddress.getByName(address)};
        };
    }

    @Test
    void anAllowedHostIsDeliveredTo() throws Exception {
        int port = receive(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        WebhookTransport transport = new WebhookTransport(new OutboundAddresses(Optional.of("127.0.0.1")));

        WebhookTransport.Outcome outcome = transport.post("msg_1", URI.create("http://127.0.0.1:" + port
                + "/hooks/tenantry?source=it"), SECRET, "{\"type\":\"test\"}");

        assertTrue(outcome.delivered(), outcome.toString());
        assertEquals(1, received.size());
        Received request = received.get(0);
        assertEquals("/hooks/tenantry?source=it", request.path());
        assertEquals("127.0.0.1:" + port, request.host());
        assertEquals("{\"type\":\"test\"}", request.body());
        assertTrue(request.signature().startsWith("v1,"), request.signature());
    }

    @Test
    void aHostThatResolvesToAPrivateAddressIsRefusedAtConnectTime() throws Exception {
        int port = receive(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        AtomicInteger lookups = new AtomicInteger();
        OutboundAddresses.Resolver rebinding = host -> lookups.incrementAndGet() == 1
                ? new InetAddress[] {InetAddress.getByName("203.0.113.10")}
                : new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        OutboundAddresses addresses = new OutboundAddresses(Optional.empty(), rebinding);
        addresses.requireAllowed("hooks.example");

        WebhookTransport.Outcome outcome = new WebhookTransport(addresses).post("msg_2",
                URI.create("http://hooks.example:" + port + "/hook"), SECRET, "{}");

        assertTrue(outcome.refused(), outcome.toString());
        assertFalse(outcome.delivered());
        assertEquals("refused: hooks.example resolves to 127.0.0.1, a loopback address; list the host in "
                + "tenantry.webhooks.allowed-hosts to allow it", outcome.error());
        assertEquals(List.of(), received, "nothing was sent");

        WebhookTransport.Outcome localhost = new WebhookTransport(new OutboundAddresses(Optional.empty())).post(
                "msg_3", URI.create("http://localhost:" + port + "/hook"), SECRET, "{}");
        assertTrue(localhost.refused() && localhost.error().contains("a loopback address"), localhost.toString());
        assertEquals(List.of(), received, "nothing was sent");
    }

    @Test
    void theAddressCheckedIsTheAddressConnectedToWithTheHostNameInTheHostHeader() throws Exception {
        int port = receive(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        AtomicInteger lookups = new AtomicInteger();
        WebhookTransport transport = new WebhookTransport(new OutboundAddresses(Optional.of("127.0.0.1"),
                resolvesTo("127.0.0.1", lookups)));

        WebhookTransport.Outcome outcome = transport.post("msg_4", URI.create("http://receiver.invalid:" + port
                + "/hook"), SECRET, "{}");

        assertTrue(outcome.delivered(), "receiver.invalid exists only in the checked answer: " + outcome);
        assertEquals(1, lookups.get(), "one lookup");
        assertEquals("receiver.invalid:" + port, received.get(0).host());
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        int port = receive(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        WebhookTransport transport = new WebhookTransport(new OutboundAddresses(Optional.of("127.0.0.1")));

        WebhookTransport.Outcome outcome = transport.post("msg_5", URI.create("http://127.0.0.1:" + port
                + "/moved"), SECRET, "{}");

        assertEquals(302, outcome.status());
        assertFalse(outcome.delivered());
        assertEquals("The receiver answered HTTP 302", outcome.error());
        assertEquals(List.of("/moved"), received.stream().map(Received::path).toList(), "/elsewhere was not asked");
    }

    @Test
    void aReceiverThatClosesWithoutAnsweringIsNoAnswerNotARefusal() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread closer = new Thread(() -> {
                try (Socket accepted = silent.accept(); InputStream in = accepted.getInputStream()) {
                    in.readNBytes(10);
                } catch (IOException e) {
                    // the test is over
                }
            });
            closer.start();
            WebhookTransport.Outcome outcome = new WebhookTransport(new OutboundAddresses(Optional.of("127.0.0.1")))
                    .post("msg_6", URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/hook"), SECRET, "{}");

            assertEquals(0, outcome.status());
            assertFalse(outcome.refused());
            assertTrue(outcome.error().startsWith("No answer from 127.0.0.1: "), outcome.error());
            closer.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    @Test
    void anHttpsWebhookIsPinnedToTheCheckedAddressAndItsCertificateCheckedAgainstTheHostName() throws Exception {
        KeyStore store = keyStore("hooks.example");
        int port = receive(httpsServer(store));
        AtomicInteger lookups = new AtomicInteger();
        WebhookTransport transport = new WebhookTransport(new OutboundAddresses(Optional.of("127.0.0.1"),
                resolvesTo("127.0.0.1", lookups)), trusting(store).getSocketFactory());

        WebhookTransport.Outcome outcome = transport.post("msg_7", URI.create("https://hooks.example:" + port
                + "/hook"), SECRET, "{}");

        assertTrue(outcome.delivered(), outcome.toString());
        assertEquals(List.of("hooks.example"), serverNames, "SNI carries the host name, not the address");
        assertEquals("hooks.example:" + port, received.get(0).host());

        WebhookTransport.Outcome otherName = transport.post("msg_8", URI.create("https://other.example:" + port
                + "/hook"), SECRET, "{}");
        assertFalse(otherName.delivered());
        assertTrue(otherName.error().contains("SSLHandshakeException"), otherName.error());
        assertEquals(1, received.size(), "a certificate for another name is not trusted");
    }

    private KeyStore keyStore(String name) throws Exception {
        Path file = folder.resolve(name + ".p12");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "receiver", "-dname", "CN=" + name, "-ext", "SAN=dns:" + name, "-keyalg",
                "EC", "-groupname", "secp256r1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    /** An https receiver on 127.0.0.1 with the key of {@code store}, noting the SNI host names clients send. */
    private HttpsServer httpsServer(KeyStore store) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        X509ExtendedKeyManager key = (X509ExtendedKeyManager) keys.getKeyManagers()[0];
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new javax.net.ssl.KeyManager[] {new NotingServerNames(key)}, null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return server;
    }

    private static SSLContext trusting(KeyStore store) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** The receiver's key, which notes the server name each handshake asked for. */
    private final class NotingServerNames extends X509ExtendedKeyManager {

        private final X509ExtendedKeyManager key;

        NotingServerNames(X509ExtendedKeyManager key) {
            this.key = key;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            if (engine.getHandshakeSession() instanceof ExtendedSSLSession session) {
                session.getRequestedServerNames().stream().filter(SNIHostName.class::isInstance)
                        .map(name -> ((SNIHostName) name).getAsciiName()).forEach(serverNames::add);
            }
            return key.chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return key.getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return key.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return key.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return key.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return key.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key.getPrivateKey(alias);
        }
    }
}
