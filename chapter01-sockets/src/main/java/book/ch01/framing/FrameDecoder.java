/*
 * Unit "frame-codec" of chapter 1 (copy these seven files together: FrameEncoder, FrameDecoder,
 * FrameFormat, FramingException, FrameTooLargeException, NegativeFrameLengthException,
 * TruncatedInputException; they use the JDK alone).
 * This file: reads length-prefixed frames back from a byte stream, memory following the bytes.
 * Defaults: a 1 MiB frame limit (FrameFormat.DEFAULT_MAX_FRAME_BYTES); the encoder buffers 8 KiB
 * so a header and a small payload leave in one write; the decoder starts a payload at 8 KiB and
 * doubles it as bytes arrive. Limits: a frame payload of at most 2^31 - 1 bytes (an int); not thread-safe;
 * after any FramingException the stream is lost and the connection must be closed.
 * Specified by: FrameCodecTest, FramedEchoServerTest (MemoryFollowsTheBytes, BadFrames).
 */
package book.ch01.framing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads length-prefixed frames from a byte stream. TCP delivers bytes, not messages: one
 * {@code read()} may return half a header, or three frames at once. This class turns that
 * stream back into the frames the peer wrote, and refuses a length it has no reason to trust.
 * Memory follows the bytes that arrive, never the length a peer claims: a header announcing
 * 1 MiB followed by silence costs {@link #FIRST_ALLOCATION_BYTES}, not 1 MiB (as Netty's
 * {@code LengthFieldBasedFrameDecoder} does).
 *
 * <p>Give it a buffered stream (a {@link java.io.BufferedInputStream} over a socket's), so that
 * a small frame costs one system call, not two. Not thread-safe; after an exception the
 * stream is no longer at a frame boundary and should be closed.
 *
 * <p>Specified by: FrameCodecTest, FramedEchoServerTest
 */
public final class FrameDecoder {

    /**
     * What a frame's payload buffer starts with: 8 KiB. It doubles as bytes arrive, so a frame
     * costs at most twice the bytes received plus this, whatever its header claims.
     */
    public static final int FIRST_ALLOCATION_BYTES = 8 * 1024;

    private final InputStream in;
    private final int maxFrameBytes;
    private final byte[] header = new byte[FrameFormat.HEADER_BYTES];

    public FrameDecoder(InputStream in, int maxFrameBytes) {
        this.in = in;
        this.maxFrameBytes = FrameFormat.checkLimit(maxFrameBytes);
    }

    // tag::read-frame[]
    /**
     * Reads the next frame's payload, which may be empty.
     *
     * @return the payload, or {@code null} if the stream ended cleanly between two frames
     */
    public byte[] readFrame() throws IOException {
        int length = readLength();
        if (length < 0) {
            return null;
        }
        // The length is a claim, not bytes: allocate for what has arrived, never for what was promised.
        byte[] payload = new byte[Math.min(length, FIRST_ALLOCATION_BYTES)];
        int filled = 0;
        while (filled < length) {
            if (filled == payload.length) {          // full: the peer really sent this much, so double
                payload = Arrays.copyOf(payload, (int) Math.min(length, 2L * payload.length));
            }
            int n = in.read(payload, filled, payload.length - filled);
            if (n < 0) {
                throw new TruncatedInputException("payload", filled, length);
            }
            filled += n;
        }
        return payload;
    }
    // end::read-frame[]

    // tag::read-length[]
    /**
     * Reads one frame header: the payload's length, checked against the limit, or -1 if the
     * stream ended cleanly before the header's first byte.
     */
    public int readLength() throws IOException {
        int got = in.readNBytes(header, 0, header.length);   // loops until 4 bytes or EOF
        if (got == 0) {
            return -1;                                       // EOF between frames: no error
        }
        if (got < header.length) {
            throw new TruncatedInputException("header", got, header.length);
        }
        int length = ByteBuffer.wrap(header).getInt();       // big-endian, as on the wire
        FrameFormat.checkLength(length, maxFrameBytes);      // before anything is allocated
        return length;
    }

    /** Reads exactly {@code length} payload bytes of the frame whose header was just read. */
    public void readPayload(byte[] into, int offset, int length) throws IOException {
        int got = in.readNBytes(into, offset, length);       // read() alone may return 1 byte
        if (got < length) {
            throw new TruncatedInputException("payload", got, length);
        }
    }
    // end::read-length[]
}
