package book.ch02.proxy;

import book.ch02.proxy.faults.TruncateAfter;
import book.ch02.proxy.faults.Slicer;
import book.ch02.proxy.faults.ResetAfter;
import book.ch02.proxy.faults.Latency;
import book.ch02.proxy.faults.FlipBit;
import book.ch02.proxy.faults.CorruptBytes;
import book.ch02.proxy.faults.Blackhole;
import book.ch02.proxy.faults.Bandwidth;
import book.ch02.fixture.EchoUpstream;
import static book.ch02.proxy.Wire.GENEROUS;
import static book.ch02.proxy.Wire.connect;
import static book.ch02.proxy.Wire.echoLarge;
import static book.ch02.proxy.Wire.randomBytes;
import static book.ch02.proxy.Wire.readToEnd;
import static book.ch02.proxy.Wire.roundTrip;
import static book.ch02.proxy.Wire.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The proxy end to end: a real echo upstream, real loopback sockets, one fault at a time. */
class FaultProxyTest {

    private static final byte[] HELLO = "hello through the proxy, 48 bytes of payload!!!".getBytes(StandardCharsets.US_ASCII);

    private EchoUpstream echo;
    private FaultProxy proxy;
    private final EventLog events = new EventLog();
    private final FakeTicker ticker = new FakeTicker();

    @BeforeEach
    void startUpstream() throws IOException {
        echo = EchoUpstream.start();
    }

    @AfterEach
    void closeEverythingAndCheckNothingLeaked() throws IOException {
        if (proxy != null) {
            proxy.close();
            assertEquals(0, proxy.stats().openConnections(), "connections still open after close()");
            assertEquals(0, proxy.activeThreads(), "proxy threads still running after close()");
        }
        echo.close();
    }

    private FaultProxy start(UnaryOperator<ProxyConfig> settings) throws IOException {
        proxy = FaultProxy.start(settings.apply(ProxyConfig.forUpstream(echo.port()).withEvents(events)));
        return proxy;
    }

    private FaultProxy start() throws IOException {
        return start(c -> c);
    }

    private FaultProxy startWithFakeTicker() throws IOException {
        return start(c -> c.withTicker(ticker));
    }

    @Nested
    class CleanForwarding {

        @Test
        void forwardsOneMebibyteOfRandomBytesIntactBothWays() throws Exception {
            start();
            byte[] data = randomBytes(1 << 20, 1);
            try (Socket client = connect(proxy.port())) {
                assertArrayEquals(sha256(data), sha256(echoLarge(client, data)));
            }
            events.await("closed: both sides finished", GENEROUS);
            assertEquals(1 << 20, proxy.stats().bytesUpstream());
            assertEquals(1 << 20, proxy.stats().bytesDownstream());
            assertEquals(0, proxy.stats().openConnections());
        }

        @Test
        void passesHalfCloseOnSoTheClientReadsTheRestThenEndOfStream() throws Exception {
            start();
            try (Socket client = connect(proxy.port())) {
                client.getOutputStream().write(HELLO);
                client.shutdownOutput(); // "that is my whole request"
                assertArrayEquals(HELLO, readToEnd(client.getInputStream()));
            }
            events.await("closed: both sides finished", GENEROUS);
        }

        @Test
        void forwardsIntactOnVirtualThreadsTooAndLeavesNoneRunning() throws Exception {
            start(c -> c.withVirtualThreads(true));
            byte[] data = randomBytes(256 * 1024, 7);
            try (Socket client = connect(proxy.port())) {
                assertArrayEquals(data, echoLarge(client, data));
            }
            // closeEverythingAndCheckNothingLeaked checks the threads
        }

        @Test
        void servesManyConnectionsAndCountsThem() throws Exception {
            start();
            for (int i = 0; i < 5; i++) {
                try (Socket client = connect(proxy.port())) {
                    assertArrayEquals(HELLO, roundTrip(client, HELLO));
                }
            }
            assertEquals(5, proxy.stats().connectionsAccepted());
        }
    }

    @Nested
    class LatencyFault {

