package book.ch04.timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server for one connection that answers a byte at a time, {@value #GAP_MILLIS} ms
 * apart: either its whole head, endlessly (a per-read timeout never fires), or a proper head at
 * once and then a body of {@value #BODY_BYTES} bytes. Bounded: it gives up after 20 s.
 */
final class Trickle implements AutoCloseable {

    static final int GAP_MILLIS = 50;
    static final int BODY_BYTES = 20;

    private final ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    private final CountDownLatch closedByClient = new CountDownLatch(1);
    private final Thread thread;

    Trickle(boolean endlessHead) throws IOException {
        thread = Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                in.read(new byte[4096]);
                OutputStream out = s.getOutputStream();
                if (!endlessHead) {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + BODY_BYTES + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                int count = endlessHead ? 20_000 / GAP_MILLIS : BODY_BYTES;
                for (int i = 0; i < count; i++) {
                    Thread.sleep(GAP_MILLIS);
                    out.write(endlessHead ? 'X' : 'b');
                    out.flush();
                }
            } catch (IOException e) {
                closedByClient.countDown(); // broken pipe or reset: the client closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    boolean awaitClosedByClient() throws InterruptedException {
        return closedByClient.await(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
