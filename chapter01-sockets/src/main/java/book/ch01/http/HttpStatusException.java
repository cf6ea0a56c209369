package book.ch01.http;

import java.io.IOException;

/**
 * Thrown by a handler (or by the request-body limit) to end an exchange with a specific 4xx
 * status and a message that names the problem. {@link ExchangeGuard} turns it into the response;
 * anything else a handler throws becomes a 500.
 */
public class HttpStatusException extends IOException {

    private final int status;

    public HttpStatusException(int status, String message) {
        super(message);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("status must be a 4xx client error, not " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }
}
