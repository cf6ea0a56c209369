package book.ch02.proxy;

import java.util.Objects;

/**
 * Bytes read in one go from one side of a connection, on their way to the other side.
 * The array is the pump's own buffer: a fault may change bytes in place, but must be done
 * with the chunk when it returns, because the next read reuses the array.
 *
 * @param bytes       the pump's buffer
 * @param offset      where this chunk starts in {@code bytes}
 * @param length      how many bytes it holds
 * @param readAtNanos the {@link Ticker} time at which the bytes were read, so that latency is
 *                    measured from arrival and not added once per fault
 */
public record Chunk(byte[] bytes, int offset, int length, long readAtNanos) {

    public Chunk {
        Objects.checkFromIndexSize(offset, length, bytes.length);
    }

    /** The part of this chunk from {@code from} (relative to this chunk) of {@code count} bytes. */
    public Chunk slice(int from, int count) {
        Objects.checkFromIndexSize(from, count, length);
        return new Chunk(bytes, offset + from, count, readAtNanos);
    }
}
