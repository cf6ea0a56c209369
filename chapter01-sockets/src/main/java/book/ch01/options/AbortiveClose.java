package book.ch01.options;

import java.io.IOException;
import java.net.Socket;

/**
 * Closing a connection with a reset instead of the orderly FIN exchange: {@code SO_LINGER}
 * on with a timeout of 0. The kernel throws away whatever is still unsent, answers the peer
 * with RST, and leaves no TIME_WAIT behind.
 *
 * <p>It is the right way to drop a connection that has already misbehaved (a peer that sent
 * garbage or stopped reading), and the wrong way to end a healthy one: the peer's next read
 * fails with {@code SocketException: Connection reset} and bytes written just before are lost.
 */
public final class AbortiveClose {

    private AbortiveClose() {
    }

    // tag::abort[]
    /** Closes with RST: unsent data is discarded and the peer sees "Connection reset". */
    public static void abort(Socket socket) throws IOException {
        try {
            socket.setSoLinger(true, 0);
        } finally {
            socket.close();
        }
    }
    // end::abort[]
}
