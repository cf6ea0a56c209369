package book.ch02.catalogue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A loopback port nobody listens on, for producing "connection refused": bind port 0 so the
 * kernel picks a free port, then close it. Another program could grab the port in between;
 * on a test machine that is rare and shows up as a different failure, never as a false pass.
 */
public final class ClosedPort {

    private ClosedPort() {
    }

    public static int find() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
