package book.ch03.resume.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small file so that a crash at any instant leaves either the old content or the
 * new, never a torn mix: write a temporary file in the same directory, force it to disk,
 * rename it over the target atomically, then force the directory so the rename itself
 * survives a power cut. Writing the file in place is the pitfall this class exists to avoid.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    // tag::atomic-write[]
    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true); // the bytes are on disk before the name points at them
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp); // only left behind if something above failed
        }
        forceDirectory(dir);
    }
    // end::atomic-write[]

    /** Makes a rename durable. Linux allows fsync on a directory; where the OS refuses, the rename is still atomic. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; atomicity does not depend on this step
        }
    }
}
