package book.ch03.resume.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a file's first bytes, as both sides of a resumable transfer compute it: the
 * client and the server each hash what they hold and compare before building on it. Kept
 * running (a {@link MessageDigest} that can be copied) so appending a chunk costs only that chunk.
 */
public final class Sha256 {

    /** The largest read from a file or a body at a time, in bytes. */
    public static final int BUFFER_BYTES = 64 * 1024;

    private Sha256() {
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }

    /** The running digest after the first {@code count} bytes of {@code file}. */
    public static MessageDigest ofPrefix(Path file, long count) throws IOException {
        MessageDigest sha256 = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (long left = count; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("file " + file + " is shorter than " + count + " bytes");
                }
                sha256.update(buffer, 0, n);
                left -= n;
            }
        }
        return sha256;
    }

    /** A copy, so that {@code digest()} on it leaves the running state of the original intact. */
    public static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
    }

    /** The hex of what {@code digest} has seen so far, leaving it running. */
    public static String hexSoFar(MessageDigest digest) {
        return hex(copy(digest).digest());
    }

    /** Lower-case hex, as the protocol's headers and the checkpoint carry it. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The hex SHA-256 of a whole file. */
    public static String ofFile(Path file) throws IOException {
        return hex(ofPrefix(file, Files.size(file)).digest());
    }
}
