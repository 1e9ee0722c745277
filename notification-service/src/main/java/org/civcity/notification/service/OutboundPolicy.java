package org.civcity.notification.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;

/**
 * Where this service may send HTTP requests, against server-side request forgery: allowed schemes and hosts, and
 * no loopback, private, link-local (cloud metadata), shared, multicast or reserved address unless its network is
 * explicitly allowed. Checked when a URL is registered and again on the addresses a host resolves to at send time,
 * and the request then goes to the address that was checked, so a DNS answer cannot change between check and use.
 */
@ApplicationScoped
public class OutboundPolicy {

    /** Starts the error of a send this policy refused: retrying cannot help, so the delivery is dead at once. */
    public static final String REFUSED = "refused by the outbound policy: ";

    /** Addresses no alert has any business going to, besides what InetAddress classifies itself. */
    private static final List<Cidr> RESERVED = Arrays.asList(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("100.64.0.0/10"), // shared (carrier NAT; Alibaba Cloud metadata)
            Cidr.parse("192.0.0.0/24"), Cidr.parse("192.0.2.0/24"), Cidr.parse("198.18.0.0/15"),
            Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.0/24"), Cidr.parse("240.0.0.0/4"),
            Cidr.parse("fc00::/7"), Cidr.parse("2001:db8::/32"), Cidr.parse("100::/64"));

    private final List<String> schemes;
    private final List<String> hosts;
    private final List<Cidr> allowedNetworks;
    private final Resolver resolver;

    /**
     * Name resolution: the system resolver ({@link SystemResolver}) unless a bean replaces it, as tests do with a zone
     * of names we cannot publish in a real DNS here.
     */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    @Inject
    public OutboundPolicy(NotificationConfig config, Resolver resolver) {
        this(config.outbound(), resolver);
    }

    OutboundPolicy(NotificationConfig.Outbound config, Resolver resolver) {
        this.schemes = config.allowedSchemes().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        this.hosts = config.allowedHosts().orElse(List.of()).stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.allowedNetworks = config.allowedNetworks().orElse(List.of()).stream().map(Cidr::parse).toList();
        this.resolver = resolver;
    }

    /** A request this policy let through: the URL and the address to connect to. */
    public record Target(URI uri, InetAddress address, int port) {
    }

    /** Thrown for a URL or address the policy refuses; the message says why. */
    public static class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why, null, false, false);
        }
    }

    /** A host that does not resolve (now). */
    static final class Unresolved extends Refused {
        private static final long serialVersionUID = 1L;

        Unresolved(String host) {
            super("the host " + host + " does not resolve");
        }
    }

    /** Checks the URL itself (scheme, host, a literal address); its host is not resolved. */
    public URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            throw new Refused("the scheme must be " + String.join(" or ", schemes));
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new Refused("the URL must name a host, without user information");
        }
        String host = host(uri);
        if (!hosts.isEmpty() && hosts.stream().noneMatch(h -> h.startsWith("*.")
                ? host.endsWith(h.substring(1)) : host.equals(h))) {
            throw new Refused("the host " + host + " is not among the allowed hosts");
        }
        if (isLiteral(host)) {
            vet(host, literal(host));
        }
        return uri;
    }

    /** Checks the URL and every address its host resolves to now; the request goes to the first of them. */
    public Uni<Target> resolve(String url) {
        URI uri;
        try {
            uri = check(url);
        } catch (Refused e) {
            return Uni.createFrom().failure(e);
        }
        String host = host(uri);
        int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        if (isLiteral(host)) {
            return Uni.createFrom().item(new Target(uri, literal(host), port));
        }
        // The system resolver blocks: off the event loop, and back to the caller's context (the reactive session
        // and the HTTP client belong to it).
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            Uni<Target> resolved = Uni.createFrom().item(() -> {
                InetAddress[] addresses;
                try {
                    addresses = resolver.resolve(host);
                } catch (UnknownHostException e) {
                    throw new Unresolved(host);
                }
                for (InetAddress a : addresses) {
                    vet(host, a);
                }
                return new Target(uri, addresses[0], port);
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            return context == null ? resolved : resolved.emitOn(task -> context.runOnContext(ignored -> task.run()));
        });
    }

    /**
     * For registration: a 400 naming {@code field} when the URL fails the check or its host resolves to a refused
     * address now; a host that does not resolve yet is accepted (the send-time check decides then).
     */
    public Uni<Void> vetForRegistration(String url, String field) {
        return resolve(url).replaceWithVoid()
                .onFailure(Unresolved.class).recoverWithNull()
                .onFailure(Refused.class).transform(e -> new ProblemException(400, "Bad Request",
                        "The URL is not allowed as a destination here",
                        List.of(new Problem.FieldError(field, e.getMessage()))));
    }

    private void vet(String host, InetAddress address) {
        if (allowedNetworks.stream().anyMatch(n -> n.contains(address))) {
            return;
        }
        InetAddress a = embeddedIpv4(address);
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress() || RESERVED.stream().anyMatch(n -> n.contains(a))) {
            throw new Refused("the host " + host + " is at " + address.getHostAddress()
                    + ", a loopback, private, link-local or reserved address");
        }
    }

    /** The IPv4 address inside an IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) IPv6 address. */
    static InetAddress embeddedIpv4(InetAddress address) {
        byte[] b = address.getAddress();
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        try {
            boolean zero96 = Arrays.equals(Arrays.copyOf(b, 12), new byte[12]);
            boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b
                    && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8]);
            if ((zero96 && (b[12] | b[13] | b[14]) != 0) || nat64) {
                return Inet4Address.getByAddress(Arrays.copyOfRange(b, 12, 16));
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return Inet4Address.getByAddress(Arrays.copyOfRange(b, 2, 6));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return address;
    }

    private static String host(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static InetAddress literal(String host) {
        try {
            // A literal is parsed, never looked up.
            return InetAddress.getByName(host);
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new Refused("the address " + host + " is not valid");
        }
    }

    /** A network in CIDR notation. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String cidr) {
            String[] parts = cidr.strip().split("/");
            try {
                byte[] network = InetAddress.getByName(parts[0]).getAddress();
                int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : network.length * 8;
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException();
                }
                return new Cidr(network, prefix);
            } catch (UnknownHostException | IllegalArgumentException e) {
                throw new IllegalArgumentException("notification.outbound.allowed-networks: '" + cidr
                        + "' is not a network in CIDR notation (e.g. 10.20.0.0/16)");
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((a[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
