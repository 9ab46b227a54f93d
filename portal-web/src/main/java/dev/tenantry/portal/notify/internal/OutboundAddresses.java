package dev.tenantry.portal.notify.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where the host may send webhooks: anywhere public, never to itself, the MSP's own networks or a cloud's metadata
 * service (server-side request forgery), unless an administrator lists the host in
 * {@code tenantry.webhooks.allowed-hosts}. Refused are loopback, unspecified, private (RFC 1918), carrier-grade NAT,
 * link-local, unique-local and site-local IPv6, multicast, broadcast and reserved addresses, IPv4 addresses embedded in
 * IPv6 (IPv4-mapped, IPv4-compatible, NAT64) that are any of those, and the metadata addresses and names of the big
 * clouds.
 *
 * <p>A host name is resolved once with {@link #resolve}; the caller connects to the addresses returned, which are the
 * ones checked, never to the name again (a second lookup could answer differently: DNS rebinding).
 */
public final class OutboundAddresses {

    /** The setting an administrator lists exceptions in. */
    public static final String ALLOWED_HOSTS = "tenantry.webhooks.allowed-hosts";

    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog",
            "metadata", "instance-data", "instance-data.ec2.internal", "metadata.azure.com",
            "metadata.platformequinix.com");

    private static final Set<String> METADATA_ADDRESSES = Set.of("169.254.169.254", "169.254.170.2",
            "169.254.169.123", "100.100.100.200", "192.0.0.192", "fd00:ec2:0:0:0:0:0:254");

    /** Looks a host name up; the system's resolver in production, a fixed answer in tests. */
    @FunctionalInterface
    public interface Resolver {

        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Why a host may not be sent to; {@link #getMessage()} says what an administrator can do about it. */
    public static final class RefusedException extends Exception {

        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    private final Set<String> allowedHosts;
    private final Resolver resolver;

    /**
     * @param allowedHosts the administrator's exceptions, comma separated host names or IP literals (compared
     *                     without case, brackets or a trailing dot); a listed name is allowed whatever it resolves to,
     *                     a listed address wherever it comes from
     */
    public OutboundAddresses(Optional<String> allowedHosts, Resolver resolver) {
        Set<String> allowed = new LinkedHashSet<>();
        allowedHosts.ifPresent(list -> Arrays.stream(list.split(",")).map(String::strip).filter(host -> !host.isEmpty())
                .map(OutboundAddresses::normalised).forEach(allowed::add));
        this.allowedHosts = Set.copyOf(allowed);
        this.resolver = resolver;
    }

    public OutboundAddresses(Optional<String> allowedHosts) {
        this(allowedHosts, InetAddress::getAllByName);
    }

    /**
     * Resolves {@code host} (a name or an IP literal, IPv6 with or without brackets) once and checks every address;
     * connect to the addresses returned, and only to them.
     *
     * @throws RefusedException     when the host, or any address it resolves to, is one webhooks may not go to
     * @throws UnknownHostException when the host cannot be resolved (now)
     */
    public List<InetAddress> resolve(String host) throws RefusedException, UnknownHostException {
        String name = normalised(host);
        if (allowedHosts.contains(name)) {
            return List.of(lookUp(name));
        }
        refuseMetadataName(name);
        InetAddress[] addresses = lookUp(name);
        if (addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        for (InetAddress address : addresses) {
            String literal = literal(address);
            if (allowedHosts.contains(literal)) {
                continue;
            }
            Optional<String> kind = refusedKind(address);
            if (kind.isPresent()) {
                throw new RefusedException("refused: " + (name.equals(literal) ? literal + " is " : name
                        + " resolves to " + literal + ", ") + kind.get() + "; " + howToAllow());
            }
        }
        return List.of(addresses);
    }

    /**
     * The check when a webhook is queued, for a clear refusal early: as {@link #resolve}, but a host that cannot be
     * resolved now passes (its delivery is tried again later and checked then), and the message names no address a
     * host name resolves to (it reaches whoever typed the address, who may not be allowed to see the MSP's network).
     *
     * @throws IllegalArgumentException when the host may not be sent to
     */
    public void requireAllowed(String host) {
        try {
            resolve(host);
        } catch (UnknownHostException e) {
            // checked again at each attempt
        } catch (RefusedException e) {
            String name = normalised(host);
            if (isLiteral(name) || METADATA_NAMES.contains(name)) {
                throw new IllegalArgumentException(e.getMessage());
            }
            throw new IllegalArgumentException("refused: " + name + " resolves to an address webhooks may not go to "
                    + "(this server, a private network or a cloud metadata service); " + howToAllow());
        }
    }

    /** What kind of refused address {@code address} is ("a private address"), or empty when it is public. */
    static Optional<String> refusedKind(InetAddress address) {
        if (METADATA_ADDRESSES.contains(literal(address))) {
            return Optional.of("a cloud metadata address");
        }
        if (address instanceof Inet6Address v6) {
            Optional<Inet4Address> embedded = embeddedIpv4(v6.getAddress());
            if (embedded.isPresent()) {
                return refusedKind(embedded.get());
            }
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("an unspecified address");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            if (address.isSiteLocalAddress()) {
                return Optional.of("a private address");
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return Optional.of("a carrier-grade NAT address");
            }
            if (first == 0) {
                return Optional.of("an unspecified address");
            }
            if (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) {
                return Optional.of("a reserved address");
            }
            if (first >= 240) {
                return Optional.of(first == 255 && Arrays.equals(bytes, new byte[] {-1, -1, -1, -1})
                        ? "a broadcast address" : "a reserved address");
            }
            return Optional.empty();
        }
        if ((bytes[0] & 0xfe) == 0xfc) {
            return Optional.of("a unique-local address");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("a site-local address");
        }
        return Optional.empty();
    }

    /**
     * The IPv4 address inside an IPv4-mapped ({@code ::ffff:0:0/96}), -compatible ({@code ::/96} but {@code ::} and
     * {@code ::1}) or NAT64 ({@code 64:ff9b::/96}) one.
     */
    private static Optional<Inet4Address> embeddedIpv4(byte[] v6) {
        boolean zeros = true;
        for (int i = 0; i < 10; i++) {
            zeros &= v6[i] == 0;
        }
        boolean mapped = zeros && v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
        boolean compatible = zeros && v6[10] == 0 && v6[11] == 0 && v6[12] != 0;
        boolean nat64 = v6[0] == 0 && v6[1] == 0x64 && v6[2] == (byte) 0xff && v6[3] == (byte) 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = v6[i] == 0;
        }
        if (!mapped && !compatible && !nat64) {
            return Optional.empty();
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(v6, 12, 16)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An IP literal is read as the JDK reads it (no lookup); a name is asked of the resolver. */
    private InetAddress[] lookUp(String name) throws UnknownHostException {
        return isLiteral(name) ? InetAddress.getAllByName(name) : resolver.resolve(name);
    }

    private void refuseMetadataName(String name) throws RefusedException {
        if (METADATA_NAMES.contains(name)) {
            throw new RefusedException("refused: " + name + " is a cloud metadata address; " + howToAllow());
        }
    }

    private static String howToAllow() {
        return "list the host in " + ALLOWED_HOSTS + " to allow it";
    }

    private static String literal(InetAddress address) {
        return address.getHostAddress().toLowerCase(Locale.ROOT);
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    /** Lower case, without IPv6 brackets or a trailing dot; IPv6 literals in the JDK's full form. */
    static String normalised(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.contains(":")) {
            try {
                return literal(InetAddress.getByName(name));
            } catch (UnknownHostException e) {
                return name;
            }
        }
        return name;
    }
}
