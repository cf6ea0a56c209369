package book.ch01.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing is strict, so a typo is an error that names the option rather than a silent default. */
class CommandLineTest {

    static final List<Option> OPTIONS = List.of(
            Option.value("port", "PORT", "0", "port"),
            Option.value("timeout", "DURATION", "2s", "timeout"),
            Option.flag("verbose", "talk more"));

    @Test
    void readsValuesInBothFormsAndFallsBackToDefaults() throws UsageException {
        CommandLine cmd = CommandLine.parse("p", OPTIONS, "--port", "7000", "--timeout=250ms");
        assertEquals(7000, cmd.integer("port", 0, 65535));
        assertEquals(Duration.ofMillis(250), cmd.duration("timeout"));
        assertFalse(cmd.flag("verbose"));
        assertEquals(Duration.ofSeconds(2), CommandLine.parse("p", OPTIONS).duration("timeout"));
    }

    @Test
    void namesTheOptionAndTheBadValue() {
        var e = assertThrows(UsageException.class,
                () -> CommandLine.parse("p", OPTIONS, "--port", "seventy").integer("port", 0, 65535));
        assertEquals("option --port wants a whole number, not 'seventy'", e.getMessage());
        e = assertThrows(UsageException.class,
                () -> CommandLine.parse("p", OPTIONS, "--port", "70000").integer("port", 0, 65535));
        assertEquals("option --port must be between 0 and 65535, not 70000", e.getMessage());
        e = assertThrows(UsageException.class,
                () -> CommandLine.parse("p", OPTIONS, "--timeout", "soon").duration("timeout"));
        assertTrue(e.getMessage().startsWith("option --timeout wants a duration"), e.getMessage());
    }

    @Test
    void aTimeoutMustBeAtLeastOneMillisecondBecauseZeroMeansForeverToASocket() throws UsageException {
        assertEquals(Duration.ofMillis(1), CommandLine.parse("p", OPTIONS, "--timeout", "1ms").timeout("timeout"));
        for (String forever : List.of("0s", "0ms", "-5s")) {
            var e = assertThrows(UsageException.class,
                    () -> CommandLine.parse("p", OPTIONS, "--timeout", forever).timeout("timeout"));
            assertEquals("option --timeout must be at least 1ms, not '" + forever + "'", e.getMessage());
        }
    }

    @Test
    void rejectsUnknownOptionsMissingValuesAndValuesOnFlags() {
        assertEquals("unknown option --prot", assertThrows(UsageException.class,
                () -> CommandLine.parse("p", OPTIONS, "--prot", "1")).getMessage());
        assertEquals("option --port needs a value (PORT)", assertThrows(UsageException.class,
                () -> CommandLine.parse("p", OPTIONS, "--port")).getMessage());
        assertEquals("option --verbose takes no value", assertThrows(UsageException.class,
                () -> CommandLine.parse("p", OPTIONS, "--verbose=yes")).getMessage());
    }
}
