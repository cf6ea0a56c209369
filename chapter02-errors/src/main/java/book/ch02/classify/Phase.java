package book.ch02.classify;

/**
 * How far an attempt got when it failed. The exception alone often cannot say whether the
 * request left the client (a {@code SocketTimeoutException} is the same class for a connect and
 * for a read), yet that is what decides whether a non-idempotent request may be sent again.
 */
// tag::phase[]
public enum Phase {
    /** Opening the connection or the TLS handshake: no byte of the request has been sent. */
    CONNECTING(false),
    /** Writing the request: some of it may already be with the server. */
    SENDING(true),
    /** The request is sent, nothing has come back: the server may be working on it. */
    AWAITING_RESPONSE(true),
    /** Part of the response has arrived: the server certainly processed the request. */
    READING_RESPONSE(true),
    /** Connecting to a redirect's target: the server that answered 3xx already had the request,
     *  so even a refused connection now says nothing about whether it was processed. */
    FOLLOWING_REDIRECT(true),
    /** The caller cannot tell how far its one exchange got (an HTTP client hides its phases):
     *  assume the request may have arrived, unless the failure itself proves it never left. */
    UNKNOWN(true);

    private final boolean requestMayHaveArrived;

    Phase(boolean requestMayHaveArrived) {
        this.requestMayHaveArrived = requestMayHaveArrived;
    }

    public boolean requestMayHaveArrived() {
        return requestMayHaveArrived;
    }
}
// end::phase[]
