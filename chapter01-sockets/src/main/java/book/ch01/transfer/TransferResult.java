package book.ch01.transfer;

import java.time.Duration;
import java.util.Locale;

/**
 * How long a transfer took, and the throughput that makes. MB here are 10^6 bytes and Mbit
 * 10^6 bits, the units link speeds are sold in.
 */
public record TransferResult(long bytes, Duration elapsed) {

    // tag::throughput[]
    public double megabytesPerSecond() {
        return bytes / 1e6 / seconds();
    }

    public double megabitsPerSecond() {
        return megabytesPerSecond() * 8;
    }
    // end::throughput[]

    private double seconds() {
        return Math.max(elapsed.toNanos(), 1) / 1e9;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "sent %,d bytes in %.1f ms: %.1f MB/s (%.1f Mbit/s)",
                bytes, elapsed.toNanos() / 1e6, megabytesPerSecond(), megabitsPerSecond());
    }
}
