package book.ch03;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.cli.Program;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        @MethodSource("book.ch03.MainTest#programNames")
        void explainsItselfWithHelp(String name) {
            Run run = run(name, "--help");
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().startsWith("usage: java -jar chapter03-retry.jar " + name), run.out());
            assertTrue(run.out().contains("--help"), run.out());
        }

        @ParameterizedTest
        @MethodSource("book.ch03.MainTest#programNames")
        void rejectsAWrongOptionWithOneLineAndTheUsageNeverAStackTrace(String name) {
            Run run = run(name, "--no-such-option", "1");
            assertEquals(2, run.code());
            String first = run.err().lines().findFirst().orElse("");
            assertEquals("error: unknown option --no-such-option", first);
            assertTrue(run.err().contains("usage: java -jar chapter03-retry.jar " + name), run.err());
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
        @MethodSource("book.ch03.MainTest#programNames")
        void refusesAStrayArgument(String name) {
            Run run = run(name, "stray");
            assertEquals(2, run.code());
            assertTrue(run.err().startsWith("error: unexpected argument 'stray'"), run.err());
        }
    }

    /** Issue #8 section 6: each of these was accepted, then failed late, silently or with a stack trace. */
    @Nested
    class BadInputIsRefusedBeforeAnyWork {
        @TempDir
        Path dir;

        /** A port nothing listens on: a program that got as far as the network would fail with 1, not 2. */
        static final String DEAD_PORT = "1";

        private void refusedInOneLine(String expectedFirstLine, String... args) {
            Run run = run(args);
            assertEquals(2, run.code(), run.err());
            assertEquals("error: " + expectedFirstLine, run.err().lines().findFirst().orElse(""));
            assertEquals("", run.out(), "no work was done");
            assertFalse(run.err().contains("\tat "), run.err());
        }

        @Test
        void herdChecksItsOutputFolderBeforeTheSweep() {
            refusedInOneLine("option --out '/nonexistent/x.svg': folder /nonexistent does not exist",
                    "herd", "--out", "/nonexistent/x.svg");
        }

        @Test
        void retryGetRefusesANegativeBackoffFactor() {
            refusedInOneLine("option --backoff-factor '-1s' is out of range 1ms..30s",
                    "retry-get", "--port", DEAD_PORT, "--backoff-factor", "-1s");
        }

        @Test
        void uploadClientRefusesACheckpointInAMissingFolderBeforeOpeningAnUpload() throws IOException {
            Path file = Files.writeString(dir.resolve("f.bin"), "data");
            refusedInOneLine("option --checkpoint '/nonexistent/dir/cp': folder /nonexistent/dir does not exist",
                    "upload-client", "--port", DEAD_PORT, "--file", file.toString(), "--checkpoint", "/nonexistent/dir/cp");
        }

        @Test
        void uploadServerRefusesADirThatIsAFile() throws IOException {
            Path file = Files.writeString(dir.resolve("plain"), "x");
            refusedInOneLine("option --dir '" + file + "' is not a directory", "upload-server", "--dir", file.toString());
        }

        @Test
        void rangeGetRefusesAPathWithoutItsSlash() {
            refusedInOneLine("option --path 'x' is not a URL path such as /uploads/ID",
                    "range-get", "--port", DEAD_PORT, "--path", "x", "--out", dir.resolve("o").toString());
        }

        @Test
        void retryGetRefusesAPathThatIsNoUri() {
            refusedInOneLine("option --path '/a b' is not a valid URL path: Illegal character in path",
                    "retry-get", "--port", DEAD_PORT, "--path", "/a b");
        }
    }
}
