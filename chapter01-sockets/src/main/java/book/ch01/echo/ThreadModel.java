package book.ch01.echo;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Which threads serve the connections of a {@link BlockingServer}: one virtual thread per
 * connection (the default), or a fixed pool of platform threads.
 *
 * <p>Blocking code reads best with one thread per connection. Virtual threads make that cheap;
 * a fixed pool is the classic alternative, kept here so the two can be measured side by side.
 * With a pool, connections beyond its size wait in the queue, not yet served, and their read
 * timeout has not started: size the pool at least as large as {@code maxConnections}.
 */
public sealed interface ThreadModel {

    /** One new virtual thread per connection. */
    static ThreadModel virtualThreads() {
        return new VirtualThreads();
    }

    /** A fixed pool of {@code threads} platform threads shared by all connections. */
    static ThreadModel platformPool(int threads) {
        return new PlatformPool(threads);
    }

    /** Creates the executor that runs one task per connection; its threads carry {@code name}. */
    ExecutorService newExecutor(String name);

    record VirtualThreads() implements ThreadModel {
        @Override
        public ExecutorService newExecutor(String name) {
            return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 0).factory());
        }

        @Override
        public String toString() {
            return "virtual threads";
        }
    }

    record PlatformPool(int threads) implements ThreadModel {
        public PlatformPool {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
        }

        @Override
        public ExecutorService newExecutor(String name) {
            return Executors.newFixedThreadPool(threads, Thread.ofPlatform().name(name + "-", 0).factory());
        }

        @Override
        public String toString() {
            return "a pool of " + threads + " platform threads";
        }
    }
}
