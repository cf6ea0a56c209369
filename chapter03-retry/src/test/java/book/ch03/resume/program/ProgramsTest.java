package book.ch03.resume.program;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.cli.CommandLine;
import book.ch03.cli.UsageException;
import book.ch03.resume.upload.client.ResumableUploader;
import book.ch03.resume.upload.server.UploadServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramsTest {

    @TempDir
    Path dir;

    @Nested
    class UploadAndDownload {
        @Test
        void serverClientAndRangeGetMoveAFileThereAndBack() throws Exception {
            byte[] content = new byte[300_000];
            new SplittableRandom(11).nextBytes(content);
            Path file = dir.resolve("in.bin");
            Files.write(file, content);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
            try (UploadServer server = UploadServerProgram.start(0, dir.resolve("uploads"), out)) {
                int port = server.address().getPort();
                ResumableUploader.Result up = UploadClientProgram.upload(port, file, dir.resolve("in.ckpt"), 64 * 1024, 1, out);
                Path back = dir.resolve("back.bin");
                RangeGetProgram.get(port, up.uploadPath(), back, 3, out);
                assertArrayEquals(content, Files.readAllBytes(back));
                String text = log.toString(StandardCharsets.UTF_8);
                assertTrue(text.startsWith("listening on 127.0.0.1:" + port), text);
                assertTrue(text.contains("new upload: no checkpoint"), text);
                assertTrue(text.contains("sha256 " + up.sha256()), text);
            }
        }
    }

    /** Issue #8 section 3: the programs use the chapter's retry loop, classifier and backoff, and name the cause. */
    @Nested
    class RetryingLikeTheChapterSays {
        @Test
        void uploadClientAgainstADeadPortBacksOffAndNamesTheCauseNotNull() throws Exception {
            Path file = Files.writeString(dir.resolve("f.bin"), "data");
            int dead;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                dead = s.getLocalPort();
            }
            List<Long> sleeps = new ArrayList<>();
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            int port = dead;
            IOException e = assertThrows(IOException.class, () -> UploadClientProgram.upload(port, file,
                    dir.resolve("f.ckpt"), 1024, 3, new PrintStream(log, true, StandardCharsets.UTF_8), sleeps::add));
            assertEquals(2, sleeps.size(), "a backoff before each of the two retries, not at once: " + sleeps);
            assertTrue(sleeps.stream().allMatch(ms -> ms >= 0 && ms < 30_000), sleeps.toString());
            String text = log.toString(StandardCharsets.UTF_8);
            assertFalse(text.contains("null") || e.getMessage().contains("null"), text + e.getMessage());
            assertTrue(text.startsWith("run 1 broke: ConnectException"), text);
            assertTrue(e.getMessage().startsWith("upload to 127.0.0.1:" + port + " failed: ConnectException"), e.getMessage());
        }

        @Test
        void rangeGetDoesNotRetryA404AndSaysSo() throws Exception {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
            try (UploadServer server = UploadServerProgram.start(0, dir.resolve("uploads"), out)) {
                IOException e = assertThrows(IOException.class, () -> RangeGetProgram.get(server.address().getPort(),
                        "/uploads/no-such-upload", dir.resolve("x.bin"), 5, out));
                assertTrue(e.getMessage().contains("got 404"), e.getMessage());
                String text = log.toString(StandardCharsets.UTF_8);
                assertTrue(text.contains("attempt 1: NOT_RETRYABLE"), text);
                assertFalse(text.contains("attempt 2"), text);
            }
        }
    }

    @Nested
    class CommandLines {
        @Test
        void uploadClientWithoutAFileIsAUsageError() throws Exception {
            UploadClientProgram program = new UploadClientProgram();
            CommandLine cmd = CommandLine.parse(program.name(), program.options(), "--port", "1");
            var e = assertThrows(UsageException.class, () -> program.run(cmd));
            assertEquals("option --file is required", e.getMessage());
        }

        @Test
        void uploadClientWithAMissingFileNamesIt() throws Exception {
            UploadClientProgram program = new UploadClientProgram();
            Path missing = dir.resolve("nope.bin");
            CommandLine cmd = CommandLine.parse(program.name(), program.options(), "--port", "1", "--file", missing.toString());
            var e = assertThrows(UsageException.class, () -> program.run(cmd));
            assertEquals("option --file '" + missing + "' is not a readable file", e.getMessage());
        }
    }

    @Nested
    class Demo {
        @Test
        void narratesOneChargeTwoChargesAndAMatchingResumedUpload() throws Exception {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            TransferDemo.run(new PrintStream(log, true, StandardCharsets.UTF_8));
            String text = log.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("the ledger holds 1 charge: charged exactly once"), text);
            assertTrue(text.contains("the ledger holds 2 charges: the customer paid twice"), text);
            assertTrue(text.contains("client killed"), text);
            assertTrue(text.contains("resumed at the server's offset"), text);
            assertTrue(text.contains(" match"), text);
        }
    }
}
