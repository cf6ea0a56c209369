package book.ch01.framing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reassembles the messages a {@link MessageWriter} sent, with a limit of its own: the frame
 * limit bounds one chunk, not the message, so without a second limit a peer could make the
 * reader buffer chunks forever. The announced total is checked against the limit before
 * anything is read, but even an announcement within the limit is only a claim: the buffer
 * grows with the bytes that actually arrive, so a peer that announces 16 MiB and sends
 * nothing costs 64 KiB, not 16 MiB. An empty chunk is refused, since a stream of them would
 * keep a reader busy (and its read timeout happy) without ever making progress.
 */
public final class MessageReader {

    /** The largest message reassembled unless configured otherwise: 16 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** The buffer a message starts with, before its bytes have arrived: 64 KiB. */
    static final int INITIAL_BUFFER_BYTES = 64 * 1024;

    private final FrameDecoder frames;
    private final int maxMessageBytes;

    public MessageReader(FrameDecoder frames, int maxMessageBytes) {
        if (maxMessageBytes < 0) {
            throw new IllegalArgumentException("maxMessageBytes must not be negative, not " + maxMessageBytes);
        }
        this.frames = frames;
        this.maxMessageBytes = maxMessageBytes;
    }

    // tag::read-message[]
    /** Reads one whole message, or returns {@code null} if the stream ended cleanly before it. */
    public byte[] read() throws IOException {
        int headerLength = frames.readLength();
        if (headerLength < 0) {
            return null;
        }
        if (headerLength != MessageWriter.HEADER_FRAME_BYTES) {
            throw new MalformedMessageException("message header frame has " + headerLength
                    + " bytes, expected " + MessageWriter.HEADER_FRAME_BYTES);
        }
        byte[] header = new byte[MessageWriter.HEADER_FRAME_BYTES];
        frames.readPayload(header, 0, header.length);
        long total = ByteBuffer.wrap(header).getLong();
        if (total < 0) {
            throw new MalformedMessageException("message length " + total + " is negative");
        }
        if (total > maxMessageBytes) {
            throw new MessageTooLargeException(total, maxMessageBytes);    // before reading any of it
        }
        return readChunks((int) total);
    }
    // end::read-message[]

    // tag::read-chunks[]
    private byte[] readChunks(int total) throws IOException {
        byte[] message = new byte[Math.min(total, INITIAL_BUFFER_BYTES)];
        int filled = 0;
        while (filled < total) {
            int chunk = frames.readLength();
            if (chunk < 0) {
                throw new TruncatedInputException("message", filled, total);
            }
            if (chunk == 0 || chunk > total - filled) {
                throw new MalformedMessageException("chunk of " + chunk + " bytes does not fit: "
                        + (total - filled) + " of " + total + " message bytes remain");
            }
            for (int end = filled + chunk; filled < end; ) {
                if (filled == message.length) {       // grow with the bytes that arrive, not the claim
                    message = Arrays.copyOf(message, (int) Math.min(total, 2L * message.length));
                }
                int step = Math.min(end, message.length) - filled;
                frames.readPayload(message, filled, step);
                filled += step;
            }
        }
        return message;
    }
    // end::read-chunks[]
}
