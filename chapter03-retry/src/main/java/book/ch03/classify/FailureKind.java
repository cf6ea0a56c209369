package book.ch03.classify;

/**
 * What went wrong with one call, in the terms that decide whether it may be sent again:
 * did the request leave the client, and could the server have acted on it?
 */
public enum FailureKind {
    /** Nobody was listening: the request never left, so sending it again is always safe. */
    CONNECT_REFUSED,
    /** The connection was never established: the request never left. */
    CONNECT_TIMEOUT,
    /** The request was sent and no answer came in time: the server may have acted on it. */
    READ_TIMEOUT,
    /** The connection broke after the request was sent: the server may have acted on it. */
    RESET,
    /** Anything else (a bug, bad input, a TLS failure): sending it again will not help. */
    OTHER
}