        @Test
        void delaysEachResponseChunkByExactlyTheLatencyWithAFakeClock() throws Exception {
            startWithFakeTicker().setFaults(Faults.downstream(Latency.of(Duration.ofMillis(100))));
            java.util.List<Duration> sleeps;
            try (Socket client = connect(proxy.port())) {
                assertArrayEquals(HELLO, roundTrip(client, HELLO));
                sleeps = ticker.sleeps(); // before the close: the end of stream goes through the delay line too
            }
            assertEquals(java.util.List.of(Duration.ofMillis(100)), sleeps);
            assertEquals(1, proxy.stats().applied("latency"));
        }

        @Test
        void drawsJitterBetweenZeroAndTheBoundAndOnlyOnTheChosenDirection() throws Exception {
            startWithFakeTicker().setFaults(Faults.upstream(new Latency(Duration.ofMillis(100), Duration.ofMillis(20), 42)));
            java.util.List<Duration> sleeps;
            try (Socket client = connect(proxy.port())) {
                for (int i = 0; i < 10; i++) {
                    assertArrayEquals(HELLO, roundTrip(client, HELLO));
                }
                sleeps = ticker.sleeps(); // before the close: the end of stream goes through the delay line too
            }
            assertEquals(10, sleeps.size(), "one delay per request, none on the responses");
            for (Duration sleep : sleeps) {
                assertTrue(sleep.compareTo(Duration.ofMillis(100)) >= 0 && sleep.compareTo(Duration.ofMillis(120)) <= 0,
                        "delay " + sleep + " outside [100 ms, 120 ms]");
            }
        }

        @Test
        void roundTripOnTheRealClockIsAtLeastTheLatencyAndBoundedAbove() throws Exception {
            start().setFaults(Faults.downstream(new Latency(Duration.ofMillis(150), Duration.ofMillis(50), 7)));
            try (Socket client = connect(proxy.port())) {
                long started = System.nanoTime();
                assertArrayEquals(HELLO, roundTrip(client, HELLO));
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertTrue(took.toMillis() >= 150, "round trip " + took + " shorter than the injected 150 ms");
                assertTrue(took.toMillis() < 150 + 50 + 3000, "round trip " + took + " far above latency + jitter");
            }
        }
    }

    @Nested
    class BandwidthFault {

        @Test
        void holdsResponsesToTheRateAfterOneBurstExactlyOnAFakeClock() throws Exception {
            startWithFakeTicker().setFaults(Faults.downstream(new Bandwidth(10_000)));
            byte[] data = randomBytes(50_000, 2);
            try (Socket client = connect(proxy.port())) {
                assertArrayEquals(data, echoLarge(client, data));
            }
            // 50 000 bytes at 10 000 B/s with a 1 000-byte burst: (50 000 - 1 000) / 10 000 s
            long sleptMicros = ticker.totalSlept().toNanos() / 1000;
            assertTrue(Math.abs(sleptMicros - 4_900_000) < 1000, "slept " + sleptMicros + " us, expected 4.9 s");
        }

        @Test
        void takesAtLeastBytesOverRateMinusOneBurstOnTheRealClock() throws Exception {
            Bandwidth bandwidth = new Bandwidth(64 * 1024);
            start().setFaults(Faults.downstream(bandwidth));
            byte[] data = randomBytes(48 * 1024, 3);
            try (Socket client = connect(proxy.port())) {
                long started = System.nanoTime();
                assertArrayEquals(data, echoLarge(client, data));
                double seconds = (System.nanoTime() - started) / 1e9;
                double floor = (data.length - bandwidth.burstBytes()) / (double) bandwidth.bytesPerSecond();
                assertTrue(seconds >= floor, "took " + seconds + " s, less than the " + floor + " s the rate allows");
                assertTrue(seconds < floor + 5, "took " + seconds + " s, far above the rate");
            }
        }
    }

    @Nested
    class SlicerFault {

        @Test
        void cutsResponsesIntoSmallPiecesWithThePauseBetweenThemAndLosesNothing() throws Exception {
            startWithFakeTicker().setFaults(Faults.downstream(new Slicer(16, Duration.ofMillis(5))));
            byte[] data = randomBytes(100, 4);
            try (Socket client = connect(proxy.port())) {
                assertArrayEquals(data, roundTrip(client, data));
            }
            long pieces = proxy.stats().applied("slicer");
            assertTrue(pieces >= 7, "100 bytes in pieces of 16 make at least 7 pieces, not " + pieces);
            assertTrue(ticker.sleeps().size() <= pieces - 1 && !ticker.sleeps().isEmpty(), "pauses " + ticker.sleeps());
            assertTrue(ticker.sleeps().stream().allMatch(Duration.ofMillis(5)::equals), "pauses " + ticker.sleeps());
        }
    }

