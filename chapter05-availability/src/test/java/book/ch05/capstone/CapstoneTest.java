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
 * one corrupt, then restored, under concurrent load. The book's client loses nothing and charges
 * nothing twice; the naive client loses requests in the same timeline.
 */
@Timeout(180)
class CapstoneTest {

    static CapstoneRun.Report run(Mode mode) throws Exception {
        var log = new ByteArrayOutputStream();
        var report = new CapstoneRun(mode, Duration.ofMillis(1500), 6, new PrintStream(log, true, StandardCharsets.UTF_8)).run();
        CapstoneProgram.print(report, new PrintStream(log, true, StandardCharsets.UTF_8));
        System.out.print(log.toString(StandardCharsets.UTF_8)); // in the test's report file
        return report;
    }

    @Test
    void theBooksClientLosesNoRequestAndDuplicatesNoEffect() throws Exception {
        CapstoneRun.Report r = run(Mode.RESILIENT);
        assertTrue(r.sent() > 100, "load was sent: " + r.sent());
        assertEquals(0, r.lost(), "lost: " + CapstoneProgram.lostWhy(r));
        assertEquals(0, r.duplicatedEffects());
        assertEquals(r.sent(), r.effects(), "every request had exactly one effect");
        assertNotNull(r.killDetected(), "the kill was never noticed");
        // A refused heartbeat proves the listener is gone: seen within one interval, plus a margin
        // for a loaded two-core machine.
        assertTrue(r.killDetected().compareTo(CapstoneRun.HEARTBEAT_INTERVAL.multipliedBy(2)) <= 0,
                "kill detected in " + r.killDetected());
        assertNotNull(r.stallDetected(), "the stall was never noticed");
    }

    @Test
    void theNaiveClientLosesRequestsInTheSameTimeline() throws Exception {
        CapstoneRun.Report r = run(Mode.NAIVE);
        assertTrue(r.lost() > 0, "the naive client lost nothing?");
    }
}
