package book.ch02.logging;

import book.ch02.checksum.ChecksummedFrameReader;
import book.ch02.checksum.ChecksummedFrameWriter;
import book.ch02.classify.Phase;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * The lowest of three layers in the logging example: one framed request and response over a
 * fresh connection. On failure it adds what it knows and throws; it never logs, because it
 * cannot know whether its caller will retry, fall back, or give up.
 */
public final class QuoteTransport {

    /** Connect and read timeout of each call: a socket without one can wait forever. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final InetSocketAddress upstream;
    private final Duration timeout;

    public QuoteTransport(InetSocketAddress upstream, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        this.upstream = upstream;
        this.timeout = timeout;
    }

    // tag::throw-with-context[]
    public byte[] call(String operation, int attempt, byte[] request) throws UpstreamCallException {
        Phase phase = Phase.CONNECTING;
        try (Socket socket = new Socket()) {
            socket.connect(upstream, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            phase = Phase.SENDING;
            new ChecksummedFrameWriter(socket.getOutputStream()).write(request);
            phase = Phase.AWAITING_RESPONSE;
            byte[] reply = new ChecksummedFrameReader(socket.getInputStream()).read();
            if (reply == null) {
                throw new EOFException("the upstream closed without answering");
            }
            return reply;
        } catch (IOException e) { // no log here: add context and let the handler decide
            throw new UpstreamCallException(upstream.getHostString(), upstream.getPort(), operation, attempt, phase, e);
        }
    }
    // end::throw-with-context[]
}
