package book.ch03.herd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.backoff.Backoff;
import book.ch03.backoff.ExponentialBackoff;
import book.ch03.backoff.FullJitterBackoff;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Real clients, real sockets, a real server on loopback, on virtual time ({@link HerdClock}):
 * time moves only when every client sleeps, so the server logs each retry at the instant its
 * backoff chose, however loaded the machine. The draws are seeded, so a run is exact and the
 * same every time. (The {@code demo} runs the same herd on real time.)
 */
class LoopbackHerdTest {

    private static final int CLIENTS = 50;
    private static final Duration OUTAGE = Duration.ofMillis(1_200);
    /** The busiest 50 ms of the seeded jittered run (seeds 42 to 91), the same every run. */
    private static final int PEAK_WITH_JITTER = 12;

    private static LoopbackHerd.Result run(Backoff backoff) throws Exception {
        try (HerdClock clock = new HerdClock(CLIENTS)) {
            return LoopbackHerd.run(CLIENTS, OUTAGE, backoff, clock, clock);
        }
    }

    @Nested
    class RetriesAgainstAnOutage {

        @Test
        void withoutJitterEveryClientRetriesAtTheSameInstant() throws Exception {
            LoopbackHerd.Result lockStep = run(new ExponentialBackoff(500, 1_000));
            assertEquals(CLIENTS, lockStep.succeeded());
            // 0 ms: all fail; 500 ms: all retry and fail; 1,500 ms (500 + the 1 s cap): all retry and succeed
            Map<Long, Long> retriesAt = lockStep.log().arrivals().stream().filter(a -> a.attempt() >= 2)
                    .collect(Collectors.groupingBy(ArrivalLog.Arrival::atMillis, TreeMap::new, Collectors.counting()));
            assertEquals(Map.of(500L, 50L, 1_500L, 50L), retriesAt);
            assertEquals(CLIENTS, lockStep.log().peakRetriesInWindow(50));
        }

        @Test
        void withFullJitterTheSameRetriesSpreadOutAndTheBusiest50MillisecondsHoldAFewOfThem() throws Exception {
            LoopbackHerd.Result jittered = run(new FullJitterBackoff(500, 1_000));
            assertEquals(CLIENTS, jittered.succeeded());
            int spread = jittered.log().peakRetriesInWindow(50);
            assertEquals(PEAK_WITH_JITTER, spread, ArrivalLog.histogram(jittered.log().retriesPerBucket(100), 100));
            assertTrue(spread * 4 <= CLIENTS, "at most a quarter of the fleet in any 50 ms: " + spread);
        }
    }

    @Nested
    class TheServer {

        @Test
        void rejectsAMalformedRequestAndKeepsServingOthers() throws Exception {
            try (OutageServer server = new OutageServer(Duration.ZERO)) {
                try (Socket bad = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                    bad.setSoTimeout(2_000);
                    OutputStream out = bad.getOutputStream();
                    out.write("x".repeat(200).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = bad.getInputStream();
                    assertEquals(-1, readOrEnd(in), "the oversized request is dropped without an answer");
                }
                assertEquals(200, LoopbackHerd.call(server.port(), 1));
                assertEquals(1, server.log().arrivals().size());
            }
        }

        private static int readOrEnd(InputStream in) {
            try {
                return in.read();
            } catch (IOException reset) {
                return -1;
            }
        }
    }
}
