package book.ch01.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes every exchange end in a response or a dropped connection, never in a hang or a
 * silently cut body. It enforces the request-body limit (413 with a message naming both sizes),
 * turns a handler's {@link HttpStatusException} into that status, and any other failure into a
 * 500. Left alone, the JDK server closes the connection without a word when a handler throws,
 * and the client cannot tell a crash from a network fault.
 */
public final class ExchangeGuard extends Filter {

    private static final Logger LOG = Logger.getLogger(ExchangeGuard.class.getName());
    static final int INTERNAL_SERVER_ERROR = 500;

    private final long maxRequestBodyBytes;

    public ExchangeGuard(long maxRequestBodyBytes) {
        if (maxRequestBodyBytes < 0) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be >= 0, not " + maxRequestBodyBytes);
        }
        this.maxRequestBodyBytes = maxRequestBodyBytes;
    }

    // tag::guard[]
    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        try {
            long declared = declaredLength(exchange);
            if (declared > maxRequestBodyBytes) { // refuse before reading a byte of it
                throw RequestBodyTooLargeException.declared(declared, maxRequestBodyBytes);
            }
            exchange.setStreams(new BoundedRequestBody(exchange.getRequestBody(), maxRequestBodyBytes), null);
            chain.doFilter(exchange);
        } catch (HttpStatusException e) {
            answerOrAbort(exchange, e.status(), e.getMessage(), e);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "handler failed on " + exchange.getRequestURI(), e);
            answerOrAbort(exchange, INTERNAL_SERVER_ERROR, "internal server error", e);
        } catch (Error e) { // answered as well (an escaped Error leaves the exchange hanging), then rethrown
            answerOrAbort(exchange, INTERNAL_SERVER_ERROR, "internal server error", e);
            exchange.close();
            throw e;
        }
        exchange.close(); // only reached when a complete response went out
    }

    private static void answerOrAbort(HttpExchange exchange, int status, String message, Throwable cause)
            throws IOException {
        if (exchange.getResponseCode() != -1) {
            // The status line is already out. Closing normally would end a chunked body as if it
            // were complete; throwing makes the server drop the connection, so the client sees a
            // broken response instead of a short one.
            throw new IOException("handler failed after the response started: " + cause, cause);
        }
        PlainText.send(exchange, status, message + "\n");
    }
    // end::guard[]

    private static long declaredLength(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst("Content-Length");
        // The JDK server has already rejected a malformed Content-Length with 400.
        return value == null ? -1 : Long.parseLong(value.trim());
    }

    @Override
    public String description() {
        return "limits request bodies to " + maxRequestBodyBytes + " bytes and answers handler failures with a status";
    }
}
