package book.ch03.reliable;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One datagram of the reliable-UDP protocol. Every field a receiver acts on is covered by a
 * CRC32C, and the datagram's size must match its declared payload exactly, so a stray or
 * damaged datagram is recognised and dropped instead of being delivered as data.
 *
 * <pre>
 * magic u32 | type u8 | reserved u8 | length u16 | seq u32 | sack u64 | crc32c u32 | payload
 * </pre>
 *
 * @param type    DATA, ACK or FIN
 * @param seq     DATA/FIN: the segment's number; ACK: the next segment expected (cumulative)
 * @param sack    ACK only: bit i set means segment {@code seq + 1 + i} was received (selective ack)
 * @param payload DATA only
 */
public record Segment(Type type, int seq, long sack, byte[] payload) {

    public enum Type { DATA, ACK, FIN }

    static final int MAGIC = 0x52554450; // "RUDP"
    public static final int HEADER_BYTES = 24;
    /** The largest payload: header plus payload stays well under a 1500-byte Ethernet MTU. */
    public static final int MAX_PAYLOAD = 1200;

    public Segment {
        if (payload.length > MAX_PAYLOAD || (type != Type.DATA && payload.length != 0)) {
            throw new IllegalArgumentException(type + " segment cannot carry " + payload.length + " bytes");
        }
    }

    public static Segment data(int seq, byte[] payload) {
        return new Segment(Type.DATA, seq, 0, payload);
    }

    public static Segment fin(int seq) {
        return new Segment(Type.FIN, seq, 0, new byte[0]);
    }

    public static Segment ack(int nextExpected, long sack) {
        return new Segment(Type.ACK, nextExpected, sack, new byte[0]);
    }

    // tag::encode[]
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        b.putInt(MAGIC).put((byte) (type.ordinal() + 1)).put((byte) 0).putShort((short) payload.length)
                .putInt(seq).putLong(sack).putInt(0).put(payload);
        b.putInt(20, crc(b.array(), HEADER_BYTES + payload.length)); // computed with the crc field zeroed
        return b.array();
    }
    // end::encode[]

    // tag::decode[]
    public static Segment decode(byte[] datagram, int length) throws MalformedSegmentException {
        if (length < HEADER_BYTES) {
            throw new MalformedSegmentException(MalformedSegmentException.Reason.TOO_SHORT,
                    "datagram of " + length + " bytes is shorter than the " + HEADER_BYTES + "-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(datagram, 0, length);
        int magic = b.getInt(0);
        if (magic != MAGIC) {
            throw new MalformedSegmentException(MalformedSegmentException.Reason.BAD_MAGIC,
                    "bad magic 0x" + Integer.toHexString(magic) + ", expected 0x" + Integer.toHexString(MAGIC));
        }
        int declared = Short.toUnsignedInt(b.getShort(6));
        if (declared > MAX_PAYLOAD || HEADER_BYTES + declared != length) {
            throw new MalformedSegmentException(MalformedSegmentException.Reason.BAD_LENGTH, "declared payload of "
                    + declared + " bytes does not match the " + length + "-byte datagram");
        }
        int stored = b.getInt(20);
        byte[] copy = java.util.Arrays.copyOf(datagram, length);
        ByteBuffer.wrap(copy).putInt(20, 0);
        if (crc(copy, length) != stored) {
            throw new MalformedSegmentException(MalformedSegmentException.Reason.BAD_CHECKSUM, "checksum mismatch");
        }
        int type = b.get(4);
        if (type < 1 || type > Type.values().length || (type != 1 && declared != 0)) {
            throw new MalformedSegmentException(MalformedSegmentException.Reason.BAD_TYPE,
                    "type " + type + " with a " + declared + "-byte payload");
        }
        return new Segment(Type.values()[type - 1], b.getInt(8), b.getLong(12),
                java.util.Arrays.copyOfRange(datagram, HEADER_BYTES, length));
    }
    // end::decode[]

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
