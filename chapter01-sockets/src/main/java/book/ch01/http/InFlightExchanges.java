package book.ch01.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the exchanges inside handlers so a stop can wait for exactly those, and, once draining,
 * answers with {@code Connection: close} so clients stop reusing a connection about to go away.
 * The JDK server's own {@code stop(delay)} can miss the moment it becomes idle (a kept-alive
 * connection closing at the same time) and then waits out the whole delay.
 */
final class InFlightExchanges extends Filter {

    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: virtual threads wait here
    private final Condition idle = lock.newCondition();
    private int active;
    private volatile boolean draining;

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        change(+1);
        try {
            if (draining) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
            chain.doFilter(exchange);
        } finally {
            change(-1);
        }
    }

    /** Marks new responses as the last on their connection and waits until no handler runs. */
    boolean drain(Duration grace) throws InterruptedException {
        draining = true;
        long nanos = grace.toNanos();
        lock.lock();
        try {
            while (active > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void change(int delta) {
        lock.lock();
        try {
            active += delta;
            if (active == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String description() {
        return "counts exchanges in flight for a graceful stop";
    }
}
