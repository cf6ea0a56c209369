package book.ch02;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch02.cli.Program;
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
import org.junit.jupiter.params.provider.CsvSource;
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
        @MethodSource("book.ch02.MainTest#programNames")
        void explainsItselfWithHelp(String name) {
            Run run = run(name, "--help");
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().startsWith("usage: java -jar chapter02-errors.jar " + name), run.out());
            assertTrue(run.out().contains("--help"), run.out());
        }

        @ParameterizedTest
        @MethodSource("book.ch02.MainTest#programNames")
        void rejectsAWrongOptionWithOneLineAndTheUsageNeverAStackTrace(String name) {
            Run run = run(name, "--no-such-option", "1");
            assertEquals(2, run.code());
            String first = run.err().lines().findFirst().orElse("");
            assertEquals("error: unknown option --no-such-option", first);
            assertTrue(run.err().contains("usage: java -jar chapter02-errors.jar " + name), run.err());
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
        @MethodSource("book.ch02.MainTest#programNames")
        void refusesAStrayArgument(String name) {
            Run run = run(name, "stray");
            assertEquals(2, run.code());
            assertTrue(run.err().startsWith("error: unexpected argument 'stray'"), run.err());
        }
    }

    /** The fault proxy's command lines the readers of the first edition found accepted. */
    @Nested
    class FaultProxyCommandLines {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "--latency 99999999999999ms   | error: option --latency '99999999999999ms' is out of range 1ms..1m",
            "--idle-timeout 2147483648ms  | error: option --idle-timeout '2147483648ms' is out of range 1ms..1h",
            "--idle-timeout 0s            | error: option --idle-timeout '0s' is out of range 1ms..1h",
            "--bandwidth 17592186044417m  | error: option --bandwidth '17592186044417m' is out of range 1..1g",
            "--jitter 5ms                 | error: option --jitter needs --latency",
            "--slice-delay 5ms            | error: option --slice-delay needs --slice",
            "--latency 5ms extra          | error: unexpected argument 'extra' (options start with --)",
        })
        void areRefusedInOneLineWithExitCode2(String args, String expected) {
            String[] argv = ("fault-proxy --upstream 9 " + args.strip()).split(" +");
            Run run = run(argv);
            assertEquals(2, run.code(), run.err());
            assertEquals(expected.strip(), run.err().lines().findFirst().orElse(""));
        }

        @Test
        void anHourIsAnAcceptedIdleTimeout() throws Exception {
            var program = new book.ch02.proxy.program.FaultProxyProgram();
            var cmd = book.ch02.cli.CommandLine.parse(program.name(), program.options(),
                    "--upstream", "9", "--idle-timeout", "1h");
            assertEquals(java.time.Duration.ofHours(1), cmd.duration("idle-timeout"));
        }
    }
}
