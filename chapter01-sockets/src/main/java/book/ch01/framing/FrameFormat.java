package book.ch01.framing;

/**
 * The wire format shared by {@link FrameEncoder} and {@link FrameDecoder}: a 4-byte
 * big-endian (network order) length, then that many payload bytes.
 */
public final class FrameFormat {

    /** Bytes in the length prefix. */
    public static final int HEADER_BYTES = 4;
    /** The largest payload accepted unless configured otherwise: 1 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

    private FrameFormat() {
    }

    /** Checks a length read from (or about to be written to) the wire against the limit. */
    static void checkLength(int length, int maxFrameBytes) throws FramingException {
        if (length < 0) {
            throw new NegativeFrameLengthException(length);
        }
        if (length > maxFrameBytes) {
            throw new FrameTooLargeException(length, maxFrameBytes);
        }
    }

    static int checkLimit(int maxFrameBytes) {
        if (maxFrameBytes < 0) {
            throw new IllegalArgumentException("maxFrameBytes must not be negative, not " + maxFrameBytes);
        }
        return maxFrameBytes;
    }
}
