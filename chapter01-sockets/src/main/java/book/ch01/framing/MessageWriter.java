package book.ch01.framing;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Sends a message of any size over frames of bounded size: a header frame carrying the
 * message's total length (8 bytes), then the bytes in chunk frames of at most the frame
 * limit. Sending the total first lets the receiver refuse an oversized message before it
 * reads any of it; the receiver still grows its buffer only as the chunks arrive.
 */
public final class MessageWriter {

    /** Payload bytes of the header frame: the total length as a big-endian long. */
    static final int HEADER_FRAME_BYTES = Long.BYTES;

    private final FrameEncoder frames;

    public MessageWriter(FrameEncoder frames) {
        if (frames.maxFrameBytes() < HEADER_FRAME_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes must be at least " + HEADER_FRAME_BYTES
                    + " to carry a message header, not " + frames.maxFrameBytes());
        }
        this.frames = frames;
    }

    // tag::write-message[]
    public void write(byte[] message) throws IOException {
        frames.writeFrame(ByteBuffer.allocate(HEADER_FRAME_BYTES).putLong(0, message.length).array());
        int chunk = frames.maxFrameBytes();
        for (int offset = 0; offset < message.length; offset += chunk) {
            frames.writeFrame(message, offset, Math.min(chunk, message.length - offset));
        }
    }
    // end::write-message[]
}
