package book.ch01.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.options.ClientSocketConfig;
import book.ch01.time.Sleeper;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TransferClientTest {

    private static final TransferClient REAL_TIME =
            new TransferClient(ClientSocketConfig.DEFAULTS, System::nanoTime, Sleeper.REAL);

    @Nested
    class AgainstTheSink {

        @Test
        void theSinkAcknowledgesEveryByteSent() throws Exception {
            try (SinkServer sink = SinkServer.start(0)) {
                TransferResult result = REAL_TIME.send(sink.address(), new TransferPlan(10_000_000, 65_536, 0));

                assertEquals(10_000_000, result.bytes());
                assertTrue(result.elapsed().isPositive());
                assertEquals(10_000_000, sink.totalBytes());
            }
        }

        @Test
        void anEmptyTransferIsAcknowledgedAsZeroBytes() throws Exception {
            try (SinkServer sink = SinkServer.start(0)) {
                assertEquals(0, REAL_TIME.send(sink.address(), new TransferPlan(0, 1_024, 0)).bytes());
                assertEquals(1, sink.completedConnections());
            }
        }

        // tag::paced-transfer-test[]
        @Test
        void aPacedTransferTakesSizeOverRateOnTheInjectedClock() throws Exception {
            FakeTime time = new FakeTime();
            var client = new TransferClient(ClientSocketConfig.DEFAULTS, time::nanoTime, time);
            try (SinkServer sink = SinkServer.start(0)) {
                // 1,000,000 bytes at 100,000 B/s; the first 10,000-byte chunk goes at once
                TransferResult result = client.send(sink.address(), new TransferPlan(1_000_000, 10_000, 100_000));

                assertEquals(Duration.ofMillis(9_900), result.elapsed());
                assertEquals(0.101, result.megabytesPerSecond(), 1e-3);
                assertEquals(1_000_000, sink.totalBytes());
            }
        }
        // end::paced-transfer-test[]

        @Test
        void aClosedSinkRefusesNewTransfers() throws Exception {
            SinkServer sink = SinkServer.start(0);
            sink.close();

            assertThrows(ConnectException.class, () -> REAL_TIME.send(sink.address(), new TransferPlan(10, 10, 0)));
        }
    }

    @Nested
    class AgainstAFaultySink {

        @Test
        void anAcknowledgementOfTooFewBytesFailsTheTransfer() throws Exception {
            try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                var sink = answerWith(listener, 5L);

                var e = assertThrows(IOException.class, () -> REAL_TIME.send(address(listener), new TransferPlan(100, 10, 0)));

                assertEquals("the sink acknowledged 5 of 100 bytes", e.getMessage());
                sink.get(10, TimeUnit.SECONDS);
            }
        }

        @Test
        void aSinkThatClosesWithoutAnsweringFailsTheTransfer() throws Exception {
            try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                var sink = answerWith(listener, null);

                var e = assertThrows(IOException.class, () -> REAL_TIME.send(address(listener), new TransferPlan(100, 10, 0)));

                assertEquals("the sink closed the connection without acknowledging 100 bytes", e.getMessage());
                sink.get(10, TimeUnit.SECONDS);
            }
        }

        /** A one-connection sink that reads everything and then answers {@code count}, or nothing. */
        private static CompletableFuture<Void> answerWith(ServerSocket listener, Long count) throws IOException {
            listener.setSoTimeout(10_000);
            return CompletableFuture.runAsync(() -> {
                try (Socket socket = listener.accept()) {
                    socket.setSoTimeout(10_000);
                    InputStream in = socket.getInputStream();
                    while (in.read() != -1) {
                        // drain until the client's FIN
                    }
                    if (count != null) {
                        new DataOutputStream(socket.getOutputStream()).writeLong(count);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }

        private static InetSocketAddress address(ServerSocket listener) {
            return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
        }
    }
}
