package org.civcity.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for a stack under test, below the kernel's ephemeral range: a process killed and restarted must
 * find its port again, and an outgoing connection may take any free port inside that range in the meantime.
 */
public final class Ports {

    private static final int LOWEST = 15000;
    /** Ports handed out in this JVM: not bound yet when the next is chosen, so they must not be chosen twice. */
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    public static int free() throws IOException {
        return firstOfConsecutive(1);
    }

    /** The first of {@code count} consecutive free ports. */
    public static synchronized int firstOfConsecutive(int count) throws IOException {
        int ceiling = ephemeralLow();
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(LOWEST, ceiling - count);
            boolean free = true;
            for (int p = first; p < first + count && free; p++) {
                free = !GIVEN.contains(p) && bindable(p);
            }
            if (free) {
                for (int p = first; p < first + count; p++) {
                    GIVEN.add(p);
                }
                return first;
            }
        }
        throw new IOException("no " + count + " consecutive free ports below " + ceiling);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    /** The start of the ephemeral port range (Linux), or the IANA start where it cannot be read. */
    private static int ephemeralLow() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip();
            return Math.max(LOWEST + 1000, Integer.parseInt(range.split("\\s+")[0]));
        } catch (IOException | RuntimeException e) {
            return 49152;
        }
    }
}
