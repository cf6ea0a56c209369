package book.ch02.checksum;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes frames in the {@link FrameLayout}: length, payload, CRC32C. Each frame goes out in one
 * write, so a frame is never interleaved with half of another.
 */
public final class ChecksummedFrameWriter {

    private final OutputStream out;
    private final int maxPayloadBytes;

    public ChecksummedFrameWriter(OutputStream out) {
        this(out, FrameLayout.DEFAULT_MAX_PAYLOAD_BYTES);
    }

    public ChecksummedFrameWriter(OutputStream out, int maxPayloadBytes) {
        if (maxPayloadBytes < 0 || maxPayloadBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxPayloadBytes must be 0.." + (Integer.MAX_VALUE - 8) + ", not " + maxPayloadBytes);
        }
        this.out = out;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    // tag::write[]
    public void write(byte[] payload) throws IOException {
        if (payload.length > maxPayloadBytes) { // the peer would reject it: fail here, with the reason
            throw new IllegalArgumentException("frame of " + payload.length + " bytes exceeds the "
                    + maxPayloadBytes + "-byte limit");
        }
        byte[] length = FrameLayout.lengthBytes(payload.length);
        int crc = FrameLayout.checksum(length, payload, 0, payload.length);
        byte[] frame = new byte[FrameLayout.LENGTH_BYTES + payload.length + FrameLayout.CHECKSUM_BYTES];
        System.arraycopy(length, 0, frame, 0, FrameLayout.LENGTH_BYTES);
        System.arraycopy(payload, 0, frame, FrameLayout.LENGTH_BYTES, payload.length);
        System.arraycopy(FrameLayout.lengthBytes(crc), 0, frame, frame.length - FrameLayout.CHECKSUM_BYTES,
                FrameLayout.CHECKSUM_BYTES);
        out.write(frame);
        out.flush();
    }
    // end::write[]
}
