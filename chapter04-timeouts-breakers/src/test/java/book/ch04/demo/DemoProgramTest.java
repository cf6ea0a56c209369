package book.ch04.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch04.cli.CommandLine;
import book.ch04.cli.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo tells the chapter's story with figures, and the breaker's run spares the dependency. */
class DemoProgramTest {

    @Test
    @Timeout(60)
    void narratesTimeoutsTheBreakerOpeningTheFallbackAndTheProbeThatClosesItThenTheRunWithoutTheBreaker() throws Exception {
        var bytes = new ByteArrayOutputStream();
        DemoProgram demo = new DemoProgram(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        // Phases of 2 s rather than 1.5: the recovered phase must hold an open wait and two probes on a loaded machine.
        demo.run(CommandLine.parse("demo", demo.options(), "--phase", "2s"));
        String out = bytes.toString(StandardCharsets.UTF_8);

        String withBreaker = out.substring(out.indexOf("-- run 1"), out.indexOf("-- run 2"));
        assertTrue(withBreaker.contains("phase slow: the dependency answers in 2000 ms"), out);
        assertTrue(withBreaker.contains("breaker dependency: CLOSED -> OPEN ("), out);
        assertTrue(withBreaker.contains("breaker dependency: OPEN -> HALF_OPEN (open for PT0.5S, probing)"), out);
        assertTrue(withBreaker.contains("ALARM dependency: fallback answering for"), out);
        assertTrue(withBreaker.contains("breaker dependency: HALF_OPEN -> CLOSED (2 probes succeeded)"), out);
        assertTrue(withBreaker.contains("CLEARED dependency: live again after"), out);
        assertTrue(withBreaker.contains("end: breaker "), out); // CLOSED, unless a loaded machine timed out five calls since

        String withoutBreaker = out.substring(out.indexOf("-- run 2"), out.indexOf("-- what it shows"));
        assertTrue(withoutBreaker.contains("end: no breaker"), out);
        assertTrue(!withoutBreaker.contains("breaker dependency:"), out);
        assertEquals(2, out.split("busy mean/max", -1).length - 1, "one table per run");

        Matcher called = Pattern.compile("the dependency was called (\\d+) times with the breaker, (\\d+) times without").matcher(out);
        assertTrue(called.find(), out);
        assertTrue(Long.parseLong(called.group(1)) * 5 < Long.parseLong(called.group(2)), "the breaker spared the dependency: " + called.group());
        Matcher alarms = Pattern.compile("raised (\\d+) and (\\d+) alarms").matcher(out);
        assertTrue(alarms.find(), out);
        assertTrue(Integer.parseInt(alarms.group(1)) >= 1 && Integer.parseInt(alarms.group(2)) >= 1, "both outages raised an alarm: " + alarms.group());
    }

    @Test
    void refusesAnOpenWaitThatLeavesNoTimeToProbeWithinAPhase() throws Exception {
        DemoProgram demo = new DemoProgram(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
                () -> demo.run(CommandLine.parse("demo", demo.options(), "--phase", "1s", "--open-wait", "800ms", "--timeout", "200ms")));
        assertEquals("--open-wait 800ms plus --timeout 200ms must be shorter than --phase 1s, or the breaker cannot probe within a phase", e.getMessage());
    }
}