    @Nested
    class BlackholeFault {

        @Test
        void swallowsRequestsSoTheClientsReadTimesOut() throws Exception {
            start().setFaults(Faults.upstream(new Blackhole()));
            try (Socket client = connect(proxy.port(), Duration.ofMillis(300))) {
                client.getOutputStream().write(HELLO);
                assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read());
            }
            assertEquals(0, echo.bytesReceived(), "nothing may reach the upstream");
            assertTrue(proxy.stats().applied("blackhole") >= 1);
        }

        @Test
        void onResponsesOnlyLetsTheRequestReachTheUpstream() throws Exception {
            start().setFaults(Faults.downstream(new Blackhole()));
            try (Socket client = connect(proxy.port(), Duration.ofMillis(300))) {
                client.getOutputStream().write(HELLO);
                assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read());
                assertTrue(echo.awaitBytesReceived(HELLO.length, GENEROUS), "the request must reach the upstream");
            }
        }
    }

    @Nested
    class ResetFault {

        // tag::reset-test[]
        @Test
        void resetsOnTheFirstResponseByteSoTheClientSeesConnectionReset() throws Exception {
            start().setFaults(Faults.downstream(new ResetAfter(0)));
            try (Socket client = connect(proxy.port())) {
                client.getOutputStream().write(HELLO);
                SocketException e = assertThrows(SocketException.class, () -> client.getInputStream().read());
                assertEquals("Connection reset", e.getMessage());
            }
            assertEquals(0, proxy.stats().bytesDownstream());
            assertEquals(1, proxy.stats().applied("reset"));
        }
        // end::reset-test[]

        @Test
        void forwardsExactlyTheGivenBytesBeforeTheReset() throws Exception {
            start().setFaults(Faults.downstream(new ResetAfter(10)));
            try (Socket client = connect(proxy.port())) {
                client.getOutputStream().write(HELLO);
                byte[] buffer = new byte[HELLO.length];
                int received = 0;
                SocketException e = null;
                try {
                    for (int n; (n = client.getInputStream().read(buffer, received, buffer.length - received)) > 0; ) {
                        received += n;
                    }
                } catch (SocketException reset) {
                    e = reset;
                }
                assertTrue(e != null && e.getMessage().contains("Connection reset"), "expected a reset, got " + e);
                assertTrue(received <= 10, "received " + received + " bytes, more than the 10 let through");
            }
            assertEquals(10, proxy.stats().bytesDownstream());
        }
    }

    @Nested
    class TruncateFault {

        @Test
        void deliversExactlyTheFirstBytesThenEndOfStream() throws Exception {
            start().setFaults(Faults.downstream(new TruncateAfter(100)));
            byte[] data = randomBytes(1000, 5);
            try (Socket client = connect(proxy.port())) {
                client.getOutputStream().write(data);
                byte[] received = readToEnd(client.getInputStream());
                assertArrayEquals(Arrays.copyOf(data, 100), received);
            }
            events.await("truncated after 100 bytes (downstream)", GENEROUS);
        }

        @Test
        void onRequestsLetsExactlyTheGivenBytesReachTheUpstream() throws Exception {
            start().setFaults(Faults.upstream(new TruncateAfter(20)));
            try (Socket client = connect(proxy.port())) {
                client.getOutputStream().write(HELLO);
                readToEnd(client.getInputStream());
            }
            events.await("truncated after 20 bytes (upstream)", GENEROUS);
            assertTrue(echo.awaitBytesReceived(20, GENEROUS));
            assertEquals(20, proxy.stats().bytesUpstream());
        }
    }

    @Nested
    class CorruptionFaults {

        @Test
        void flipsExactlyTheChosenBitAndNothingElse() throws Exception {
            start().setFaults(Faults.downstream(new FlipBit(10, 3)));
            try (Socket client = connect(proxy.port())) {
                byte[] received = roundTrip(client, HELLO);
                byte[] expected = HELLO.clone();
                expected[10] ^= 0b1000;
                assertArrayEquals(expected, received);
            }
            assertEquals(1, proxy.stats().applied("flip-bit"));
        }

        @Test
        void corruptsTheSameBytesAsTheSeededFaultDoesInMemory() throws Exception {
            CorruptBytes corrupt = new CorruptBytes(0.01, 42);
            start().setFaults(Faults.downstream(corrupt));
            byte[] data = randomBytes(100_000, 6);
            byte[] received;
            try (Socket client = connect(proxy.port())) {
                received = echoLarge(client, data);
            }
            byte[] expected = ToxicsTest.runInMemory(corrupt, data, 1000);
            assertArrayEquals(expected, received);
            int flippedBits = 0;
            for (int i = 0; i < data.length; i++) {
                int diff = Integer.bitCount((data[i] ^ received[i]) & 0xff);
                assertTrue(diff <= 1, "byte " + i + " has " + diff + " flipped bits");
                flippedBits += diff;
            }
            assertEquals(flippedBits, proxy.stats().applied("corrupt"));
            assertTrue(flippedBits > 700 && flippedBits < 1300, flippedBits + " flips for 100 000 bytes at 1%");
        }
    }

    @Nested
    class DownFault {

        @Test
        void refusesConnectionsWhileDownAndServesAgainOnTheSamePortWhenUp() throws Exception {
            start();
            int port = proxy.port();
            proxy.down();
            ConnectException refused = assertThrows(ConnectException.class, () -> connect(port).close());
            assertTrue(refused.getMessage().contains("Connection refused"), refused.getMessage());
            proxy.up();
            try (Socket client = connect(port)) {
                assertArrayEquals(HELLO, roundTrip(client, HELLO));
            }
        }

        @Test
        void resetsTheConnectionsThatWereOpen() throws Exception {
            start();
            try (Socket client = connect(proxy.port())) {
                assertArrayEquals(HELLO, roundTrip(client, HELLO));
                proxy.down();
                SocketException e = assertThrows(SocketException.class, () -> client.getInputStream().read());
                assertEquals("Connection reset", e.getMessage());
            }
            assertEquals(0, proxy.stats().openConnections());
        }
    }

    @Nested
    class ChangingFaults {

        // tag::changing-faults[]
        @Test
        void takeEffectOnAnOpenConnectionAndClearingRestoresCleanForwarding() throws Exception {
            start();
            try (Socket client = connect(proxy.port())) {
                assertArrayEquals(HELLO, roundTrip(client, HELLO));

                proxy.setFaults(Faults.downstream(new FlipBit(0, 0)));
                byte[] corrupted = roundTrip(client, HELLO);
                assertEquals(HELLO[0] ^ 1, corrupted[0]);
                assertArrayEquals(Arrays.copyOfRange(HELLO, 1, HELLO.length), Arrays.copyOfRange(corrupted, 1, HELLO.length));

                proxy.clearFaults();
                assertArrayEquals(HELLO, roundTrip(client, HELLO));
            }
        }
        // end::changing-faults[]

        @Test
        void blackholeThenClearResumesTheSameConnection() throws Exception {
            start().setFaults(Faults.upstream(new Blackhole()));
            try (Socket client = connect(proxy.port(), Duration.ofMillis(300))) {
                client.getOutputStream().write(HELLO);
                assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read());
                proxy.clearFaults();
                client.setSoTimeout((int) GENEROUS.toMillis());
                assertArrayEquals(HELLO, roundTrip(client, HELLO), "the swallowed request is gone; the next one passes");
            }
        }
    }

    @Nested
    class Robustness {

        @Test
        void closesTheClientPromptlyWithAReasonWhenTheUpstreamIsDown() throws Exception {
            int deadPort;
            try (ServerSocket nothing = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                deadPort = nothing.getLocalPort();
            }
            proxy = FaultProxy.start(ProxyConfig.forUpstream(deadPort).withEvents(events));
            try (Socket client = connect(proxy.port())) {
                assertEquals(-1, client.getInputStream().read());
            }
            assertTrue(events.await("unreachable", GENEROUS).contains("Connection refused"));
            assertEquals(1, proxy.stats().upstreamFailures());
        }

        @Test
        void rejectsConnectionsOverTheLimitAndGoesOnServingTheOthers() throws Exception {
            start(c -> c.withMaxConnections(1));
            try (Socket first = connect(proxy.port())) {
                assertArrayEquals(HELLO, roundTrip(first, HELLO));
                try (Socket second = connect(proxy.port())) {
                    assertEquals(-1, second.getInputStream().read(), "over the limit: closed at once");
                }
                events.await("rejected: 1 connections open, the limit", GENEROUS);
                assertArrayEquals(HELLO, roundTrip(first, HELLO));
            }
            events.await("connection 1 closed", GENEROUS);
            try (Socket third = connect(proxy.port())) {
                assertArrayEquals(HELLO, roundTrip(third, HELLO));
            }
            assertEquals(1, proxy.stats().rejectedOverLimit());
        }

        @Test
        void closesAnAbandonedConnectionAfterTheIdleTimeout() throws Exception {
            start(c -> c.withIdleTimeout(Duration.ofMillis(300)));
            try (Socket client = connect(proxy.port())) {
                assertEquals(-1, client.getInputStream().read(), "the proxy closes a silent connection");
            }
            events.await("no traffic either way for 300 ms", GENEROUS);
            assertEquals(0, proxy.stats().openConnections());
        }

        @Test
        void decidesIdlenessOnItsTickerSoASilentConnectionLivesUntilTheTickerSaysSo() throws Exception {
            start(c -> c.withTicker(ticker).withIdleTimeout(Duration.ofMillis(100)));
            try (Socket client = connect(proxy.port())) {
                client.setSoTimeout(600); // six of the proxy's 100 ms socket timeouts pass in real time
                assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read(),
                        "the proxy's ticker has not moved, so the connection is not idle yet");
                ticker.sleep(Duration.ofMillis(100)); // now it has been silent for the idle timeout
                client.setSoTimeout((int) GENEROUS.toMillis());
                assertEquals(-1, client.getInputStream().read(), "closed at the next socket timeout");
            }
            events.await("no traffic either way for 100 ms", GENEROUS);
        }

        @Test
        void forgetsAClientThatConnectsAndGoesAway() throws Exception {
            start();
            connect(proxy.port()).close();
            events.await("connection 1 closed: both sides finished", GENEROUS);
            assertEquals(0, proxy.stats().openConnections());
        }

        @Test
        void resetsTheUpstreamLegWhenAClientVanishesWithAResetAndServesTheOthers() throws Exception {
            start();
            try (Socket staying = connect(proxy.port())) {
                assertArrayEquals(HELLO, roundTrip(staying, HELLO));
                Socket vanishing = connect(proxy.port());
                assertArrayEquals(HELLO, roundTrip(vanishing, HELLO));
                vanishing.setSoLinger(true, 0); // close with RST, as a crashed client's kernel does
                vanishing.close();
                assertTrue(events.await("connection 2 reset", GENEROUS).contains("upstream failed"),
                        "the proxy passes the error on as an error, not as a clean end: " + events.lines());
                assertArrayEquals(HELLO, roundTrip(staying, HELLO), "the other connection is untouched");
            }
            events.await("connection 1 closed", GENEROUS);
            assertEquals(0, proxy.stats().openConnections());
        }

        @Test
        void closeEndsConnectionsEvenWhileAFaultIsSleeping() throws Exception {
            start().setFaults(Faults.downstream(Latency.of(Duration.ofMinutes(5))));
            try (Socket client = connect(proxy.port())) {
                client.getOutputStream().write(HELLO);
                assertTrue(echo.awaitBytesReceived(HELLO.length, GENEROUS));
                long started = System.nanoTime();
                proxy.close();
                assertTrue(System.nanoTime() - started < FaultProxy.CLOSE_WAIT.toNanos(), "close() waited out the latency");
                assertEquals(0, proxy.activeThreads());
                assertEquals(0, proxy.stats().openConnections());
                assertEquals(-1, client.getInputStream().read());
            }
        }
    }
}
