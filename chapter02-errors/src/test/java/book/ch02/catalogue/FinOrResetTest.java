package book.ch02.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a connection ends decides what the other side reads. A close, even a crashed process's
 * close done by its kernel, sends FIN: the peer reads end of stream. Only a close with data
 * still unread in the receive buffer, or with SO_LINGER 0, sends RST: the peer reads
 * "Connection reset". Shown on loopback, with a real process killed by {@code kill -9}; the
 * JDK's own close is a case of its own (FIN, then RST).
 */
@Timeout(30)
class FinOrResetTest {

    private static final byte[] REQUEST = "GET /balance\n".getBytes(StandardCharsets.US_ASCII);
    private static final int READ_TIMEOUT_MS = 5_000;

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        return socket;
    }

    @Nested
    class InThisProcess {
        @Test
        void aCleanCloseIsEndOfStream() throws Exception {
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 Socket client = connect(listener.getLocalPort())) {
                try (Socket server = listener.accept()) {
                    client.getOutputStream().write(REQUEST);
                    server.getInputStream().readNBytes(REQUEST.length); // read it all, then close
                }
                assertEquals(-1, client.getInputStream().read());
            }
        }

        /**
         * The JDK shuts the output down before it closes a connected socket, so a Java peer that
         * closes with a request unread sends FIN, then RST: the client reads end of stream, and
         * its next write fails with a broken pipe. A C server, or a killed process, sends RST
         * at once (see {@link AKilledProcess}).
         */
        @Test
        void aJavaCloseWithUnreadInputIsEndOfStreamThenABrokenPipe() throws Exception {
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 Socket client = connect(listener.getLocalPort())) {
                try (Socket server = listener.accept()) {
                    client.getOutputStream().write(REQUEST);
                    awaitUnread(server, REQUEST.length); // arrived, never read
                }
                assertEquals(-1, client.getInputStream().read());
                var e = assertThrows(SocketException.class, () -> client.getOutputStream().write(REQUEST));
                assertEquals("Broken pipe", e.getMessage());
            }
        }

        @Test
        void soLingerZeroIsAResetEvenWithNothingUnread() throws Exception {
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 Socket client = connect(listener.getLocalPort())) {
                try (Socket server = listener.accept()) {
                    server.setSoLinger(true, 0);
                }
                var e = assertThrows(SocketException.class, () -> client.getInputStream().read());
                assertEquals("Connection reset", e.getMessage());
            }
        }

        private static void awaitUnread(Socket socket, int bytes) throws IOException, InterruptedException {
            while (socket.getInputStream().available() < bytes) {
                Thread.sleep(1);
            }
        }
    }

    /** A real process, killed with SIGKILL: no finally block, no close() of its own runs. */
    @Nested
    class AKilledProcess {
        @Test
        void withNothingUnreadItsKernelSendsFinAndTheClientReadsEndOfStream() throws Exception {
            Process peer = startPeer(0);
            try (Socket client = connect(portOf(peer))) {
                awaitLine(peer, "ready");
                kill(peer);
                assertEquals(-1, client.getInputStream().read(), "a crash looks like a clean close");
            } finally {
                peer.destroyForcibly();
            }
        }

        @Test
        void withTheRequestUnreadItsKernelSendsRstAndTheClientReadsAReset() throws Exception {
            Process peer = startPeer(REQUEST.length);
            try (Socket client = connect(portOf(peer))) {
                client.getOutputStream().write(REQUEST);
                awaitLine(peer, "ready"); // the request sits unread in the dead process's buffer
                kill(peer);
                var e = assertThrows(SocketException.class, () -> client.getInputStream().read());
                assertEquals("Connection reset", e.getMessage());
            } finally {
                peer.destroyForcibly();
            }
        }

        private static Process startPeer(int unreadBytes) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classes = Path.of(CrashingPeer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            return new ProcessBuilder(List.of(java, "-Xshare:auto", "-cp", classes, CrashingPeer.class.getName(),
                    String.valueOf(unreadBytes))).redirectErrorStream(true).start();
        }

        private static int portOf(Process peer) throws IOException {
            String line = awaitLine(peer, "port ");
            return Integer.parseInt(line.substring("port ".length()).strip());
        }

        private static String awaitLine(Process peer, String prefix) throws IOException {
            var reader = readers.computeIfAbsent(peer,
                    p -> new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            throw new IOException("the peer ended without printing '" + prefix + "'");
        }

        private static void kill(Process peer) throws InterruptedException {
            peer.destroyForcibly(); // SIGKILL on Linux: kill -9
            assertTrue(peer.waitFor(10, TimeUnit.SECONDS), "the peer did not die");
        }

        private static final java.util.Map<Process, BufferedReader> readers = new java.util.concurrent.ConcurrentHashMap<>();
    }
}
