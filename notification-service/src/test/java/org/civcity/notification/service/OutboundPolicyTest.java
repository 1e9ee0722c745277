package org.civcity.notification.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civcity.notification.config.NotificationConfig;
import org.junit.jupiter.api.Test;

/** The policy with a deployment's defaults (https to public addresses only) and a table standing in for DNS. */
class OutboundPolicyTest {

    private static NotificationConfig.Outbound config(List<String> schemes, List<String> hosts, List<String> networks) {
        return new NotificationConfig.Outbound() {
            @Override
            public List<String> allowedSchemes() {
                return schemes;
            }

            @Override
            public Optional<List<String>> allowedHosts() {
                return hosts.isEmpty() ? Optional.empty() : Optional.of(hosts);
            }

            @Override
            public Optional<List<String>> allowedNetworks() {
                return networks.isEmpty() ? Optional.empty() : Optional.of(networks);
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public int maxResponseBytes() {
                return 65536;
            }

            @Override
            public Optional<List<java.nio.file.Path>> trustCertificates() {
                return Optional.empty();
            }
        };
    }

    /** DNS as an attacker would arrange it: a public-looking name that resolves to an internal address. */
    private static final Map<String, String> DNS = Map.of(
            "alerts.example.gov.cn", "203.119.1.10",
            "rebind.example.com", "169.254.169.254",
            "split.example.com", "203.119.1.11,10.1.2.3",
            "localhost", "127.0.0.1");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String answer = DNS.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        String[] parts = answer.split(",");
        InetAddress[] addresses = new InetAddress[parts.length];
        for (int i = 0; i < parts.length; i++) {
            addresses[i] = InetAddress.getByName(parts[i]);
        }
        return addresses;
    }

    private static final OutboundPolicy DEFAULTS = new OutboundPolicy(config(List.of("https"), List.of(), List.of()),
            OutboundPolicyTest::resolve);

    private static String refusal(OutboundPolicy policy, String url) {
        return assertThrows(OutboundPolicy.Refused.class, () -> policy.resolve(url).await().indefinitely(), url)
                .getMessage();
    }

    @Test
    void byDefaultOnlyHttpsToPublicAddressesIsAllowed() {
        OutboundPolicy.Target t = DEFAULTS.resolve("https://alerts.example.gov.cn/hook").await().indefinitely();
        assertEquals("203.119.1.10", t.address().getHostAddress());
        assertEquals(443, t.port());
        assertTrue(refusal(DEFAULTS, "http://alerts.example.gov.cn/hook").contains("scheme"));
        // Loopback is refused with the local allowance off, by name and by address.
        assertTrue(refusal(DEFAULTS, "https://localhost/x").contains("127.0.0.1"));
        assertTrue(refusal(DEFAULTS, "https://127.0.0.1/x").contains("127.0.0.1"));
    }

    @Test
    void theAddressANameResolvesToAtSendTimeDecides() {
        assertTrue(refusal(DEFAULTS, "https://rebind.example.com/").contains("169.254.169.254"));
        // One bad answer among several is enough: the client might connect to any of them.
        assertTrue(refusal(DEFAULTS, "https://split.example.com/").contains("10.1.2.3"));
        assertTrue(refusal(DEFAULTS, "https://nowhere.example.com/").contains("does not resolve"));
    }

    @Test
    void internalAddressesInEveryNotationAreRefused() {
        for (String host : List.of("10.0.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.100.100.200",
                "0.0.0.0", "127.9.9.9", "224.0.0.251", "255.255.255.255", "[::1]", "[::]", "[fe80::1]",
                "[fd00:ec2::254]", "[::ffff:10.0.0.1]", "[::127.0.0.1]", "[64:ff9b::a9fe:a9fe]", "[2002:a9fe:a9fe::]",
                "2130706433", "[ff02::1]")) {
            refusal(DEFAULTS, "https://" + host + "/");
        }
    }

    @Test
    void aDeploymentAllowsItsOwnHostsAndNetworks() {
        OutboundPolicy policy = new OutboundPolicy(config(List.of("https"), List.of("*.example.gov.cn", "localhost"),
                List.of("10.1.2.0/24")), OutboundPolicyTest::resolve);
        policy.resolve("https://alerts.example.gov.cn/").await().indefinitely();
        assertTrue(refusal(policy, "https://rebind.example.com/").contains("allowed hosts"));
        assertTrue(refusal(policy, "https://example.gov.cn.evil.com/").contains("allowed hosts"));
        assertTrue(refusal(policy, "https://10.1.2.3/gateway").contains("allowed hosts"));
        // An allowed host still has to resolve to an allowed address.
        assertTrue(refusal(policy, "https://localhost/").contains("127.0.0.1"));
        // An allowed network exempts exactly that network, nothing next to it.
        OutboundPolicy gateway = new OutboundPolicy(config(List.of("https"), List.of(), List.of("10.1.2.0/24")),
                OutboundPolicyTest::resolve);
        gateway.resolve("https://10.1.2.3/gateway").await().indefinitely();
        assertTrue(refusal(gateway, "https://10.1.3.3/gateway").contains("10.1.3.3"));
        assertThrows(IllegalArgumentException.class, () -> new OutboundPolicy(config(List.of("https"), List.of(),
                List.of("10.1.2.0/33")), OutboundPolicyTest::resolve));
    }
}
