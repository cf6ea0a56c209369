package book.ch02.checksum;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads frames in the {@link FrameLayout} and hands out only payloads whose CRC32C matches.
 * Protects against the three ways bytes go wrong on the way: changed (a
 * {@link ChecksumMismatchException} with both values), cut short (an {@link EOFException} saying
 * how much arrived) and absurd (a {@link FrameTooLargeException} before any allocation).
 * After any of them the stream is out of step: the caller must close the connection.
 *
 * <p>Copyable unit "checksummed-frames": this class, {@code ChecksummedFrameWriter},
 * {@code FrameLayout}, {@code ChecksumMismatchException} and {@code FrameTooLargeException}; the
 * JDK alone. Default limit 1 MiB of payload ({@link FrameLayout#DEFAULT_MAX_PAYLOAD_BYTES});
 * memory follows the length only after the limit check. Limits: CRC32C detects corruption, not
 * tampering (use TLS or an HMAC against an adversary); not thread-safe, one reader per stream.
 *
 * <p>Specified by: ChecksumTest
 */
public final class ChecksummedFrameReader {

    private final InputStream in;
    private final int maxPayloadBytes;

    public ChecksummedFrameReader(InputStream in) {
        this(in, FrameLayout.DEFAULT_MAX_PAYLOAD_BYTES);
    }

    public ChecksummedFrameReader(InputStream in, int maxPayloadBytes) {
        if (maxPayloadBytes < 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be >= 0, not " + maxPayloadBytes);
        }
        this.in = in;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The next payload, or {@code null} if the stream ended cleanly between two frames. */
    // tag::read[]
    public byte[] read() throws IOException {
        byte[] lengthBytes = new byte[FrameLayout.LENGTH_BYTES];
        int got = readFully(lengthBytes, 0);
        if (got == 0) {
            return null; // a clean end: the peer closed between frames
        }
        require(got, lengthBytes.length, "length");
        int length = FrameLayout.readInt(lengthBytes);
        if (length < 0 || length > maxPayloadBytes) {
            throw new FrameTooLargeException(length, maxPayloadBytes); // before allocating anything
        }
        byte[] payload = new byte[length];
        require(readFully(payload, 0), length, "payload");
        byte[] checksumBytes = new byte[FrameLayout.CHECKSUM_BYTES];
        require(readFully(checksumBytes, 0), checksumBytes.length, "checksum");
        int expected = FrameLayout.readInt(checksumBytes);
        int actual = FrameLayout.checksum(lengthBytes, payload, 0, length);
        if (expected != actual) {
            throw new ChecksumMismatchException(length, expected, actual);
        }
        return payload;
    }
    // end::read[]

    private static void require(int got, int wanted, String part) throws EOFException {
        if (got < wanted) {
            throw new EOFException("stream ended inside a frame: " + got + " of " + wanted + " " + part + " bytes");
        }
    }

    /** Reads until {@code buffer} is full or the stream ends; returns how many bytes came. */
    private int readFully(byte[] buffer, int offset) throws IOException {
        int total = offset;
        while (total < buffer.length) {
            int n = in.read(buffer, total, buffer.length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
