/*
 * Unit "frame-codec" of chapter 1 (copy these seven files together: FrameEncoder, FrameDecoder,
 * FrameFormat, FramingException, FrameTooLargeException, NegativeFrameLengthException,
 * TruncatedInputException; they use the JDK alone).
 * This file: the stream ended inside a header or a payload.
 * Defaults: a 1 MiB frame limit (FrameFormat.DEFAULT_MAX_FRAME_BYTES); the encoder buffers 8 KiB
 * so a header and a small payload leave in one write; the decoder starts a payload at 8 KiB and
 * doubles it as bytes arrive. Limits: a frame payload of at most 2^31 - 1 bytes (an int); not thread-safe;
 * after any FramingException the stream is lost and the connection must be closed.
 * Specified by: FrameCodecTest, FramedEchoServerTest (MemoryFollowsTheBytes, BadFrames).
 */
package book.ch01.framing;

/**
 * The stream ended inside a frame or a message: the peer closed, or crashed, half-way.
 * Distinct from a clean end between frames, which is no error at all.
 */
public final class TruncatedInputException extends FramingException {

    private final long received;
    private final long expected;

    /** {@code part} names what was cut short: "header", "payload", "message". */
    public TruncatedInputException(String part, long received, long expected) {
        super("stream ended after " + received + " of " + expected + " " + part + " bytes");
        this.received = received;
        this.expected = expected;
    }

    public long received() {
        return received;
    }

    public long expected() {
        return expected;
    }
}
