package book.ch03.resume.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {

    private static final Checkpoint CHECKPOINT = new Checkpoint("/data/video.bin", 1_000_000,
            "/uploads/0123456789abcdef0123456789abcdef", 262_144, "ab".repeat(32));

    @TempDir
    Path dir;

    @Nested
    class RoundTrip {
        @Test
        void savedCheckpointLoadsBackEqual() throws Exception {
            CheckpointFile file = new CheckpointFile(dir.resolve("upload.ckpt"));
            file.save(CHECKPOINT);
            assertEquals(CHECKPOINT, file.load().orElseThrow());
        }

        @Test
        void missingFileMeansNoCheckpoint() throws Exception {
            assertTrue(new CheckpointFile(dir.resolve("none.ckpt")).load().isEmpty());
        }

        @Test
        void atomicReplaceLeavesNoTemporaryFilesBehind() throws Exception {
            CheckpointFile file = new CheckpointFile(dir.resolve("upload.ckpt"));
            for (int i = 1; i <= 5; i++) {
                file.save(CHECKPOINT.advancedTo(i * 1000L, "cd".repeat(32)));
            }
            try (var files = Files.list(dir)) {
                assertEquals(List.of(dir.resolve("upload.ckpt")), files.toList());
            }
            assertEquals(5000, file.load().orElseThrow().offset());
        }
    }

    @Nested
    class Damage {
        @Test
        void everySingleBitFlipIsDetected() {
            byte[] good = CheckpointFile.encode(CHECKPOINT);
            for (int i = 0; i < good.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] bad = good.clone();
                    bad[i] ^= (byte) (1 << bit);
                    int at = i;
                    assertThrows(CorruptCheckpointException.class, () -> CheckpointFile.decode(bad),
                            "flip at byte " + at + " went unnoticed");
                }
            }
        }

        @Test
        void everyTruncationIsDetected() {
            byte[] good = CheckpointFile.encode(CHECKPOINT);
            for (int length = 0; length < good.length; length++) {
                byte[] cut = Arrays.copyOf(good, length);
                assertThrows(CorruptCheckpointException.class, () -> CheckpointFile.decode(cut), "cut at " + length);
            }
        }

        @Test
        void messagesNameTheProblem() throws Exception {
            byte[] good = CheckpointFile.encode(CHECKPOINT);
            var truncated = assertThrows(CorruptCheckpointException.class,
                    () -> CheckpointFile.decode(Arrays.copyOf(good, good.length / 2)));
            assertEquals("checkpoint is truncated: its crc32c line is missing or cut", truncated.getMessage());
            byte[] flipped = good.clone();
            flipped[30] ^= 1;
            var mismatch = assertThrows(CorruptCheckpointException.class, () -> CheckpointFile.decode(flipped));
            assertTrue(mismatch.getMessage().startsWith("checkpoint checksum mismatch: stored crc32c "), mismatch.getMessage());
            Path huge = dir.resolve("huge.ckpt");
            Files.write(huge, new byte[CheckpointFile.MAX_BYTES + 1]);
            var tooBig = assertThrows(CorruptCheckpointException.class, () -> new CheckpointFile(huge).load());
            assertTrue(tooBig.getMessage().endsWith("over the 8192-byte limit"), tooBig.getMessage());
        }

        @Test
        void aFileOfExactlyTheLimitIsReadAndJudgedByItsContent() throws Exception {
            Path limit = dir.resolve("limit.ckpt");
            Files.write(limit, new byte[CheckpointFile.MAX_BYTES]);
            CheckpointFile file = new CheckpointFile(limit);
            assertEquals(limit, file.path());
            var e = assertThrows(CorruptCheckpointException.class, file::load);
            assertEquals("checkpoint is truncated: its crc32c line is missing or cut", e.getMessage());
        }

        @Test
        void aChecksumOverNothingStillNeedsTheFields() throws Exception {
            // a crc32c line at the very start, with the right checksum of the nothing before it
            byte[] onlyCrc = "crc32c=00000000\n".getBytes(StandardCharsets.US_ASCII);
            var e = assertThrows(CorruptCheckpointException.class, () -> CheckpointFile.decode(onlyCrc));
            assertTrue(e.getMessage().startsWith("checkpoint does not start with 'upload-checkpoint 1'"), e.getMessage());
        }

        @Test
        void aWrongFieldIsNamedWithItsLineNumber() {
            String body = new String(CheckpointFile.encode(CHECKPOINT), StandardCharsets.UTF_8);
            String swapped = body.substring(0, body.indexOf("crc32c=")).replace("length=", "size=");
            byte[] bytes = swapped.getBytes(StandardCharsets.UTF_8);
            CRC32C crc = new CRC32C();
            crc.update(bytes);
            byte[] resealed = (swapped + "crc32c=" + String.format("%08x", crc.getValue()) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            var e = assertThrows(CorruptCheckpointException.class, () -> CheckpointFile.decode(resealed));
            assertEquals("checkpoint line 3 should start with 'length='", e.getMessage());
        }
    }

    @Nested
    class Fields {

        @Test
        void anEmptyFileAndAFinishedUploadAreValidCheckpoints() {
            String sha = "ab".repeat(32);
            assertEquals(0, new Checkpoint("/f", 0, "/uploads/x", 0, sha).offset());
            assertEquals(10, new Checkpoint("/f", 10, "/uploads/x", 10, sha).offset());
        }

        @Test
        void refusesAnOffsetOutsideTheFileOrANegativeLength() {
            String sha = "ab".repeat(32);
            assertEquals("offset 11 must be within the length 10", assertThrows(IllegalArgumentException.class,
                    () -> new Checkpoint("/f", 10, "/uploads/x", 11, sha)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Checkpoint("/f", 10, "/uploads/x", -1, sha));
            assertThrows(IllegalArgumentException.class, () -> new Checkpoint("/f", -1, "/uploads/x", 0, sha));
        }
    }
}
