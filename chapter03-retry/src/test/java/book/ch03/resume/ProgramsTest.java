package book.ch03.resume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.cli.CommandLine;
import book.ch03.cli.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
