/*
 * Unit "frame-codec" of chapter 1 (copy these seven files together: FrameEncoder, FrameDecoder,
 * FrameFormat, FramingException, FrameTooLargeException, NegativeFrameLengthException,
 * TruncatedInputException; they use the JDK alone).
 * This file: writes one length-prefixed frame per call, header and payload in one write.
 * Defaults: a 1 MiB frame limit (FrameFormat.DEFAULT_MAX_FRAME_BYTES); the encoder buffers 8 KiB
 * so a header and a small payload leave in one write; the decoder starts a payload at 8 KiB and
 * doubles it as bytes arrive. Limits: a frame payload of at most 2^31 - 1 bytes (an int); not thread-safe;
 * after any FramingException the stream is lost and the connection must be closed.
 * Specified by: FrameCodecTest, FramedEchoServerTest (MemoryFollowsTheBytes, BadFrames).
 */
package book.ch01.framing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Writes length-prefixed frames. The header and a small payload go out in one write, so in
 * one TCP segment: written separately, with Nagle's algorithm on, the payload can wait for
 * the peer's delayed acknowledgement of the header, tens of milliseconds per frame.
 * It refuses to send a frame over the limit, so the error shows up at the sender, which can
 * do something about it, rather than as a closed connection at the receiver.
 *
 * <p>Specified by: FrameCodecTest
 */
public final class FrameEncoder {

    // tag::encoder-fields[]
    /** Holds a header and a small payload, so both leave in one write(); larger payloads bypass it. */
    public static final int BUFFER_BYTES = 8 * 1024;

    private final OutputStream out;
    private final int maxFrameBytes;
    private final ByteBuffer header = ByteBuffer.allocate(FrameFormat.HEADER_BYTES);

    /**
     * Wraps {@code out} (a socket's stream) in its own 8 KiB buffer: without it, the header and
     * the payload are two writes, and with Nagle on the second waits for the peer's delayed ACK.
     */
    public FrameEncoder(OutputStream out, int maxFrameBytes) {
        this.out = new BufferedOutputStream(out, BUFFER_BYTES);   // not this.out = out: see above
        this.maxFrameBytes = FrameFormat.checkLimit(maxFrameBytes);
    }
    // end::encoder-fields[]

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public void writeFrame(byte[] payload) throws IOException {
        writeFrame(payload, 0, payload.length);
    }

    // tag::write-frame[]
    /** Writes {@code length} bytes of {@code payload} from {@code offset} as one frame, and flushes. */
    public void writeFrame(byte[] payload, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, payload.length);
        FrameFormat.checkLength(length, maxFrameBytes);
        out.write(header.putInt(0, length).array());   // big-endian, into the buffer
        out.write(payload, offset, length);
        out.flush();                                    // one write() for header and small payload
    }
    // end::write-frame[]
}
