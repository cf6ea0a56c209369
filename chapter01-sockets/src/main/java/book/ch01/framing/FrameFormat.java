/*
 * Unit "frame-codec" of chapter 1 (copy these seven files together: FrameEncoder, FrameDecoder,
 * FrameFormat, FramingException, FrameTooLargeException, NegativeFrameLengthException,
 * TruncatedInputException; they use the JDK alone).
 * This file: the wire format (4-byte big-endian length) and the one length check both sides use.
 * Defaults: a 1 MiB frame limit (FrameFormat.DEFAULT_MAX_FRAME_BYTES); the encoder buffers 8 KiB
 * so a header and a small payload leave in one write; the decoder starts a payload at 8 KiB and
 * doubles it as bytes arrive. Limits: a frame payload of at most 2^31 - 1 bytes (an int); not thread-safe;
 * after any FramingException the stream is lost and the connection must be closed.
 * Specified by: FrameCodecTest, FramedEchoServerTest (MemoryFollowsTheBytes, BadFrames).
 */
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

    // tag::check-length[]
    /** Checks a length read from (or about to be written to) the wire against the limit. */
    public static void checkLength(int length, int maxFrameBytes) throws FramingException {
        if (length < 0) {
            throw new NegativeFrameLengthException(length);
        }
        if (length > maxFrameBytes) {
            throw new FrameTooLargeException(length, maxFrameBytes);
        }
    }
    // end::check-length[]

    /** Checks a configured limit; returns it. */
    public static int checkLimit(int maxFrameBytes) {
        if (maxFrameBytes < 0) {
            throw new IllegalArgumentException("maxFrameBytes must not be negative, not " + maxFrameBytes);
        }
        return maxFrameBytes;
    }
}
