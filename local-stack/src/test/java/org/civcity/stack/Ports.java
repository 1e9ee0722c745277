package org.civcity.stack;

import java.io.IOException;
import java.net.ServerSocket;

/** Free loopback ports for a stack under test, so tests never collide with a stack started by run.sh. */
final class Ports {

    private Ports() {
    }

    static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The first of {@code count} consecutive free ports. */
    static int firstOfConsecutive(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = free();
            if (first > 65535 - count) {
                continue;
            }
            boolean free = true;
            for (int p = first; p < first + count && free; p++) {
                try (ServerSocket ignored = new ServerSocket(p)) {
                    free = true;
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IOException("no " + count + " consecutive free ports");
    }
}
