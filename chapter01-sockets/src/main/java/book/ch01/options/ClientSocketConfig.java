/*
 * Unit "client-socket" of chapter 1: this one file, JDK only.
 * A client socket opened with a connect timeout, a read timeout and TCP_NODELAY, all set before
 * the handshake. Defaults: connect 3 s, read 10 s, TCP_NODELAY on. Limits: both timeouts between
 * 1 ms and 2^31 - 1 ms (the socket API's int milliseconds; 0 would mean "forever"); a read timeout
 * bounds one read's silence, not a whole exchange (use a deadline for that).
 * Specified by: ClientSocketConfigTest, ConnectionLifecycleTest.
 */
package book.ch01.options;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

// tag::config[]
/**
 * How the book opens a client socket: always with a connect timeout, always with a read
 * timeout, and with {@code TCP_NODELAY} on. A {@code new Socket(host, port)} has none of the
 * three: its connect can block for minutes on a dead host, its reads block forever on a silent
 * peer, and small writes stall behind Nagle's algorithm.
 *
 * <p>Specified by: ClientSocketConfigTest, ConnectionLifecycleTest
 *
 * @param connectTimeout how long to wait for the TCP handshake to complete
 * @param readTimeout    how long one read may block before {@code SocketTimeoutException}
 * @param tcpNoDelay     whether small writes leave at once instead of waiting for an ACK
 */
public record ClientSocketConfig(Duration connectTimeout, Duration readTimeout, boolean tcpNoDelay) {

    /** Lets one lost SYN be retransmitted (Linux resends it after 1 s), then gives up. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Longer than the slowest answer the peer should ever take; shorter than a user's patience. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /** Requests are written and answered whole; never wait 40 ms for a delayed ACK. */
    public static final boolean DEFAULT_TCP_NODELAY = true;

    /** The longest timeout a socket takes: its API counts int milliseconds, about 24.8 days. */
    public static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    public static final ClientSocketConfig DEFAULTS =
            new ClientSocketConfig(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_TCP_NODELAY);

    public ClientSocketConfig {
        requirePositiveMillis("connectTimeout", connectTimeout);
        requirePositiveMillis("readTimeout", readTimeout);
    }

    /** Connects with every option set before the handshake; on failure nothing stays open. */
    public Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(tcpNoDelay);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.connect(address, (int) connectTimeout.toMillis());
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    public ClientSocketConfig withConnectTimeout(Duration timeout) {
        return new ClientSocketConfig(timeout, readTimeout, tcpNoDelay);
    }

    public ClientSocketConfig withReadTimeout(Duration timeout) {
        return new ClientSocketConfig(connectTimeout, timeout, tcpNoDelay);
    }

    public ClientSocketConfig withTcpNoDelay(boolean noDelay) {
        return new ClientSocketConfig(connectTimeout, readTimeout, noDelay);
    }

    /**
     * Zero means "wait forever" to {@code Socket}, so it is refused here, as is anything the
     * int-millisecond socket API cannot hold.
     */
    private static void requirePositiveMillis(String name, Duration value) {
        Objects.requireNonNull(value, name);
        // compared as Durations: toMillis() of a huge Duration would overflow before the check
        if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(name + " must be between 1 ms and "
                    + Integer.MAX_VALUE + " ms, not " + show(value));
        }
    }

    private static String show(Duration value) {
        try {
            return value.toMillis() + " ms";
        } catch (ArithmeticException tooLargeForMillis) {
            return value.toString();
        }
    }
}
// end::config[]
