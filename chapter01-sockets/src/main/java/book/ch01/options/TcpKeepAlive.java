package book.ch01.options;

import java.io.IOException;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Objects;
import jdk.net.ExtendedSocketOptions;

/**
 * TCP keep-alive with probe timings a service can live with. {@code SO_KEEPALIVE} alone keeps
 * the kernel's defaults, and on Linux those wait two hours of silence before the first probe
 * and then 9 probes 75 s apart: a dead peer is noticed after 2 h 11 min. These settings notice
 * it after {@code idle + interval * count}.
 *
 * <p>Keep-alive only proves that the peer's kernel still answers. It says nothing about the
 * application behind it, which may be stuck; that needs an application heartbeat.
 *
 * @param idle     silence before the first probe ({@code TCP_KEEPIDLE})
 * @param interval time between unanswered probes ({@code TCP_KEEPINTERVAL})
 * @param count    unanswered probes before the connection is declared dead ({@code TCP_KEEPCOUNT})
 */
// tag::keepalive[]
public record TcpKeepAlive(Duration idle, Duration interval, int count) {

    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_COUNT = 3;
    /** Dead peer detected after 60 s + 3 x 10 s = 90 s of silence, not 2 h 11 min. */
    public static final TcpKeepAlive DEFAULTS = new TcpKeepAlive(DEFAULT_IDLE, DEFAULT_INTERVAL, DEFAULT_COUNT);

    public TcpKeepAlive {
        requireWholeSeconds("idle", idle);
        requireWholeSeconds("interval", interval);
        if (count < 1 || count > 127) { // Linux caps TCP_KEEPCNT at 127
            throw new IllegalArgumentException("count must be between 1 and 127, not " + count);
        }
    }

    /**
     * Turns keep-alive on and applies the timings where the platform supports them.
     *
     * @return whether all three timings were applied; {@code false} means only
     *         {@code SO_KEEPALIVE} is on and the system defaults apply
     */
    public boolean applyTo(Socket socket) throws IOException {
        socket.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        var supported = socket.supportedOptions();
        if (!supported.contains(ExtendedSocketOptions.TCP_KEEPIDLE)
                || !supported.contains(ExtendedSocketOptions.TCP_KEEPINTERVAL)
                || !supported.contains(ExtendedSocketOptions.TCP_KEEPCOUNT)) {
            return false;
        }
        socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, (int) idle.toSeconds());
        socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, (int) interval.toSeconds());
        socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, count);
        return true;
    }

    /** How long a silent, dead peer goes unnoticed with these settings. */
    public Duration detectionTime() {
        return idle.plus(interval.multipliedBy(count));
    }

    private static void requireWholeSeconds(String name, Duration value) {
        Objects.requireNonNull(value, name);
        // the socket options take whole seconds; Linux caps TCP_KEEPIDLE and TCP_KEEPINTVL at 32767
        // compared as Durations first: toMillis() of a huge Duration would overflow
        boolean inRange = value.compareTo(Duration.ofSeconds(1)) >= 0 && value.compareTo(Duration.ofSeconds(32_767)) <= 0;
        if (!inRange || value.getNano() != 0) {
            throw new IllegalArgumentException(name + " must be a whole number of seconds between 1 and 32767, not "
                    + (inRange ? value.toMillis() + " ms" : value.toString()));
        }
    }
}
// end::keepalive[]
