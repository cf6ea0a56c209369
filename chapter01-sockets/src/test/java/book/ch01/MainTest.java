package book.ch01;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.cli.Program;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The jar's front door: it lists its programs, explains each, and rejects a wrong command line in one line. */
class MainTest {

    /** What one run of the launcher printed and returned. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Stream<String> programNames() {
        return Main.PROGRAMS.stream().map(Program::name);
    }

    @Nested
    class Listing {
        @Test
        void withoutArgumentsListsEveryProgramWithItsSummary() {
            Run run = run();
            assertEquals(0, run.code());
            for (Program p : Main.PROGRAMS) {
                assertTrue(run.out().contains(p.name()) && run.out().contains(p.summary()), p.name());
            }
        }

        @Test
        void programNamesAreUnique() {
            Set<String> seen = new HashSet<>();
            Main.PROGRAMS.forEach(p -> assertTrue(seen.add(p.name()), "duplicate program " + p.name()));
        }

        @Test
        void anUnknownProgramIsAnErrorThatListsTheKnownOnes() {
            Run run = run("no-such-program");
            assertEquals(2, run.code());
            assertTrue(run.err().startsWith("error: no program named 'no-such-program'"), run.err());
            assertTrue(run.err().contains("programs:"), run.err());
        }
    }

    @Nested
    class EachProgram {
        @ParameterizedTest
        @MethodSource("book.ch01.MainTest#programNames")
        void explainsItselfWithHelp(String name) {
            Run run = run(name, "--help");
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().startsWith("usage: java -jar chapter01-sockets.jar " + name), run.out());
            assertTrue(run.out().contains("--help"), run.out());
        }

        @ParameterizedTest
        @MethodSource("book.ch01.MainTest#programNames")
        void rejectsAWrongOptionWithOneLineAndTheUsageNeverAStackTrace(String name) {
            Run run = run(name, "--no-such-option", "1");
            assertEquals(2, run.code());
            String first = run.err().lines().findFirst().orElse("");
            assertEquals("error: unknown option --no-such-option", first);
            assertTrue(run.err().contains("usage: java -jar chapter01-sockets.jar " + name), run.err());
            assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        }
    
        static Stream<Arguments> hostileValues() {
            return Main.PROGRAMS.stream().flatMap(p -> p.options().stream()
                    .filter(o -> !o.isFlag())
                    .flatMap(o -> o.type().hostileExamples().stream()
                            .map(v -> Arguments.of(p.name(), o.name(), v))));
        }

        /** Every value option of every program, fed what a careless or hostile user types. */
        @ParameterizedTest(name = "{0} --{1} ''{2}''")
        @MethodSource("hostileValues")
        void refusesAHostileValueInOneLineNamingOptionValueAndRange(String program, String option, String value) {
            Run run = run(program, "--" + option, value);
            assertEquals(2, run.code(), run.err());
            String first = run.err().lines().findFirst().orElse("");
            assertTrue(first.startsWith("error: option --" + option + " '" + value + "' "), first);
            assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        }

        @ParameterizedTest
        @MethodSource("book.ch01.MainTest#programNames")
        void refusesAStrayArgument(String name) {
            Run run = run(name, "stray");
            assertEquals(2, run.code());
            assertTrue(run.err().startsWith("error: unexpected argument 'stray'"), run.err());
        }
    }

    /** The readers' reports, each a one-line usage error before any work. */
    @Nested
    class ReportedCommandLines {
        @Test
        void aZeroReadTimeoutNamesTheOptionTheValueAsTypedAndTheRange() {
            Run run = run("echo-server", "--read-timeout", "0s");
            assertEquals(2, run.code());
            assertEquals("error: option --read-timeout '0s' is out of range 1ms..24h",
                    run.err().lines().findFirst().orElse(""));
        }

        @Test
        void aPathWithASpaceIsAUsageErrorBeforeAnyRequest() {
            Run run = run("http-client", "--port", "1", "--path", "/a b");
            assertEquals(2, run.code(), run.err());
            assertEquals("error: option --path '/a b' is not a URL path: Illegal character in path at index 18"
                    + " (write a space as %20)", run.err().lines().findFirst().orElse(""));
        }

        @Test
        void aPathThatNamesAnotherHostOrAFragmentIsRefused() {
            assertTrue(run("http-client", "--port", "1", "--path", "//example.com/x").err()
                    .startsWith("error: option --path '//example.com/x' must start with a single '/'"));
            assertTrue(run("http-client", "--port", "1", "--path", "/x#y").err()
                    .startsWith("error: option --path '/x#y' has a fragment"));
        }

        @Test
        void aFramedClientFrameLargerThanItsLimitIsRefused() {
            Run run = run("framed-echo-client", "--port", "1", "--size", "2m");
            assertEquals(2, run.code());
            assertEquals("error: option --size '2m' is larger than --max-frame 1048576",
                    run.err().lines().findFirst().orElse(""));
        }
    }
}
