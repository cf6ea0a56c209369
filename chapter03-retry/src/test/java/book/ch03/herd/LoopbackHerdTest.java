package book.ch03.herd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.backoff.ExponentialBackoff;
import book.ch03.backoff.FullJitterBackoff;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Real clients, real sleeps, a real server on loopback. The margins are wide on purpose: a
 * synchronized retry wave puts all 50 clients within a few milliseconds of each other;
 * jitter spreads them over half a second and more, about 5 per 50 ms. Typical peaks in any
 * 50 ms window are 50 against 12 to 15, so even a loaded two-core machine that smears a
 * wave by tens of milliseconds does not close the asserted gap of 2x.
 */
class LoopbackHerdTest {

    private static final int CLIENTS = 50;
    private static final Duration OUTAGE = Duration.ofMillis(1_200);

    @Nested
    class RetriesAgainstAnOutage {

        @Test
        void withoutJitterTheRetriesArriveInSpikesAndWithJitterSpreadOut() throws Exception {
            LoopbackHerd.Result lockStep = LoopbackHerd.run(CLIENTS, OUTAGE, new ExponentialBackoff(500, 1_000));
            LoopbackHerd.Result jittered = LoopbackHerd.run(CLIENTS, OUTAGE, new FullJitterBackoff(500, 1_000));
            assertEquals(CLIENTS, lockStep.succeeded());
            assertEquals(CLIENTS, jittered.succeeded());

            int spike = lockStep.log().peakRetriesInWindow(50);
            int spread = jittered.log().peakRetriesInWindow(50);
            assertTrue(spike >= 0.6 * CLIENTS, "a wave of retries without jitter: " + spike
                    + "\n" + ArrivalLog.histogram(lockStep.log().retriesPerBucket(100), 100));
            assertTrue(spike >= 2 * spread, "peak without jitter " + spike + " vs with " + spread
                    + "\n" + ArrivalLog.histogram(jittered.log().retriesPerBucket(100), 100));
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
