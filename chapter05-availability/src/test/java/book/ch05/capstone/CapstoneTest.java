package book.ch05.capstone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.capstone.ResilientClient.Mode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The book's promise, on real processes: three replicas, one killed with SIGKILL, one stalled,
 * one corrupt, then restored, under concurrent load. The book's client charges nothing twice;
 * the naive client loses requests in the same timeline.
 */
@Timeout(180)
class CapstoneTest {

    static CapstoneRun.Report run(Mode mode) throws Exception {
        var log = new ByteArrayOutputStream();
        var report = new CapstoneRun(mode, Duration.ofMillis(1500), 4, new PrintStream(log, true, StandardCharsets.UTF_8)).run();
        CapstoneProgram.print(report, new PrintStream(log, true, StandardCharsets.UTF_8));
        System.out.print(log.toString(StandardCharsets.UTF_8)); // in the test's report file
        return report;
    }

    /**
     * What holds whatever the machine's load: with idempotency keys and a shared ledger, no
     * request has two effects, however many attempts and hedges it took; and a killed replica is
     * noticed (its heartbeat's connect is refused). Losing no request at all depends on time (a
     * client that gives up at its deadline or budget is right to), so it is what the
     * {@code capstone} program checks with its exit code on a real run, not this test.
     */
    @Test
    void theBooksClientNeverChargesARequestTwiceAndNoticesTheKill() throws Exception {
        CapstoneRun.Report r = run(Mode.RESILIENT);
        assertTrue(r.sent() > 0, "no load was sent");
        assertEquals(0, r.duplicatedEffects(), "duplicated effects");
        assertTrue(r.effects() >= r.sent() - r.lost(), "every answered request left its effect in the ledger");
        assertTrue(r.effects() <= r.sent(), "at most one effect per request: " + r.effects() + " for " + r.sent());
        assertNotNull(r.killDetected(), "the kill was never noticed");
    }

    @Test
    void theNaiveClientLosesRequestsInTheSameTimeline() throws Exception {
        CapstoneRun.Report r = run(Mode.NAIVE);
        assertTrue(r.lost() > 0, "the naive client lost nothing?");
    }
}
