package book.ch01.http;

import java.io.IOException;
import java.net.URI;

/** A 2xx body larger than the client's limit: refused rather than buffered without bound. */
public final class ResponseTooLargeException extends IOException {

    public ResponseTooLargeException(URI uri, int limit) {
        super("response body from " + uri + " exceeds the " + limit + "-byte limit");
    }
}
