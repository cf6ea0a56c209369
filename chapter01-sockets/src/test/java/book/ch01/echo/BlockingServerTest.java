package book.ch01.echo;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BlockingServerTest {

    /** Generous: these bound waits that normally end in milliseconds, on a loaded machine. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static BlockingServer echoServer(ServerConfig config) throws IOException {
        return BlockingServer.start(config, new EchoHandler());
    }

    /** Writes {@code text} and reads exactly as many bytes back. */
    static String roundTrip(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(US_ASCII));
        return new String(socket.getInputStream().readNBytes(text.length()), US_ASCII);
    }

    @Nested
    class Echo {

        @Test
        void echoesBytesAsTheyArriveAndEndsWithEofAfterTheClientHalfCloses() throws IOException {
            try (BlockingServer server = echoServer(ServerConfig.defaults());
                 Socket client = Loopback.connect(server.port(), TIMEOUT)) {
                assertEquals("abc", roundTrip(client, "abc"));   // echoed before the client is done
                client.getOutputStream().write("def".getBytes(US_ASCII));
                client.shutdownOutput();                         // "I'm done sending"
                assertEquals("def", new String(client.getInputStream().readAllBytes(), US_ASCII));
            }
        }

        @Test
        void echoesThirtyTwoMebibytesByteForByteBecauseTheClientReadsWhileItSends() throws IOException {
            byte[] message = new byte[32 * 1024 * 1024];    // far more than the socket buffers hold
            new SplittableRandom(7).nextBytes(message);
            try (BlockingServer server = echoServer(ServerConfig.defaults())) {
                assertArrayEquals(message, new EchoClient(server.port(), TIMEOUT).echo(message));
                assertEquals(1, server.stats().accepted());
            }
        }
    }

    @Nested
    class ConnectionLimit {

        @Test
        void refusesTheConnectionOverTheLimitAtOnceAndKeepsServingTheOthers() throws IOException {
            try (BlockingServer server = echoServer(ServerConfig.defaults().withMaxConnections(2));
                 Socket first = Loopback.connect(server.port(), TIMEOUT);
                 Socket second = Loopback.connect(server.port(), TIMEOUT)) {
                assertEquals("1", roundTrip(first, "1"));        // both hold a slot now
                assertEquals("2", roundTrip(second, "2"));
                try (Socket third = Loopback.connect(server.port(), TIMEOUT)) {
                    assertEquals(-1, third.getInputStream().read(), "the extra client sees EOF at once");
                }
                assertEquals("1 again", roundTrip(first, "1 again"));
                assertEquals("2 again", roundTrip(second, "2 again"));
                assertEquals(new ServerStats(2, 2, 1, 0, 0, 0, 0), server.stats());
            }
        }

        @Test
        void aRefusedEchoClientFailsInsteadOfReturningAShortEcho() throws IOException {
            try (BlockingServer server = echoServer(ServerConfig.defaults().withMaxConnections(1));
                 Socket holder = Loopback.connect(server.port(), TIMEOUT)) {
                assertEquals("mine", roundTrip(holder, "mine"));
                // EOFException ("after echoing 0 of 5 bytes") or a reset, depending on timing
                assertThrows(IOException.class,
                        () -> new EchoClient(server.port(), TIMEOUT).echo("hello".getBytes(US_ASCII)));
                assertEquals(1, server.stats().refused());
            }
        }

        @Test
        void freesTheSlotAsSoonAsAConnectionEnds() throws IOException {
            try (BlockingServer server = echoServer(ServerConfig.defaults().withMaxConnections(1))) {
                EchoClient client = new EchoClient(server.port(), TIMEOUT);
                assertArrayEquals("one".getBytes(US_ASCII), client.echo("one".getBytes(US_ASCII)));
                assertArrayEquals("two".getBytes(US_ASCII), client.echo("two".getBytes(US_ASCII)));
                assertEquals(0, server.stats().refused());
            }
        }
    }

    @Nested
    class ReadTimeout {

        @Test
        void closesASilentClientAndGivesItsSlotToTheNext() throws IOException {
            ServerConfig config = ServerConfig.defaults().withMaxConnections(1)
                    .withReadTimeout(Duration.ofMillis(200));
            try (BlockingServer server = echoServer(config);
                 Socket silent = Loopback.connect(server.port(), TIMEOUT)) {
                assertEquals(-1, silent.getInputStream().read(), "the server closes the silent client");
                assertEquals(1, server.stats().timedOut());
                assertEquals(0, server.stats().active());
                try (Socket next = Loopback.connect(server.port(), TIMEOUT)) {
                    assertEquals("next", roundTrip(next, "next"));
                }
            }
        }
    }

    @Nested
    class ConnectionAge {

        @Test
        void closesAConnectionAtItsMaximumAgeEvenThoughTheReadTimeoutIsFarAway() throws IOException {
            ServerConfig config = ServerConfig.defaults().withMaxConnectionAge(Duration.ofMillis(300));
            try (BlockingServer server = echoServer(config);
                 Socket client = Loopback.connect(server.port(), TIMEOUT)) {
                assertEquals("young", roundTrip(client, "young"));
                assertEquals(-1, client.getInputStream().read(), "closed at 300 ms, not at the 30 s read timeout");
                assertEquals(1, server.stats().expired());
                assertEquals(0, server.stats().timedOut());
                assertEquals(0, server.stats().failed(), "closing an old connection is not its failure");
            }
        }

        @Test
        void closesAClientThatNeverReadsItsEchoAtItsMaximumAge() throws Exception {
            ServerConfig config = ServerConfig.defaults().withMaxConnectionAge(Duration.ofMillis(300));
            try (BlockingServer server = echoServer(config);
                 Socket greedy = Loopback.connect(server.port(), TIMEOUT);
                 ExecutorService sender = Executors.newVirtualThreadPerTaskExecutor()) {
                // Sends 64 MiB and reads nothing: the echo fills every buffer and the server's
                // write blocks, where no read timeout can reach it.
                Future<?> flood = sender.submit(() -> {
                    greedy.getOutputStream().write(new byte[64 * 1024 * 1024]);
                    return null;
                });
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> flood.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                assertInstanceOf(IOException.class, e.getCause(), "the server closed the connection");
                assertEquals(1, server.stats().expired());
                assertEquals(0, server.stats().failed());
            }
        }
    }

    @Nested
    class GracefulShutdown {

        @Test
        void stopsAcceptingButLetsAnOpenConnectionFinish() throws Exception {
            BlockingServer server = echoServer(ServerConfig.defaults().withDrainTimeout(TIMEOUT));
            try (Socket client = Loopback.connect(server.port(), TIMEOUT)) {
                assertEquals("before", roundTrip(client, "before"));
                server.stopAccepting();
                assertThrows(ConnectException.class, () -> Loopback.connect(server.port(), TIMEOUT).close());
                CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);

                client.getOutputStream().write("during".getBytes(US_ASCII));
                client.shutdownOutput();
                assertEquals("during", new String(client.getInputStream().readAllBytes(), US_ASCII));
                closing.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                server.close();
            }
            assertEquals(new ServerStats(1, 0, 0, 0, 0, 0, 0), server.stats());
        }

        @Test
        void closesConnectionsStillOpenWhenTheDrainTimeoutRunsOut() throws IOException {
            BlockingServer server = echoServer(ServerConfig.defaults().withDrainTimeout(Duration.ofMillis(100)));
            try (Socket idle = Loopback.connect(server.port(), TIMEOUT)) {
                assertEquals("hi", roundTrip(idle, "hi"));
                assertTimeoutPreemptively(TIMEOUT, server::close);
                assertEquals(-1, idle.getInputStream().read(), "the forcibly closed client sees EOF");
            }
            assertEquals(1, server.stats().forciblyClosed());
            assertEquals(0, server.stats().failed(), "a forced close is not a failure of the connection");
        }

        @Test
        void closeTwiceIsHarmless() throws IOException {
            BlockingServer server = echoServer(ServerConfig.defaults());
            server.close();
            assertTimeoutPreemptively(TIMEOUT, server::close);
        }
    }

    @Nested
    class ThreadModels {

        @Test
        void servesEachConnectionOnAVirtualThreadByDefault() throws Exception {
            assertTrue(threadThatServes(ServerConfig.defaults()).isVirtual());
        }

        @Test
        void servesOnAPoolOfPlatformThreadsWhenConfigured() throws Exception {
            Thread thread = threadThatServes(ServerConfig.defaults().withThreadModel(ThreadModel.platformPool(2)));
            assertFalse(thread.isVirtual());
        }

        private Thread threadThatServes(ServerConfig config) throws Exception {
            CompletableFuture<Thread> serving = new CompletableFuture<>();
            ConnectionHandler handler = socket -> {
                serving.complete(Thread.currentThread());
                new EchoHandler().handle(socket);
            };
            try (BlockingServer server = BlockingServer.start(config, handler)) {
                assertArrayEquals(new byte[] {42}, new EchoClient(server.port(), TIMEOUT).echo(new byte[] {42}));
                return serving.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
