package book.ch03.resume.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
    }
}
