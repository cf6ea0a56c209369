package book.ch02.checksum;

import java.util.zip.CRC32C;

/**
 * The frame layout, in one place so writer and reader cannot disagree:
 *
 * <pre>
 * +-------------------+-------------------+-----------------------------------+
 * | length: 4 bytes   | payload:          | checksum: 4 bytes                 |
 * | big-endian, >= 0  | length bytes      | CRC32C over length + payload, BE  |
 * +-------------------+-------------------+-----------------------------------+
 * </pre>
 *
 * The checksum covers the length too: a flipped bit in the length would otherwise make the
 * reader take the wrong bytes as payload, and the error would surface frames later, if at all.
 */
public final class FrameLayout {

    public static final int LENGTH_BYTES = Integer.BYTES;
    public static final int CHECKSUM_BYTES = Integer.BYTES;
    /** The default largest payload a reader accepts: 1 MiB. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1 << 20;

    private FrameLayout() {
    }

    // tag::checksum[]
    /** CRC32C of the 4 length bytes followed by the payload. */
    static int checksum(byte[] lengthBytes, byte[] payload, int offset, int length) {
        CRC32C crc = new CRC32C(); // cheap to make; an instance is not safe to share between threads
        crc.update(lengthBytes, 0, LENGTH_BYTES);
        crc.update(payload, offset, length);
        return (int) crc.getValue();
    }
    // end::checksum[]

    static byte[] lengthBytes(int length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    static int readInt(byte[] b) {
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }
}
