package dev.tenantry.portal.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Webhooks go to public addresses only, unless an administrator lists the host. */
class OutboundAddressesTest {

    private static final OutboundAddresses.Resolver NO_LOOKUP = host -> {
        throw new AssertionError("looked up " + host);
    };

    private static OutboundAddresses.Resolver dns(Map<String, String[]> answers) {
        return host -> {
            String[] addresses = answers.get(host);
            if (addresses == null) {
                return InetAddress.getAllByName(host);
            }
            InetAddress[] resolved = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                resolved[i] = InetAddress.getByName(addresses[i]);
            }
            return resolved;
        };
    }

    private static String refusal(OutboundAddresses addresses, String host) {
        return assertThrows(OutboundAddresses.RefusedException.class, () -> addresses.resolve(host),
                host + " is refused").getMessage();
    }

    @Test
    void aWebhookToAPrivateOrMetadataAddressIsRefusedBeforeConnecting() {
        OutboundAddresses none = new OutboundAddresses(Optional.empty());
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("127.0.0.1", "a loopback address");
        expected.put("127.9.9.9", "a loopback address");
        expected.put("10.0.0.5", "a private address");
        expected.put("172.16.3.4", "a private address");
        expected.put("172.31.255.1", "a private address");
        expected.put("192.168.1.1", "a private address");
        expected.put("100.64.0.1", "a carrier-grade NAT address");
        expected.put("100.127.255.254", "a carrier-grade NAT address");
        expected.put("169.254.10.10", "a link-local address");
        expected.put("169.254.169.254", "a cloud metadata address");
        expected.put("100.100.100.200", "a cloud metadata address");
        expected.put("0.0.0.0", "an unspecified address");
        expected.put("255.255.255.255", "a broadcast address");
        expected.put("224.0.0.1", "a multicast address");
        expected.put("[::1]", "a loopback address");
        expected.put("::", "an unspecified address");
        expected.put("fe80::1", "a link-local address");
        expected.put("fc00::1", "a unique-local address");
        expected.put("fd12:3456::1", "a unique-local address");
        expected.put("[fd00:ec2::254]", "a cloud metadata address");
        expected.put("ff02::1", "a multicast address");
        expected.put("::ffff:10.0.0.5", "a private address");
        expected.put("[::ffff:127.0.0.1]", "a loopback address");
        expected.put("::ffff:a9fe:a9fe", "a cloud metadata address");
        expected.put("::127.0.0.1", "a loopback address");
        expected.put("64:ff9b::192.168.0.1", "a private address");
        expected.put("2130706433", "a loopback address");
        expected.put("127.1", "a loopback address");
        expected.forEach((host, kind) -> assertTrue(refusal(none, host).contains(kind), host + ": "
                + refusal(none, host)));

        assertEquals("refused: 10.0.0.5 is a private address; list the host in tenantry.webhooks.allowed-hosts to "
                + "allow it", refusal(none, "10.0.0.5"));
        assertEquals("refused: 2130706433 resolves to 127.0.0.1, a loopback address; list the host in "
                + "tenantry.webhooks.allowed-hosts to allow it", refusal(none, "2130706433"));

        OutboundAddresses neverLooksUp = new OutboundAddresses(Optional.empty(), NO_LOOKUP);
        for (String name : List.of("metadata.google.internal", "METADATA.GOOGLE.INTERNAL.", "metadata.goog")) {
            assertTrue(refusal(neverLooksUp, name).contains("a cloud metadata address"), name);
        }
    }

    @Test
    void publicAddressesAreReturnedToConnectTo() throws Exception {
        OutboundAddresses none = new OutboundAddresses(Optional.empty());
        for (String host : List.of("93.184.216.34", "8.8.8.8", "100.128.0.1", "172.32.0.1", "2606:4700::1111",
                "[2a00:1450:4001::200e]")) {
            assertEquals(1, none.resolve(host).size(), host);
        }
        assertEquals(List.of(InetAddress.getByName("177.0.0.1")), none.resolve("0177.0.0.1"),
                "a leading zero is decimal to the JDK, and the address checked is the one connected to");
    }

    @Test
    void aHostNameIsRefusedWhenAnyOfItsAddressesIsRefused() {
        OutboundAddresses none = new OutboundAddresses(Optional.empty(), dns(Map.of(
                "hooks.example", new String[] {"203.0.113.10", "10.0.0.5"})));

        assertEquals("refused: hooks.example resolves to 10.0.0.5, a private address; list the host in "
                + "tenantry.webhooks.allowed-hosts to allow it", refusal(none, "hooks.example"));
    }

    @Test
    void anAdministratorsListedHostOrAddressIsAllowed() throws Exception {
        OutboundAddresses listed = new OutboundAddresses(Optional.of(" hooks.internal, 10.0.0.7,[::1],"
                + "metadata.google.internal "), dns(Map.of("hooks.internal", new String[] {"10.0.0.9"},
                "soc.example", new String[] {"10.0.0.7"}, "metadata.google.internal",
                new String[] {"169.254.169.254"})));

        assertEquals(List.of(InetAddress.getByName("10.0.0.9")), listed.resolve("HOOKS.internal."));
        assertEquals(List.of(InetAddress.getByName("10.0.0.7")), listed.resolve("soc.example"));
        assertEquals(List.of(InetAddress.getByName("::1")), listed.resolve("0:0:0:0:0:0:0:1"));
        assertEquals(1, listed.resolve("metadata.google.internal").size());
        assertTrue(refusal(listed, "10.0.0.8").contains("a private address"), "only what is listed");
        assertTrue(refusal(listed, "127.0.0.1").contains("a loopback address"));
    }

    @Test
    void theQueueTimeRefusalNamesNoAddressAHostNameResolvesToAndAnUnknownHostWaitsForSending() {
        OutboundAddresses none = new OutboundAddresses(Optional.empty(), host -> {
            if (host.equals("intranet.example")) {
                return new InetAddress[] {InetAddress.getByName("10.1.2.3")};
            }
            throw new UnknownHostException(host);
        });

        String refused = assertThrows(IllegalArgumentException.class, () -> none.requireAllowed("intranet.example"))
                .getMessage();
        assertTrue(refused.startsWith("refused: intranet.example resolves to an address webhooks may not go to"),
                refused);
        assertTrue(refused.contains("tenantry.webhooks.allowed-hosts"), refused);
        assertFalse(refused.contains("10.1.2.3"), refused);
        assertEquals("refused: 10.0.0.5 is a private address; list the host in tenantry.webhooks.allowed-hosts to "
                + "allow it", assertThrows(IllegalArgumentException.class, () -> none.requireAllowed("10.0.0.5"))
                .getMessage());
        none.requireAllowed("not-yet-in-dns.example");
    }
}
