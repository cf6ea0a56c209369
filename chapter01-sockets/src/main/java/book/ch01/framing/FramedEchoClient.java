package book.ch01.framing;

import book.ch01.echo.Loopback;
import book.ch01.echo.SendWhileReceiving;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/**
 * A client of the framed echo server over one persistent connection: a frame out, a frame
 * back. Each call is bounded by the socket's read timeout; a large message is sent while its
 * echo is read, so that neither side's buffers can fill up and block the other.
 */
public final class FramedEchoClient implements AutoCloseable {

    private final Socket socket;
    private final Duration timeout;
    private final FrameEncoder out;
    private final FrameDecoder in;

    private FramedEchoClient(Socket socket, Duration timeout, int maxFrameBytes) throws IOException {
        this.socket = socket;
        this.timeout = timeout;
        this.out = new FrameEncoder(socket.getOutputStream(), maxFrameBytes);
        this.in = new FrameDecoder(new BufferedInputStream(socket.getInputStream()), maxFrameBytes);
    }

    public static FramedEchoClient connect(int port, int maxFrameBytes, Duration timeout) throws IOException {
        Socket socket = Loopback.connect(port, timeout);
        try {
            return new FramedEchoClient(socket, timeout, maxFrameBytes);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    // tag::round-trip[]
    public byte[] roundTrip(byte[] payload) throws IOException {
        out.writeFrame(payload);
        byte[] echo = in.readFrame();
        if (echo == null) {
            throw new EOFException("server closed the connection instead of echoing");
        }
        return echo;
    }
    // end::round-trip[]

    /** Sends a message of any size in chunks and reassembles its echo, up to {@code maxMessageBytes}. */
    public byte[] echoMessage(byte[] message, int maxMessageBytes) throws IOException {
        MessageWriter writer = new MessageWriter(out);
        MessageReader reader = new MessageReader(in, maxMessageBytes);
        byte[] echo = SendWhileReceiving.exchange(socket, timeout, () -> writer.write(message), reader::read);
        if (echo == null) {
            throw new EOFException("server closed the connection instead of echoing");
        }
        return echo;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
