package book.ch02.proxy.faults;

import book.ch02.proxy.Toxic;
import book.ch02.proxy.Ticker;
import book.ch02.proxy.Outlet;
import book.ch02.proxy.Fault;
import book.ch02.proxy.Chunk;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Flips one random bit in each byte with probability {@code probability}, from a seeded
 * generator: a flaky link or bad memory, at a rate. The gaps between corrupted bytes are drawn
 * from a geometric distribution, which is the same as tossing a coin per byte but costs one
 * draw per corruption instead of one per byte, and does not depend on how the stream was
 * split into chunks: the same seed corrupts the same bytes of the same stream every time.
 *
 * @param probability the chance that a given byte is corrupted, in (0, 1]
 * @param seed        seeds the generator
 */
public record CorruptBytes(double probability, long seed) implements Fault {

    public CorruptBytes {
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1], not " + probability);
        }
    }

    @Override
    public String name() {
        return "corrupt";
    }

    @Override
    public String toString() {
        return "corrupt(p " + probability + ", seed " + seed + ")";
    }

    // tag::corrupt[]
    @Override
    public Toxic start(Ticker ticker, Runnable applied) {
        return new Corrupter(new SplittableRandom(seed), applied);
    }

    private final class Corrupter implements Toxic {

        private final RandomGenerator random;
        private final Runnable applied;
        private long position;     // bytes of the stream seen before this chunk
        private long nextFlip;     // stream position of the next byte to corrupt

        Corrupter(RandomGenerator random, Runnable applied) {
            this.random = random;
            this.applied = applied;
            this.nextFlip = gap();
        }

        @Override
        public void pass(Chunk chunk, Outlet next) throws IOException, InterruptedException {
            long end = position + chunk.length();
            for (; nextFlip < end; nextFlip += 1 + gap()) {
                chunk.bytes()[chunk.offset() + (int) (nextFlip - position)] ^= (byte) (1 << random.nextInt(8));
                applied.run();
            }
            position = end;
            next.send(chunk);
        }

        /** How many clean bytes come before the next corrupted one. */
        private long gap() {
            if (probability >= 1) {
                return 0;
            }
            return (long) Math.floor(Math.log1p(-random.nextDouble()) / Math.log1p(-probability));
        }
    }
    // end::corrupt[]
}
