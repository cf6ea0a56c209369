package book.ch04.timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch04.fixture.SlowServer;
import book.ch04.time.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Section 2: a timeout stops the work. After a timeout that is done right, the server sees the
 * connection close ({@link SlowServer#abandoned()}) and the permit the call held is back; after
 * the trap (a {@code Future.get} timeout around blocking I/O) the request is still running on
 * the server and the permit is still taken.
 */
@Timeout(30)
class TimeoutStopsTheWorkTest {

    /** How long the tests look for a request that should have ended and did not. */
    private static final Duration LOOK = Duration.ofMillis(500);

    private final SlowServer server = SlowServer.start();
    private final Semaphore permits = new Semaphore(1); // what a call holds: a bulkhead slot
    private final Watchdog watchdog = new Watchdog();

    @AfterEach
    void stop() {
        watchdog.close();
        server.close();
    }

    // tag::blocking-call[]
    /** A GET on a raw socket with no timeout of its own, holding a permit while it runs. */
    private String blockingCall(Socket socket) throws IOException, InterruptedException {
        permits.acquire();
        try {
            socket.getOutputStream().write("GET /work HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(1), StandardCharsets.US_ASCII); // blocks until the server answers
        } finally {
            permits.release(); // released when the I/O has really ended, not when the caller gave up
        }
    }
    // end::blocking-call[]

    private Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), server.port());
    }

    private void awaitInFlight(int n) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.inFlight() != n && System.nanoTime() < until) {
            Thread.sleep(2);
        }
        assertEquals(n, server.inFlight());
    }

    @Nested
    class TheTrap {
        @Test
        void futureGetTimesOutButTheRequestKeepsRunningAndThePermitStaysTaken() throws Exception {
            server.stall(true);
            try (Socket socket = connect()) {
                ExecutorService pool = Executors.newFixedThreadPool(1);
                // tag::trap[]
                Future<String> call = pool.submit(() -> blockingCall(socket));
                assertThrows(TimeoutException.class, () -> call.get(300, TimeUnit.MILLISECONDS));
                call.cancel(true); // interrupts the pool thread; a java.net read ignores that
                // end::trap[]
                Thread.sleep(LOOK.toMillis());
                assertEquals(1, server.inFlight(), "the request still runs on the server");
                assertEquals(0, server.abandoned());
                assertEquals(0, permits.availablePermits(), "the permit is still taken");
                server.stall(false); // let it finish so the pool thread ends
                pool.shutdown();
                assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
                assertEquals(1, permits.availablePermits());
            }
        }

        @Test
        void httpClientsSendAsyncGetTimeoutLeavesTheRequestRunning() throws Exception {
            server.stall(true);
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                CompletableFuture<HttpResponse<String>> call = http.sendAsync(
                        HttpRequest.newBuilder(server.uri("/work")).build(), HttpResponse.BodyHandlers.ofString());
                assertThrows(TimeoutException.class, () -> call.get(300, TimeUnit.MILLISECONDS));
                Thread.sleep(LOOK.toMillis());
                assertEquals(1, server.inFlight(), "the request still runs on the server");
                assertEquals(0, server.abandoned());
                call.cancel(true); // since JDK 16 this does cancel the exchange: the server sees the close
                assertTrue(server.awaitAbandoned(1, Duration.ofSeconds(5)));
            }
        }
    }

    @Nested
    class DoneRight {
        @Test
        void theWatchdogClosesTheSocketSoTheServerSeesTheCloseAndThePermitIsBack() throws Exception {
            server.stall(true);
            try (Socket socket = connect()) {
                // tag::fix[]
                var e = assertThrows(SocketTimeoutException.class,
                        () -> watchdog.within(Duration.ofMillis(300), socket, "call", () -> blockingCallUnchecked(socket)));
                assertEquals(1, permits.availablePermits(), "released before the caller saw the timeout");
                assertTrue(server.awaitAbandoned(1, Duration.ofSeconds(5)), "the server saw the close");
                // end::fix[]
                assertEquals("call did not finish within 300 ms; closed the connection", e.getMessage());
                assertEquals(0, server.inFlight());
            }
        }

        @Test
        void cancellingAVirtualThreadBlockedInSocketIoClosesTheSocket() throws Exception {
            // Unlike a platform thread, a virtual thread blocked in java.net I/O is woken by an
            // interrupt, which closes the socket ("Closed by interrupt"): cancel(true) works here.
            server.stall(true);
            try (Socket socket = connect(); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<String> call = pool.submit(() -> blockingCall(socket));
                assertThrows(TimeoutException.class, () -> call.get(300, TimeUnit.MILLISECONDS));
                call.cancel(true);
                assertTrue(server.awaitAbandoned(1, Duration.ofSeconds(5)), "the server saw the close");
                assertTrue(socket.isClosed());
            }
            assertEquals(1, permits.availablePermits());
        }

        @Test
        void aReadTimeoutOfTheBoundedGetClosesTheConnection() throws Exception {
            server.latency(Duration.ofSeconds(20));
            Timeouts d = Timeouts.DEFAULTS;
            BoundedHttpGet get = new BoundedHttpGet(new Timeouts(d.connect(), Duration.ofMillis(300), d.write(), d.call()),
                    host -> InetAddress.getLoopbackAddress(), Ticker.system(), watchdog);
            assertThrows(SocketTimeoutException.class, () -> get.get("localhost", server.port(), "/work"));
            assertTrue(server.awaitAbandoned(1, Duration.ofSeconds(5)));
            assertEquals(0, server.inFlight());
            assertEquals(0, server.served());
        }

        @Test
        void httpClientsRequestTimeoutClosesTheConnection() throws Exception {
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                TimeoutsOnLoopbackTest.warmUp(http, server);
                server.stall(true);
                HttpRequest request = HttpRequest.newBuilder(server.uri("/work")).timeout(Duration.ofMillis(800)).build();
                assertThrows(HttpTimeoutException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
                assertTrue(server.awaitAbandoned(1, Duration.ofSeconds(5)));
                awaitInFlight(0);
            }
        }

        @Test
        void theWatchdogDoesNothingToACallThatFinishesInTime() throws Exception {
            try (Socket socket = connect()) {
                assertEquals("H", watchdog.within(Duration.ofSeconds(5), socket, "call", () -> blockingCallUnchecked(socket)));
                assertTrue(!socket.isClosed());
            }
            assertEquals(0, server.abandoned());
        }

        @Test
        void theWatchdogPassesOnAFailureThatIsNotATimeout() throws Exception {
            try (Socket socket = connect()) {
                var e = assertThrows(IOException.class, () -> watchdog.within(Duration.ofSeconds(5), socket, "call", () -> {
                    throw new IOException("refused by the test");
                }));
                assertEquals("refused by the test", e.getMessage());
            }
        }
    }

    private String blockingCallUnchecked(Socket socket) throws IOException {
        try {
            return blockingCall(socket);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }
}
