package book.ch01.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The echo protocol: every byte that arrives is sent back, until the client half-closes.
 * No framing at all, so any byte-stream client, {@code nc} included, can talk to it.
 */
public final class EchoHandler implements ConnectionHandler {

    /** Big enough to move a loopback burst in few calls, small enough per connection. */
    private static final int BUFFER_BYTES = 8 * 1024;

    // tag::echo[]
    @Override
    public void handle(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[BUFFER_BYTES];
        int n;
        while ((n = in.read(buffer)) != -1) {   // n is anything from 1 to buffer.length
            out.write(buffer, 0, n);            // so echo n bytes, never buffer.length
        }
        // -1: the client half-closed. Returning lets the server close our side, which the
        // client reads as the end of the echo.
    }
    // end::echo[]
}
