package book.ch02.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch02.cli.CommandLine;
import book.ch02.cli.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The {@code classify} program: the classifier's verdict for a failure named on the command line. */
class ClassifyProgramTest {

    static String run(String... args) throws Exception {
        var bytes = new ByteArrayOutputStream();
        var program = new ClassifyProgram(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        program.run(CommandLine.parse(program.name(), program.options(), args));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class Verdicts {
        @Test
        void a503MayHaveBeenProcessedSoAPostWithoutAKeyIsNotRepeated() throws Exception {
            String out = run("--status", "503", "--retry-after", "2");
            assertTrue(out.startsWith("decision:  RETRYABLE_IF_IDEMPOTENT\n"), out);
            assertTrue(out.contains("transient: yes\nprocessed: the request may have been processed\n"), out);
            assertTrue(out.contains("Retry-After: 2"), out);
            assertTrue(out.endsWith("retry POST: no\n"), out);
            assertTrue(run("--status", "503", "--method", "PUT").endsWith("retry PUT: yes\n"));
            assertTrue(run("--status", "503", "--idempotency-key").endsWith("retry POST with an idempotency key: yes\n"));
        }

        @Test
        void aConnectExceptionIsRetryableAndWasNotProcessed() throws Exception {
            String out = run("--exception", "java.net.ConnectException", "--phase", "connecting");
            assertTrue(out.startsWith("decision:  RETRYABLE\nkind:      REFUSED"), out);
            assertTrue(out.contains("the request was not processed"), out);
            assertTrue(out.endsWith("retry POST: yes\n"), out);
        }

        @Test
        void aConnectExceptionAfterARedirectMayHaveBeenProcessed() throws Exception {
            String out = run("--exception", "java.net.ConnectException", "--phase", "following-redirect");
            assertTrue(out.startsWith("decision:  RETRYABLE_IF_IDEMPOTENT\n"), out);
        }

        @Test
        void aReadTimeoutAfterSendingNeedsAnIdempotentRequest() throws Exception {
            String out = run("--exception", "java.net.SocketTimeoutException", "--phase", "awaiting-response");
            assertTrue(out.startsWith("decision:  RETRYABLE_IF_IDEMPOTENT\n"), out);
        }

        @Test
        void theCauseIsReadToo() throws Exception {
            String out = run("--exception", "java.net.ConnectException", "--cause",
                    "java.nio.channels.UnresolvedAddressException");
            assertTrue(out.contains("kind:      UNKNOWN_HOST"), out);
        }
    }

    @Nested
    class BadCommandLines {
        @Test
        void needsExactlyOneOfStatusOrException() {
            assertEquals("give exactly one of --status or --exception",
                    assertThrows(UsageException.class, () -> run()).getMessage());
            assertThrows(UsageException.class, () -> run("--status", "500", "--exception", "java.io.IOException"));
        }

        @Test
        void refusesOptionsThatBelongToTheOtherKind() {
            assertEquals("option --retry-after needs --status",
                    assertThrows(UsageException.class, () -> run("--exception", "java.io.IOException", "--retry-after", "1"))
                            .getMessage());
            assertEquals("option --cause needs --exception",
                    assertThrows(UsageException.class, () -> run("--status", "500", "--cause", "java.io.IOException"))
                            .getMessage());
            assertEquals("option --phase needs --exception",
                    assertThrows(UsageException.class, () -> run("--status", "500", "--phase", "sending")).getMessage());
        }

        @Test
        void rejectsAClassThatIsNotAThrowableOrThatDoesNotExist() {
            assertEquals("option --exception 'java.lang.String' is not a Throwable",
                    assertThrows(UsageException.class, () -> run("--exception", "java.lang.String")).getMessage());
            assertEquals("option --exception 'no.Such' names no class",
                    assertThrows(UsageException.class, () -> run("--exception", "no.Such")).getMessage());
            assertEquals("option --cause 'java.io.UncheckedIOException' has no public () or (String) constructor",
                    assertThrows(UsageException.class, () -> run("--exception", "java.io.IOException",
                            "--cause", "java.io.UncheckedIOException")).getMessage());
        }

        @Test
        void rejectsAnUnknownPhaseAndAStatusOutOfRange() {
            assertThrows(UsageException.class, () -> run("--exception", "java.io.IOException", "--phase", "later"));
            assertThrows(UsageException.class, () -> run("--status", "1000"));
        }
    }
}
