package dev.tenantry.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A mail server for tests, on the loopback address: until {@link #open()} it answers every recipient "try again later"
 * (451), then it takes mail and keeps each message. It counts how often mail was offered for each recipient, so a test
 * knows how often the portal tried to send its mail, whatever else the portal sends meanwhile.
 */
public final class SmtpSink implements AutoCloseable {

    private final ServerSocket socket;
    private final Map<String, Integer> offers = new ConcurrentHashMap<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private volatile boolean open;

    /** Listens on {@code port} of the loopback address, turning mail away. */
    public SmtpSink(int port) throws IOException {
        socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serve, "smtp-sink-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A port of the loopback address free at the moment, for a sink started later (in the server under test). */
    public static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on, mail is taken. */
    public void open() {
        open = true;
    }

    /** How often mail for {@code recipient} was offered so far, turned away or not. */
    public int offers(String recipient) {
        return offers.getOrDefault(recipient.toLowerCase(Locale.ROOT), 0);
    }

    /** The messages taken, headers and body, in the order they came. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(20_000);
                converse(client);
            } catch (IOException e) {
                // the sink closed, or a client went away mid-conversation: serve the next one, if any
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.ISO_8859_1));
        Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.ISO_8859_1);
        reply(out, "220 localhost Test mail sink");
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String command = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
            switch (command) {
                case "EHLO", "HELO" -> reply(out, "250 localhost");
                case "RCPT" -> {
                    String recipient = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
                    offers.merge(recipient.toLowerCase(Locale.ROOT), 1, Integer::sum);
                    reply(out, open ? "250 OK" : "451 4.3.2 Not taking mail now");
                }
                case "DATA" -> {
                    reply(out, "354 End with a line holding only a dot");
                    StringBuilder message = new StringBuilder();
                    for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                        message.append(data.startsWith("..") ? data.substring(1) : data).append('\n');
                    }
                    messages.add(message.toString());
                    reply(out, "250 Kept");
                }
                case "QUIT" -> {
                    reply(out, "221 Bye");
                    return;
                }
                default -> reply(out, "250 OK");
            }
        }
    }

    private static void reply(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }
}
