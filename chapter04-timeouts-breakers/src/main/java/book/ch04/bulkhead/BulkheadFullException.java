package book.ch04.bulkhead;

/**
 * A bulkhead refused a call because its compartment is full. The call was never started, so it
 * reached nothing: safe to fail over or fall back. Built without a stack trace: a refusal under
 * overload must cost microseconds, not the walk of a deep stack.
 *
 * Part of the bulkhead units (see Bulkhead.java and ThreadBulkhead.java).
 * Specified by: BulkheadTest, ThreadBulkheadTest.
 */
public final class BulkheadFullException extends RuntimeException {

    public BulkheadFullException(String bulkhead, int capacity) {
        super("bulkhead '" + bulkhead + "' is full (" + capacity + ")", null, false, false);
    }
}
