package book.ch01.http;

/** A request body over the server's limit: answered with 413 and a message naming both sizes. */
public final class RequestBodyTooLargeException extends HttpStatusException {

    public static final int PAYLOAD_TOO_LARGE = 413;

    private RequestBodyTooLargeException(String message) {
        super(PAYLOAD_TOO_LARGE, message);
    }

    /** The client declared the size up front (Content-Length), so nothing needs to be read. */
    static RequestBodyTooLargeException declared(long contentLength, long limit) {
        return new RequestBodyTooLargeException(
                "request body of " + contentLength + " bytes exceeds the " + limit + "-byte limit");
    }

    /** A body of unknown length (chunked) crossed the limit while it was being read. */
    static RequestBodyTooLargeException whileReading(long bytesSoFar, long limit) {
        return new RequestBodyTooLargeException(
                "request body of at least " + bytesSoFar + " bytes exceeds the " + limit + "-byte limit");
    }
}
