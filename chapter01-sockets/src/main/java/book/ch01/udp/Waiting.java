package book.ch01.udp;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting on an object's monitor for a condition, with a deadline instead of forever. */
final class Waiting {

    private Waiting() {
    }

    /**
     * Waits until {@code condition} holds; the caller holds {@code monitor}'s lock, and whoever
     * changes the condition calls {@code monitor.notifyAll()}.
     *
     * @return whether the condition holds; false if the timeout passed first
     */
    static boolean until(Object monitor, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(monitor, left);
        }
        return true;
    }
}
