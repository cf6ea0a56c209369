/*
 * Unit "frame-codec" of chapter 1 (copy these seven files together: FrameEncoder, FrameDecoder,
 * FrameFormat, FramingException, FrameTooLargeException, NegativeFrameLengthException,
 * TruncatedInputException; they use the JDK alone).
 * This file: a length over the limit, refused before anything is allocated.
 * Defaults: a 1 MiB frame limit (FrameFormat.DEFAULT_MAX_FRAME_BYTES); the encoder buffers 8 KiB
 * so a header and a small payload leave in one write; the decoder starts a payload at 8 KiB and
 * doubles it as bytes arrive. Limits: a frame payload of at most 2^31 - 1 bytes (an int); not thread-safe;
 * after any FramingException the stream is lost and the connection must be closed.
 * Specified by: FrameCodecTest, FramedEchoServerTest (MemoryFollowsTheBytes, BadFrames).
 */
package book.ch01.framing;

/** A length prefix claimed more than the limit: refused before a single byte is allocated. */
public final class FrameTooLargeException extends FramingException {

    private final long length;
    private final long limit;

    public FrameTooLargeException(long length, long limit) {
        super("frame of " + length + " bytes exceeds the " + limit + "-byte limit");
        this.length = length;
        this.limit = limit;
    }

    public long length() {
        return length;
    }

    public long limit() {
        return limit;
    }
}
