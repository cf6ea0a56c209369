/*
 * Unit "framed-selector-server" of chapter 1 (copy these fourteen files together, in their
 * packages: nio/FramedEchoServer, FramedEventLoop, FramedConnection, FramedEchoConfig,
 * FramedEchoCounters, NioEchoCounters, ConnectionAcceptor, IdleTracker, MonotonicClock,
 * EchoConnection, and framing/FrameFormat, FramingException, FrameTooLargeException,
 * NegativeFrameLengthException; they use the JDK alone).
 * This file: which connections have been idle for the timeout (shared with the raw selector server).
 * Defaults: one event loop per CPU, 10,000 connections, a 30 s idle timeout, 1 MiB frames, 64 KiB
 * of replies owed per connection before it is no longer read, a 5 s shutdown grace, loopback only.
 * Limits: frames of at most 2^31 - 1 bytes less the queue bound; the echo is the only protocol.
 * Specified by: NioFramedEchoServerTest, NioEchoServerTest, IdleTrackerTest.
 */
package book.ch01.nio;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The selector's stand-in for {@code SO_TIMEOUT}: remembers when each connection last moved a
 * byte and names the ones idle for the timeout. Without it a peer that connects and goes
 * silent holds a connection slot forever, because a non-blocking channel never times out.
 *
 * <p>Entries are kept in order of last activity (a touch moves an entry to the end), so finding
 * the idle ones reads only the head of the list, never all ten thousand connections.
 * Not thread-safe: the selector thread alone uses it.
 */
final class IdleTracker<T> {

    private final Duration timeout;
    private final LinkedHashMap<T, Instant> lastActivity = new LinkedHashMap<>();

    IdleTracker(Duration timeout) {
        this.timeout = timeout;
    }

    /** Records activity now; the clock must not go backwards between calls. */
    void touch(T connection, Instant now) {
        lastActivity.remove(connection);
        lastActivity.put(connection, now);
    }

    void remove(T connection) {
        lastActivity.remove(connection);
    }

    // tag::expired[]
    /** Removes and returns the connections with no activity for the whole timeout. */
    List<T> expired(Instant now) {
        List<T> idle = new ArrayList<>();
        Iterator<Map.Entry<T, Instant>> oldestFirst = lastActivity.entrySet().iterator();
        while (oldestFirst.hasNext()) {
            Map.Entry<T, Instant> entry = oldestFirst.next();
            if (entry.getValue().plus(timeout).isAfter(now)) {
                break; // every later entry was active even more recently
            }
            idle.add(entry.getKey());
            oldestFirst.remove();
        }
        return idle;
    }
    // end::expired[]

    /** How long until the next connection could become idle, or the full timeout when none is tracked. */
    Duration untilNextExpiry(Instant now) {
        if (lastActivity.isEmpty()) {
            return timeout;
        }
        Duration left = Duration.between(now, lastActivity.firstEntry().getValue().plus(timeout));
        return left.isNegative() ? Duration.ZERO : left;
    }

    int size() {
        return lastActivity.size();
    }
}
