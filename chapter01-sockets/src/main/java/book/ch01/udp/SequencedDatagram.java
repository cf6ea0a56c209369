package book.ch01.udp;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The header of every datagram the chapter's UDP programs send: its sequence number, how many
 * the sender will send in all, and when it was sent. UDP itself carries none of this; without
 * it a receiver cannot tell a lost datagram from a late one, or a copy from an original.
 *
 * @param sequence     0 for the first datagram, {@code total - 1} for the last
 * @param total        how many datagrams the sender sends, so loss at the tail is counted too
 * @param sentAtMicros the sender's clock, microseconds since the epoch
 */
public record SequencedDatagram(long sequence, long total, long sentAtMicros) {

    /** Three longs: sequence, total, send time. */
    public static final int HEADER_BYTES = 24;
    /** 65,535 (largest IPv4 packet) - 20 (IPv4 header) - 8 (UDP header). */
    public static final int MAX_IPV4_PAYLOAD = 65_507;
    /** Bounds the receiver's memory for its bitmap of seen sequence numbers (1.25 MB). */
    public static final long MAX_TOTAL = 10_000_000;

    public SequencedDatagram {
        if (total < 1 || total > MAX_TOTAL) {
            throw new IllegalArgumentException("total must be between 1 and " + MAX_TOTAL + ", not " + total);
        }
        if (sequence < 0 || sequence >= total) {
            throw new IllegalArgumentException("sequence must be between 0 and " + (total - 1) + ", not " + sequence);
        }
    }

    // tag::encode[]
    /** The datagram's payload: the header, then zeros up to {@code size} bytes. */
    public byte[] encode(int size) {
        if (size < HEADER_BYTES || size > MAX_IPV4_PAYLOAD) {
            throw new IllegalArgumentException("size must be between " + HEADER_BYTES + " and "
                    + MAX_IPV4_PAYLOAD + " bytes, not " + size);
        }
        return ByteBuffer.allocate(size).putLong(sequence).putLong(total).putLong(sentAtMicros).array();
    }

    /** Reads a received payload; anything that cannot be ours is rejected with the reason. */
    public static SequencedDatagram decode(byte[] data, int offset, int length) throws MalformedDatagramException {
        if (length < HEADER_BYTES) {
            throw new MalformedDatagramException("datagram of " + length
                    + " bytes is shorter than the " + HEADER_BYTES + "-byte header");
        }
        ByteBuffer in = ByteBuffer.wrap(data, offset, length);
        long sequence = in.getLong();
        long total = in.getLong();
        long sentAtMicros = in.getLong();
        if (total < 1 || total > MAX_TOTAL || sequence < 0 || sequence >= total) {
            throw new MalformedDatagramException("sequence " + sequence + " of total " + total
                    + " is outside 0 <= sequence < total <= " + MAX_TOTAL);
        }
        return new SequencedDatagram(sequence, total, sentAtMicros);
    }
    // end::encode[]

    /** The clock's time in microseconds since the epoch, the unit of {@link #sentAtMicros}. */
    public static long epochMicros(InstantSource clock) {
        Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
    }
}
