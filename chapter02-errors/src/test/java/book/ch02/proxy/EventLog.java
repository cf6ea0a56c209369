package book.ch02.proxy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Collects a proxy's event lines and lets a test wait for one, instead of sleeping. */
final class EventLog implements Consumer<String> {

    private final BlockingQueue<String> unseen = new LinkedBlockingQueue<>();
    private final List<String> all = new CopyOnWriteArrayList<>();

    @Override
    public void accept(String line) {
        all.add(line);
        unseen.add(line);
    }

    /** Waits for the next line containing {@code text}; fails the test after {@code timeout}. */
    String await(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = unseen.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no event containing '" + text + "' within " + timeout + "; events: " + all);
            }
            if (line.contains(text)) {
                return line;
            }
        }
    }

    List<String> lines() {
        return List.copyOf(all);
    }
}
