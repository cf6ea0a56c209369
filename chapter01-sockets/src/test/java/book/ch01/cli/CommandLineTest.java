package book.ch01.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The command line refuses what it cannot run with, in one line naming option, value and range. */
class CommandLineTest {

    static final List<Option> OPTIONS = List.of(
            Option.duration("wait", "2s", Duration.ofMillis(1), Duration.ofHours(1), "how long"),
            Option.integer("count", "N", "3", 1, 100, "how many"),
            Option.bytes("rate", null, 1, 1L << 30, "bytes a second"),
            Option.decimal("p", "P", "0.5", 0, 1, "a probability"),
            Option.choice("mode", "up", "which way", "up", "down"),
            Option.port("port", "0", "where"),
            Option.flag("verbose", "say more"));

    static String refusal(String... args) {
        return assertThrows(UsageException.class, () -> CommandLine.parse("t", OPTIONS, args)).getMessage();
    }

    @Nested
    class Values {
        @Test
        void parsesEveryKindAtItsBoundsAndDefaults() throws UsageException {
            CommandLine cmd = CommandLine.parse("t", OPTIONS, "--wait", "1h", "--count", "100", "--rate", "1g",
                    "--p", "0", "--mode=down", "--port", "65535", "--verbose");
            assertEquals(Duration.ofHours(1), cmd.duration("wait"));
            assertEquals(100, cmd.integer("count"));
            assertEquals(1L << 30, cmd.bytes("rate"));
            assertEquals(0.0, cmd.decimal("p"));
            assertEquals("down", cmd.string("mode"));
            assertEquals(65535, cmd.integer("port"));
            assertTrue(cmd.flag("verbose"));
            CommandLine defaults = CommandLine.parse("t", OPTIONS);
            assertEquals(Duration.ofSeconds(2), defaults.duration("wait"));
            assertEquals(3, defaults.integer("count"));
            assertFalse(defaults.has("rate"));
            assertFalse(defaults.flag("verbose"));
        }

        @Test
        void readsEveryDurationUnit() throws UsageException {
            for (var c : List.of(List.of("1ms", Duration.ofMillis(1)), List.of("7s", Duration.ofSeconds(7)),
                    List.of("5m", Duration.ofMinutes(5)), List.of("1h", Duration.ofHours(1)))) {
                assertEquals(c.get(1), CommandLine.parse("t", OPTIONS, "--wait", (String) c.get(0)).duration("wait"));
            }
        }

        @Test
        void aMissingValueWithoutDefaultIsRequired() throws UsageException {
            CommandLine cmd = CommandLine.parse("t", OPTIONS);
            assertEquals("option --rate is required",
                    assertThrows(UsageException.class, () -> cmd.bytes("rate")).getMessage());
        }
    }

    @Nested
    class Refusals {
        @Test
        void outOfRangeNamesOptionValueAsTypedAndRange() {
            assertEquals("option --wait '0ms' is out of range 1ms..1h", refusal("--wait", "0ms"));
            assertEquals("option --wait '3601s' is out of range 1ms..1h", refusal("--wait", "3601s"));
            assertEquals("option --count '101' is out of range 1..100", refusal("--count", "101"));
            assertEquals("option --count '0' is out of range 1..100", refusal("--count", "0"));
            assertEquals("option --p '1.01' is out of range 0.0..1.0", refusal("--p", "1.01"));
        }

        @Test
        void overflowIsOutOfRangeNotAWrapAround() {
            assertEquals("option --wait '99999999999999m' is out of range 1ms..1h", refusal("--wait", "99999999999999m"));
            assertEquals("option --rate '17592186044417m' is out of range 1..1g", refusal("--rate", "17592186044417m"));
            assertTrue(refusal("--count", "99999999999999999999").startsWith("option --count '99999999999999999999' is not a whole number"));
        }

        @Test
        void malformedValuesSayWhatIsExpected() {
            assertTrue(refusal("--wait", "2").contains("is not a duration such as 250ms"));
            assertTrue(refusal("--p", "NaN").contains("is out of range"));
            assertEquals("option --mode 'sideways' is not one of up|down", refusal("--mode", "sideways"));
        }

        @Test
        void strayUnknownRepeatedAndValuelessOptionsAreRefused() {
            assertEquals("unexpected argument 'x' (options start with --)", refusal("x"));
            assertEquals("unknown option --nope", refusal("--nope"));
            assertEquals("option --count given twice", refusal("--count", "1", "--count", "2"));
            assertEquals("option --count needs a value (N)", refusal("--count"));
            assertEquals("option --verbose takes no value", refusal("--verbose=yes"));
        }

        @Test
        void everyHostileExampleOfEveryTypeIsRefused() {
            for (Option o : OPTIONS) {
                if (o.isFlag()) {
                    continue;
                }
                for (String bad : o.type().hostileExamples()) {
                    assertTrue(refusal("--" + o.name(), bad).startsWith("option --" + o.name() + " '" + bad + "' "),
                            o.name() + " " + bad);
                }
            }
        }

        @Test
        void anOptionOnlyMeaningfulBesideAnotherIsRefusedAlone() throws UsageException {
            List<Option> options = List.of(Option.duration("latency", null, Duration.ZERO, Duration.ofMinutes(1), "delay"),
                    Option.duration("jitter", null, Duration.ZERO, Duration.ofMinutes(1), "spread"));
            CommandLine cmd = CommandLine.parse("t", options, "--jitter", "5ms");
            assertEquals("option --jitter needs --latency",
                    assertThrows(UsageException.class, () -> cmd.requireWith("jitter", "latency")).getMessage());
        }
    }

    @Test
    void usageShowsEachRangeAndDefault() {
        String usage = CommandLine.usage(new Program() {
            public String name() { return "t"; }
            public String summary() { return "a test"; }
            public List<Option> options() { return OPTIONS; }
            public void run(CommandLine cmd) { }
        });
        assertTrue(usage.contains("--wait DURATION") && usage.contains("[1ms..1h] (default 2s)"), usage);
        assertTrue(usage.contains("[1..100] (default 3)"), usage);
    }
}
