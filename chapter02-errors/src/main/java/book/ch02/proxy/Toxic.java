package book.ch02.proxy;

import java.io.IOException;

/**
 * A fault at work on one direction of one connection: it receives each chunk and decides what
 * goes on to {@code next}: the chunk as it is, later, in pieces, altered, or nothing at all.
 * A toxic may keep state (bytes seen so far, tokens in a bucket) because each connection and
 * direction gets its own instance from {@link Fault#start}.
 */
@FunctionalInterface
public interface Toxic {

    void pass(Chunk chunk, Outlet next) throws IOException, InterruptedException;

    /**
     * The source has finished sending (end of stream). By default the end is passed on, so a
     * half-close reaches the other side; a fault that must not let it through overrides this.
     */
    default void end(Outlet next) throws IOException, InterruptedException {
        next.finish();
    }

    /**
     * The chain this toxic is in gets no more chunks (the faults changed): deliver what it
     * still holds, in order, before returning, so the new chain's bytes cannot overtake them.
     */
    default void retire() throws InterruptedException {
    }

    /** The connection is gone: stop at once and drop what it holds. */
    default void close() {
    }
}
