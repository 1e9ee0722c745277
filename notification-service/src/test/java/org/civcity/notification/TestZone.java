package org.civcity.notification;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.civcity.notification.service.OutboundPolicy;

/**
 * Name resolution in the tests: names under {@code civcity.test} (a reserved top-level domain, RFC 6761) resolve to
 * 127.0.0.1, where the https stand-ins listen; every other name goes to the system resolver. A stand-in for a DNS
 * zone, which cannot be published here; it replaces the default {@code SystemResolver} bean.
 */
@ApplicationScoped
public class TestZone implements OutboundPolicy.Resolver {

    public static final String DOMAIN = "civcity.test";

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        if (host.equals(DOMAIN) || host.endsWith("." + DOMAIN)) {
            return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
        }
        return InetAddress.getAllByName(host);
    }
}
