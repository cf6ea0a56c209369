package book.ch02.checksum;

import java.io.IOException;

/**
 * A frame arrived whose bytes do not match the checksum sent with them: something between the two
 * programs changed the data. The frame is dropped whole; the stream after it cannot be trusted
 * either (the length itself may be the corrupt part), so the connection must be closed.
 */
public final class ChecksumMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int expected;
    private final int actual;

    public ChecksumMismatchException(int payloadLength, int expected, int actual) {
        super(String.format("frame of %d bytes failed its CRC32C check: expected 0x%08x, computed 0x%08x",
                payloadLength, expected, actual));
        this.expected = expected;
        this.actual = actual;
    }

    /** The checksum the sender wrote. */
    public int expected() {
        return expected;
    }

    /** The checksum of the bytes that arrived. */
    public int actual() {
        return actual;
    }
}
