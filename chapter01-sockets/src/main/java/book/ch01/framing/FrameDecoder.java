package book.ch01.framing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Reads length-prefixed frames from a byte stream. TCP delivers bytes, not messages: one
 * {@code read()} may return half a header, or three frames at once. This class turns that
 * stream back into the frames the peer wrote, and refuses a length it has no reason to trust.
 *
 * <p>Give it a buffered stream (a {@link java.io.BufferedInputStream} over a socket's), so that
 * a small frame costs one system call, not two. Not thread-safe; after an exception the
 * stream is no longer at a frame boundary and should be closed.
 */
public final class FrameDecoder {

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
        byte[] payload = new byte[length];          // safe: readLength checked it against the limit
        readPayload(payload, 0, length);
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
