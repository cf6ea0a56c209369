package book.ch01.nio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.ConnectException;
import java.util.Arrays;
import java.util.SplittableRandom;

/** A blocking loopback client for the tests: every call has a timeout, so a bug fails a test instead of hanging it. */
final class EchoClient implements AutoCloseable {

    static final int TIMEOUT_MILLIS = 10_000;

    final Socket socket;
    final InputStream in;
    final OutputStream out;

    private EchoClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static EchoClient connect(InetSocketAddress address) throws IOException {
        return connect(address, 0);
    }

    /** With a small {@code receiveBuffer} the client's kernel stops absorbing the echo early. */
    static EchoClient connect(InetSocketAddress address, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer); // before connect, so the window is small from the start
            }
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.connect(address, TIMEOUT_MILLIS);
            return new EchoClient(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends {@code message} and returns what came back in the same number of bytes. */
    byte[] roundTrip(byte[] message) throws IOException {
        out.write(message);
        out.flush();
        return readExactly(message.length);
    }

    byte[] readExactly(int length) throws IOException {
        byte[] received = in.readNBytes(length);
        if (received.length < length) {
            throw new IOException("end of stream after " + received.length + " of " + length + " bytes: "
                    + Arrays.toString(Arrays.copyOf(received, Math.min(received.length, 16))));
        }
        return received;
    }

    /** True when the server has closed its side: a read returns end-of-stream (within the timeout). */
    boolean seesEndOfStream() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) { // reset: closed with data unread, just as closed
            return true;
        }
    }

    /** Seeded random bytes: a payload that no bug could produce by accident, the same on every run. */
    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** True when a connect is refused: nothing listens on the address any more. */
    static boolean refusesConnections(InetSocketAddress address) {
        try (Socket probe = new Socket()) {
            probe.connect(address, TIMEOUT_MILLIS);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            throw new AssertionError("neither connected nor refused", e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
