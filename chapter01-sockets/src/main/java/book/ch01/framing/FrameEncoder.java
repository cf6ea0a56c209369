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
 */
public final class FrameEncoder {

    /** Holds a header and a small payload; larger payloads bypass it. */
    private static final int BUFFER_BYTES = 8 * 1024;

    private final OutputStream out;
    private final int maxFrameBytes;
    private final ByteBuffer header = ByteBuffer.allocate(FrameFormat.HEADER_BYTES);

    public FrameEncoder(OutputStream out, int maxFrameBytes) {
        this.out = new BufferedOutputStream(out, BUFFER_BYTES);
        this.maxFrameBytes = FrameFormat.checkLimit(maxFrameBytes);
    }

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
