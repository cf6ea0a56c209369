package book.ch02.proxy;

import book.ch02.fixture.LoopbackClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/** Client-side helpers for the proxy's tests: connect with a timeout, send, read back. */
final class Wire {

    static final Duration GENEROUS = Duration.ofSeconds(10);

    private Wire() {
    }

    /** A loopback client socket with connect and read timeouts, so that no test can hang on either. */
    static Socket connect(int port, Duration readTimeout) throws IOException {
        return LoopbackClient.connect(port, GENEROUS, readTimeout);
    }

    static Socket connect(int port) throws IOException {
        return connect(port, GENEROUS);
    }

    /** Writes {@code message} and reads back exactly as many bytes (fewer only at end of stream). */
    static byte[] roundTrip(Socket socket, byte[] message) throws IOException {
        socket.getOutputStream().write(message);
        return socket.getInputStream().readNBytes(message.length);
    }

    /**
     * Writes {@code message} from a second thread while reading the echo, so a message larger than
     * the socket buffers cannot deadlock writer and reader.
     */
    static byte[] echoLarge(Socket socket, byte[] message) throws Exception {
        FutureTask<Void> writer = new FutureTask<>(() -> {
            socket.getOutputStream().write(message);
            return null;
        });
        Thread.ofVirtual().name("test-writer").start(writer);
        byte[] echoed = socket.getInputStream().readNBytes(message.length);
        writer.get(GENEROUS.toMillis(), TimeUnit.MILLISECONDS);
        return echoed;
    }

    /** Everything until end of stream. */
    static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
