package book.ch01.echo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
     * it was full, and is an {@link EOFException}, not a short answer. An echo of other bytes
     * (a TLS server's alert, a server that is not an echo) is an {@link IOException}: the
     * content is compared, by digest, not only the length.
     */
    public long exchange(InputStream source, OutputStream sink) throws IOException {
        MessageDigest sentDigest = sha256();
        MessageDigest echoDigest = sha256();
        try (Socket socket = Loopback.connect(port, timeout)) {
            long[] sent = new long[1];              // read only after exchange() has joined the sender
            long received = SendWhileReceiving.exchange(socket, timeout,
                    () -> {
                        sent[0] = new DigestInputStream(source, sentDigest).transferTo(socket.getOutputStream());
                        socket.shutdownOutput();    // FIN: "I'm done sending", reading goes on
                    },
                    () -> socket.getInputStream().transferTo(new DigestOutputStream(sink, echoDigest))); // until FIN
            if (received < sent[0]) {
                throw new EOFException("the server closed the connection after echoing "
                        + received + " of " + sent[0] + " bytes");
            }
            if (received > sent[0] || !MessageDigest.isEqual(sentDigest.digest(), echoDigest.digest())) {
                throw new IOException("the answer is not an echo: " + received + " bytes came back for "
                        + sent[0] + " sent, and they differ (is this an echo server? a TLS port?)");
            }
            return received;
        }
    }
    // end::exchange[]

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256"); // every JDK has it
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] echo(byte[] message) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream(message.length);
        exchange(new ByteArrayInputStream(message), sink);
        return sink.toByteArray();
    }
}
