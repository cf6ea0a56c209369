package book.ch05.replica;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits, bounded, for something another thread will do (a replica noticing a closed socket). */
public final class Eventually {

    private Eventually() {
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, condition, () -> "");
    }

    public static void await(String what, BooleanSupplier condition, Supplier<?> state) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 10 s: " + what + " " + state.get());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
