package book.ch02.proxy.faults;

import book.ch02.proxy.Toxic;
import book.ch02.proxy.Ticker;
import book.ch02.proxy.FaultChecks;
import book.ch02.proxy.Fault;
import java.time.Duration;

/**
 * Cuts every chunk into pieces of at most {@code size} bytes with {@code delay} between them:
 * a middlebox, a small MTU or a slow sender that makes one message arrive in many reads. It
 * finds the code that assumes one {@code read} returns one whole message.
 *
 * @param size  the largest piece, in bytes
 * @param delay the pause between two pieces of the same chunk
 */
public record Slicer(int size, Duration delay) implements Fault {

    public Slicer {
        FaultChecks.positive("size", size);
        FaultChecks.notNegative("delay", delay);
    }

    @Override
    public String name() {
        return "slicer";
    }

    @Override
    public String toString() {
        return "slicer(" + size + " B, " + delay.toMillis() + " ms apart)";
    }

    // tag::slicer[]
    @Override
    public Toxic start(Ticker ticker, Runnable applied) {
        return (chunk, next) -> {
            for (int sent = 0; sent < chunk.length(); sent += size) {
                if (sent > 0 && !delay.isZero()) {
                    ticker.sleep(delay);
                }
                applied.run(); // counted before it can be seen, so a test that read it sees the count
                next.send(chunk.slice(sent, Math.min(size, chunk.length() - sent)));
            }
        };
    }
    // end::slicer[]
}
