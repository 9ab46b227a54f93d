package dev.tenantry.portal.notify.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Posts a signed webhook once over HTTP/1.1; the caller decides about another attempt. Redirects are not followed: a
 * 3xx is an answer like any other that is not 2xx.
 *
 * <p>The address is pinned: the host is resolved once by {@link OutboundAddresses}, which refuses it if any address
 * is one webhooks may not go to, and the socket connects to a checked address, never to the name (which a second DNS
 * answer could point elsewhere). The JDK's {@code HttpClient} cannot be given the address to connect to, so this sends
 * the request itself over that socket, with the original host in the {@code Host} header. For {@code https} the TLS
 * layer is put on the connected socket with the original host name, which the JDK uses both for SNI and for checking
 * the server certificate (endpoint identification {@code HTTPS}, against the JVM's trust store).
 */
public class WebhookTransport {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_HEAD = 64 * 1024;

    private final OutboundAddresses addresses;
    private final SSLSocketFactory tls;

    /** How an attempt ended: the status (0 when nothing answered), a Retry-After the receiver asked for. */
    public record Outcome(int status, Optional<Duration> retryAfter, String error, boolean refused) {

        public boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    public WebhookTransport(OutboundAddresses addresses) {
        this(addresses, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** With the TLS sockets (trust store) of {@code tls}: tests trust their own receiver's certificate. */
    public WebhookTransport(OutboundAddresses addresses, SSLSocketFactory tls) {
        this.addresses = addresses;
        this.tls = tls;
    }

    public Outcome post(String id, URI url, String secret, String body) {
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        List<InetAddress> checked;
        try {
            checked = addresses.resolve(host);
        } catch (OutboundAddresses.RefusedException e) {
            return new Outcome(0, Optional.empty(), e.getMessage(), true);
        } catch (UnknownHostException e) {
            return noAnswer(url, e);
        }
        boolean https = "https".equals(url.getScheme().toLowerCase(Locale.ROOT));
        int port = url.getPort() == -1 ? (https ? 443 : 80) : url.getPort();
        byte[] request = request(id, url, secret, body);
        IOException failure = null;
        for (InetAddress address : checked) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                close(socket);
                failure = e;
                continue;
            }
            try (Socket connection = https ? secured(socket, host, port) : socket) {
                return exchange(connection, request);
            } catch (IOException e) {
                close(socket);
                return noAnswer(url, e);
            }
        }
        return noAnswer(url, failure == null ? new UnknownHostException(host) : failure);
    }

    private SSLSocket secured(Socket socket, String host, int port) throws IOException {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        SSLSocket secured = (SSLSocket) tls.createSocket(socket, name, port, true);
        SSLParameters parameters = secured.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!name.contains(":") && !name.matches("[0-9.]+")) {
            parameters.setServerNames(List.of(new SNIHostName(name)));
        }
        secured.setSSLParameters(parameters);
        secured.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
        secured.startHandshake();
        return secured;
    }

    private static byte[] request(String id, URI url, String secret, String body) {
        long timestamp = Instant.now().getEpochSecond();
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        String head = "POST " + target + " HTTP/1.1\r\n"
                + "Host: " + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort()) + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + content.length + "\r\n"
                + "User-Agent: Tenantry-Webhooks/1\r\n"
                + "Connection: close\r\n"
                + "webhook-id: " + id + "\r\n"
                + "webhook-timestamp: " + timestamp + "\r\n"
                + "webhook-signature: " + WebhookSignature.sign(secret, id, timestamp, body) + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(content, 0, request, headBytes.length, content.length);
        return request;
    }

    /** Sends the request and reads the answer's status line and headers, within {@link #ANSWER_TIMEOUT} in all. */
    private static Outcome exchange(Socket connection, byte[] request) throws IOException {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        connection.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
        OutputStream out = connection.getOutputStream();
        out.write(request);
        out.flush();
        InputStream in = connection.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        while (true) {
            String text = received.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                String[] lines = text.substring(0, end).split("\r\n");
                String[] statusLine = lines[0].split(" ", 3);
                if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/") || !statusLine[1].matches("\\d{3}")) {
                    throw new IOException("the receiver did not answer in HTTP");
                }
                int status = Integer.parseInt(statusLine[1]);
                if (status / 100 == 1) {
                    byte[] rest = text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
                    received.reset();
                    received.write(rest);
                    continue;
                }
                Optional<Duration> retryAfter = header(lines, "Retry-After").filter(value -> value.matches("\\d{1,6}"))
                        .map(value -> Duration.ofSeconds(Long.parseLong(value)));
                return new Outcome(status, retryAfter, status / 100 == 2 ? "" : "The receiver answered HTTP " + status,
                        false);
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("no complete answer within " + ANSWER_TIMEOUT.toSeconds() + " s");
            }
            if (received.size() > MAX_HEAD) {
                throw new IOException("the answer's headers are longer than " + MAX_HEAD + " bytes");
            }
            connection.setSoTimeout((int) left);
            int read = in.read(chunk);
            if (read < 0) {
                throw new IOException("the receiver closed the connection without answering");
            }
            received.write(chunk, 0, read);
        }
    }

    private static Optional<String> header(String[] lines, String name) {
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).strip().equalsIgnoreCase(name)) {
                return Optional.of(lines[i].substring(colon + 1).strip());
            }
        }
        return Optional.empty();
    }

    private static Outcome noAnswer(URI url, IOException e) {
        return new Outcome(0, Optional.empty(), "No answer from " + url.getHost() + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()), false);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }
}
