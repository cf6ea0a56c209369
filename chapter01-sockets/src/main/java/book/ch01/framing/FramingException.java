/*
 * Unit "frame-codec" of chapter 1 (copy these seven files together: FrameEncoder, FrameDecoder,
 * FrameFormat, FramingException, FrameTooLargeException, NegativeFrameLengthException,
 * TruncatedInputException; they use the JDK alone).
 * This file: the superclass of every "bad input, close this connection" error (an IOException).
 * Defaults: a 1 MiB frame limit (FrameFormat.DEFAULT_MAX_FRAME_BYTES); the encoder buffers 8 KiB
 * so a header and a small payload leave in one write; the decoder starts a payload at 8 KiB and
 * doubles it as bytes arrive. Limits: a frame payload of at most 2^31 - 1 bytes (an int); not thread-safe;
 * after any FramingException the stream is lost and the connection must be closed.
 * Specified by: FrameCodecTest, FramedEchoServerTest (MemoryFollowsTheBytes, BadFrames).
 */
package book.ch01.framing;

import java.io.IOException;

/**
 * The peer broke the framing rules. One type to catch for "this connection sent bad input,
 * close it"; its subclasses say which rule and name the numbers. After one, the stream's
 * position inside the framing is lost, so the only safe thing is to close the connection.
 */
public abstract class FramingException extends IOException {

    protected FramingException(String message) {
        super(message);
    }
}
