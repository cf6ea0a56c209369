package book.ch02.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

/** The misbehaviours a {@link LoopbackPeer} can act out, one per failure in the catalogue. */
public final class PeerScripts {

    private PeerScripts() {
    }

    // tag::scripts[]
    /** Accepts, reads whatever comes, never answers: the client's read times out. */
    public static LoopbackPeer.Script neverAnswer() {
        return LoopbackPeer::drain;
    }

    /** Waits for the request to start arriving, then resets: SO_LINGER 0 makes close send RST. */
    public static LoopbackPeer.Script resetAfterRequest() {
        return connection -> {
            awaitRequest(connection);
            connection.setSoLinger(true, 0);
            connection.close();
        };
    }

    /** Answers with exactly these bytes, then closes its side cleanly (FIN, not RST). */
    public static LoopbackPeer.Script answerAndClose(byte[] answer) {
        return connection -> {
            awaitRequest(connection);
            connection.getOutputStream().write(answer);
            connection.shutdownOutput();
            LoopbackPeer.drain(connection);
        };
    }
    // end::scripts[]

    /**
     * Closes each connection once the request arrives (so the client's connect has completed),
     * with RST if asked, and says so.
     */
    public static LoopbackPeer.Script closeAfterRequest(boolean reset, CountDownLatch closed) {
        return connection -> {
            awaitRequest(connection);
            if (reset) {
                connection.setSoLinger(true, 0);
            }
            connection.close();
            closed.countDown();
        };
    }

    /**
     * Waits for the request and reads what has arrived of it (all of it, for the small requests
     * here, which travel in one segment on loopback), so that a plain close sends FIN: closing
     * with unread input would make the kernel send RST instead.
     */
    private static void awaitRequest(Socket connection) throws IOException {
        InputStream in = connection.getInputStream();
        if (in.read(new byte[8192]) < 0) {
            throw new IOException("the client closed before sending anything");
        }
    }
}
