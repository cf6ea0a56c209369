package book.ch02.proxy.faults;

import book.ch02.proxy.Toxic;
import book.ch02.proxy.Ticker;
import book.ch02.proxy.FaultChecks;
import book.ch02.proxy.Fault;

/**
 * Holds a direction to {@code bytesPerSecond} with a {@link TokenBucket}: a congested or thin
 * link, where a large response takes seconds and a client's overall deadline fires before its
 * read timeout does. The bucket holds a tenth of a second of data (at least one byte), so the
 * rate is kept over any window longer than that.
 *
 * @param bytesPerSecond the rate; Toxiproxy's {@code bandwidth} toxic takes KB/s instead
 */
public record Bandwidth(long bytesPerSecond) implements Fault {

    /** The bucket's size, as a fraction of one second of data: the largest burst allowed. */
    public static final double BURST_SECONDS = 0.1;

    public Bandwidth {
        FaultChecks.positive("bytesPerSecond", bytesPerSecond);
    }

    /** The largest burst: {@link #BURST_SECONDS} of data, at least one byte. */
    public long burstBytes() {
        return Math.max(1, (long) (bytesPerSecond * BURST_SECONDS));
    }

    @Override
    public String name() {
        return "bandwidth";
    }

    @Override
    public String toString() {
        return "bandwidth(" + bytesPerSecond + " B/s)";
    }

    @Override
    public Toxic start(Ticker ticker, Runnable applied) {
        TokenBucket bucket = new TokenBucket(bytesPerSecond, burstBytes(), ticker);
        return (chunk, next) -> {
            for (int sent = 0; sent < chunk.length(); ) {
                int piece = (int) Math.min(chunk.length() - sent, bucket.capacity());
                if (bucket.acquire(piece)) {
                    applied.run();
                }
                next.send(chunk.slice(sent, piece));
                sent += piece;
            }
        };
    }
}
