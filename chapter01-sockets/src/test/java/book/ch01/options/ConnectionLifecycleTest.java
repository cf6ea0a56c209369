package book.ch01.options;

import book.ch01.fixture.FullBacklogListener;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The moments a connection can fail, each produced for real on loopback sockets. */
class ConnectionLifecycleTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Nested
    class ConnectTimeout {

        // tag::connect-timeout-test[]
        @Test
        void connectToAListenerWithAFullBacklogTimesOut() throws IOException {
            try (FullBacklogListener full = FullBacklogListener.open()) {
                assumeFalse(full.refusesWhenFull(), "this kernel resets connects to a full backlog");
                var config = ClientSocketConfig.DEFAULTS.withConnectTimeout(Duration.ofMillis(500));

                long start = System.nanoTime();
                var e = assertThrows(SocketTimeoutException.class, () -> config.connect(full.address()));
                long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

                assertEquals("Connect timed out", e.getMessage());
                assertTrue(elapsedMillis >= 250, "gave up after only " + elapsedMillis + " ms");
            }
        }
        // end::connect-timeout-test[]

        @Test
        void aPortWithNoListenerIsRefusedAtOnceInsteadOfTimingOut() throws IOException {
            // a bound socket that does not listen holds the port, so nothing else can take it
            try (Socket holder = new Socket()) {
                holder.bind(new InetSocketAddress(LOOPBACK, 0));
                var address = new InetSocketAddress(LOOPBACK, holder.getLocalPort());

                var e = assertThrows(ConnectException.class, () -> ClientSocketConfig.DEFAULTS.connect(address));

                assertEquals("Connection refused", e.getMessage());
            }
        }
    }

    @Nested
    class ReadTimeout {

        // tag::read-timeout-test[]
        @Test
        void aSilentPeerMakesAReadTimeOutAfterTheConnectSucceeded() throws IOException {
            try (LoopbackPair pair = LoopbackPair.open()) {
                pair.client.setSoTimeout(200);

                var e = assertThrows(SocketTimeoutException.class, () -> pair.client.getInputStream().read());

                assertEquals("Read timed out", e.getMessage());
                assertFalse(pair.client.isClosed(), "a read timeout does not close the socket");
            }
        }

        @Test
        void theConnectionIsStillUsableAfterAReadTimeout() throws IOException {
            try (LoopbackPair pair = LoopbackPair.open()) {
                pair.client.setSoTimeout(200);
                InputStream in = pair.client.getInputStream();
                assertThrows(SocketTimeoutException.class, in::read);

                pair.server.getOutputStream().write(42);
                pair.client.setSoTimeout(LoopbackPair.TEST_READ_TIMEOUT_MILLIS);

                assertEquals(42, in.read());
            }
        }
        // end::read-timeout-test[]
    }

    @Nested
    class LingerZero {

        // tag::linger-test[]
        @Test
        void anAbortiveCloseMakesThePeersReadFailWithConnectionReset() throws IOException {
            try (LoopbackPair pair = LoopbackPair.open()) {
                AbortiveClose.abort(pair.client);

                var e = assertThrows(SocketException.class, () -> pair.server.getInputStream().read());

                assertEquals("Connection reset", e.getMessage());
            }
        }

        @Test
        void anOrderlyCloseGivesThePeerEndOfStream() throws IOException {
            try (LoopbackPair pair = LoopbackPair.open()) {
                pair.client.close();

                assertEquals(-1, pair.server.getInputStream().read());
            }
        }
        // end::linger-test[]

        @Test
        void anAbortiveCloseThrowsAwayWhatWasWrittenButNotYetDelivered() throws IOException {
            try (ServerSocket listener = new ServerSocket()) {
                listener.setReceiveBufferSize(8 * 1024); // inherited by the accepted socket
                listener.bind(new InetSocketAddress(LOOPBACK, 0), 50);
                listener.setSoTimeout(LoopbackPair.TEST_READ_TIMEOUT_MILLIS);
                SocketChannel writer = SocketChannel.open(
                        new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
                try (Socket reader = listener.accept()) {
                    reader.setSoTimeout(LoopbackPair.TEST_READ_TIMEOUT_MILLIS);
                    long written = fillUntilTheSendBufferIsFull(writer);

                    AbortiveClose.abort(writer.socket());
                    long[] read = {0};
                    var e = assertThrows(SocketException.class, () -> readUntilFailure(reader, read));

                    assertEquals("Connection reset", e.getMessage());
                    assertTrue(read[0] < written, "read " + read[0] + " of " + written + " written bytes");
                } finally {
                    writer.close();
                }
            }
        }

        /** Writes without blocking until the peer, which does not read, stops taking data. */
        private static long fillUntilTheSendBufferIsFull(SocketChannel writer) throws IOException {
            writer.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long written = 0;
            for (int i = 0; i < 4096; i++) { // bounded: at most 256 MiB
                chunk.clear();
                int n = writer.write(chunk);
                if (n == 0) {
                    return written;
                }
                written += n;
            }
            throw new AssertionError("the send buffer never filled after " + written + " bytes");
        }

        private static void readUntilFailure(Socket reader, long[] read) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            InputStream in = reader.getInputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read[0] += n;
            }
        }
    }

    @Nested
    class ReuseAddress {

        @Test
        void rebindingAPortWhoseConnectionIsInTimeWaitFailsWithoutSoReuseAddr() throws IOException {
            int port = portWithAConnectionInTimeWait();
            try (ServerSocket restarted = new ServerSocket()) {
                restarted.setReuseAddress(false);

                var e = assertThrows(BindException.class,
                        () -> restarted.bind(new InetSocketAddress(LOOPBACK, port)));

                assertEquals("Address already in use", e.getMessage());
            }
        }

        @Test
        void theJdksServerSocketTurnsItOnByItselfOnLinux() throws IOException {
            assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the default differs by platform");
            try (ServerSocket fresh = new ServerSocket()) {
                assertTrue(fresh.getReuseAddress());
            }
        }

        // tag::reuse-test[]
        @Test
        void rebindingAPortWhoseConnectionIsInTimeWaitSucceedsWithSoReuseAddr() throws IOException {
            int port = portWithAConnectionInTimeWait();
            try (ServerSocket restarted = new ServerSocket()) {
                restarted.setReuseAddress(true); // before bind, or it has no effect

                assertDoesNotThrow(() -> restarted.bind(new InetSocketAddress(LOOPBACK, port)));
            }
        }

        /** The server closes first, so its end of the connection waits in TIME_WAIT for 60 s. */
        private static int portWithAConnectionInTimeWait() throws IOException {
            ServerSocket listener = new ServerSocket();
            listener.setReuseAddress(true); // the old socket must allow reuse too (the JDK's default on Linux)
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            try (LoopbackPair pair = LoopbackPair.open(listener)) {
                pair.server.close();
                assertEquals(-1, pair.client.getInputStream().read(), "the client sees the server's FIN");
                return listener.getLocalPort();
            }
        }
        // end::reuse-test[]
    }

    @Nested
    class AcceptBacklog {

        @Test
        void theKernelCompletesTheHandshakeBeforeTheApplicationAccepts() throws IOException {
            try (ServerSocket neverAccepts = new ServerSocket(0, 1, LOOPBACK);
                    Socket client = ClientSocketConfig.DEFAULTS.connect(
                            new InetSocketAddress(LOOPBACK, neverAccepts.getLocalPort()))) {
                client.getOutputStream().write(new byte[] {1, 2, 3}); // lands in a queued socket

                assertTrue(client.isConnected(), "connect returned although nobody called accept()");
                client.setSoTimeout(200);
                assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read(),
                        "a connected socket is no proof that a server is serving it");
            }
        }

        @Test
        void aBacklogOfOneQueuesTwoConnectionsOnLinuxAndThenStopsAnswering() throws IOException {
            try (FullBacklogListener full = FullBacklogListener.open()) {
                if (System.getProperty("os.name").startsWith("Linux")) {
                    // Linux counts the queue as full only when it holds more than the backlog
                    assertEquals(FullBacklogListener.BACKLOG + 1, full.queuedConnections());
                } else {
                    assertTrue(full.queuedConnections() >= 1, "queued " + full.queuedConnections());
                }
            }
        }

        @Test
        void acceptingOneQueuedConnectionMakesRoomForTheNext() throws IOException {
            try (FullBacklogListener full = FullBacklogListener.open()) {
                assumeFalse(full.refusesWhenFull(), "this kernel resets connects to a full backlog");
                full.acceptOne().close();

                try (Socket next = ClientSocketConfig.DEFAULTS.connect(full.address())) {
                    assertTrue(next.isConnected(), "the freed slot took the next handshake");
                }
            }
        }
    }
}
