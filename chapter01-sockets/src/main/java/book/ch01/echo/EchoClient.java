package book.ch01.echo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;

/**
 * A client of the echo server: it sends everything it has, half-closes to say "that is all",
 * and reads the echo until the server closes. Half-close is what lets a client say where its
 * request ends on a raw byte stream without closing the way back.
 */
public final class EchoClient {

    /** Bounds the connect, every read, and the time to finish sending. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final Duration timeout;

    public EchoClient(int port, Duration timeout) {
        this.port = port;
        this.timeout = timeout;
    }

    // tag::exchange[]
    /**
     * Sends all of {@code source}, then copies the echo into {@code sink}; returns its length.
     * An echo shorter than what was sent means the server closed early, for instance because
     * it was full, and is an {@link EOFException}, not a short answer.
     */
    public long exchange(InputStream source, OutputStream sink) throws IOException {
        try (Socket socket = Loopback.connect(port, timeout)) {
            long[] sent = new long[1];              // read only after exchange() has joined the sender
            long received = SendWhileReceiving.exchange(socket, timeout,
                    () -> {
                        sent[0] = source.transferTo(socket.getOutputStream());
                        socket.shutdownOutput();    // FIN: "I'm done sending", reading goes on
                    },
                    () -> socket.getInputStream().transferTo(sink)); // until the server's FIN
            if (received < sent[0]) {
                throw new EOFException("the server closed the connection after echoing "
                        + received + " of " + sent[0] + " bytes");
            }
            return received;
        }
    }
    // end::exchange[]

    public byte[] echo(byte[] message) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream(message.length);
        exchange(new ByteArrayInputStream(message), sink);
        return sink.toByteArray();
    }
}
