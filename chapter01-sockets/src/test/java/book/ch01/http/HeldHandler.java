package book.ch01.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A handler that holds its exchange until the test releases it: the way tests make a "slow"
 * server without sleeping. With {@code headersFirst} it sends the status and part of a chunked
 * body before it waits, to stall the body rather than the headers. Never holds longer than
 * {@link #MAX_HOLD_SECONDS}, so a failed test cannot leave it running.
 */
final class HeldHandler implements HttpHandler, AutoCloseable {

    static final long MAX_HOLD_SECONDS = 30;

    private final boolean headersFirst;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    HeldHandler(boolean headersFirst) {
        this.headersFirst = headersFirst;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        OutputStream body = null;
        if (headersFirst) {
            exchange.sendResponseHeaders(200, 0); // chunked
            body = exchange.getResponseBody();
            body.write("first part;".getBytes(StandardCharsets.UTF_8));
            body.flush();
        }
        entered.countDown();
        try {
            release.await(MAX_HOLD_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while held", e);
        }
        if (body == null) {
            PlainText.send(exchange, 200, "released\n");
        } else {
            body.write("second part\n".getBytes(StandardCharsets.UTF_8));
            body.close();
        }
    }

    /** Waits until an exchange is inside the handler. */
    boolean awaitEntered() throws InterruptedException {
        return entered.await(MAX_HOLD_SECONDS, TimeUnit.SECONDS);
    }

    /** Lets every held exchange finish. */
    @Override
    public void close() {
        release.countDown();
    }
}
