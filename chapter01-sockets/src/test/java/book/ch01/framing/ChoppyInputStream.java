package book.ch01.framing;

import java.io.InputStream;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;

/**
 * An input stream that returns fewer bytes per read than asked, the way a socket may: one at
 * a time, or in random splits. It counts its reads so a test can show the splits happened.
 */
final class ChoppyInputStream extends InputStream {

    private final byte[] data;
    private final IntSupplier nextSplit;
    private int position;
    private int reads;

    private ChoppyInputStream(byte[] data, IntSupplier nextSplit) {
        this.data = data;
        this.nextSplit = nextSplit;
    }

    static ChoppyInputStream oneByteAtATime(byte[] data) {
        return new ChoppyInputStream(data, () -> 1);
    }

    /** Each read returns between 1 and {@code maxSplit} bytes, as the seeded generator decides. */
    static ChoppyInputStream randomSplits(byte[] data, RandomGenerator random, int maxSplit) {
        return new ChoppyInputStream(data, () -> random.nextInt(1, maxSplit + 1));
    }

    int reads() {
        return reads;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (position == data.length) {
            return -1;
        }
        reads++;
        int n = Math.min(Math.min(len, nextSplit.getAsInt()), data.length - position);
        System.arraycopy(data, position, b, off, n);
        position += n;
        return n;
    }
}
