package book.ch01.framing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/** Builds byte sequences as they would appear on the wire, good frames and bad. */
final class Wire {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final FrameEncoder encoder = new FrameEncoder(bytes, Integer.MAX_VALUE);

    Wire frame(byte[] payload) {
        try {
            encoder.writeFrame(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A raw 4-byte header claiming {@code length}, whatever follows. */
    Wire header(int length) {
        bytes.writeBytes(ByteBuffer.allocate(4).putInt(length).array());
        return this;
    }

    Wire raw(byte... raw) {
        bytes.writeBytes(raw);
        return this;
    }

    /** A message header frame announcing {@code total} bytes. */
    Wire messageHeader(long total) {
        return frame(ByteBuffer.allocate(8).putLong(total).array());
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }
}
