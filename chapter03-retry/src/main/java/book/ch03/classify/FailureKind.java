package book.ch03.classify;

/**
 * What went wrong with one call, in the two facts that decide whether it may be sent again:
 * is the failure transient (another attempt may succeed), and may the request have reached the
 * server (so that a second one could repeat its effect)? The rows are the book's shared table
 * ("May I retry this?"): chapter 2's classifier gives the same two answers for the same failure.
 */
public enum FailureKind {
    /** Nobody was listening: no connection, nothing sent. */
    CONNECT_REFUSED(true, false),
    /** The connection was never established in time (not the same as refused): nothing sent. */
    CONNECT_TIMEOUT(true, false),
    /** No route to the host: a connect failure, the request never left. */
    NO_ROUTE(true, false),
    /** The name does not resolve; asking again within a backoff window rarely helps: alert instead. */
    UNKNOWN_HOST(false, false),
    /** The TLS handshake was cut by EOF or a reset; the request is sent only after the handshake. */
    TLS_HANDSHAKE_CUT(true, false),
    /** The TLS handshake was refused on certificates or host name: configuration, not luck. */
    TLS_REFUSED(false, false),
    /** The connection broke (reset, EOF, broken pipe) after the request was (partly) written. */
    RESET(true, true),
    /** The request was sent and no answer came in time: the server may have acted on it. */
    READ_TIMEOUT(true, true),
    /** The caller gave up (interrupted, cancelled): never retried, and it may have arrived. */
    INTERRUPTED(false, true),
    /** Anything else (a bug, bad input): sending it again will not help. */
    OTHER(false, true);

    private final boolean transientFailure;
    private final boolean mayHaveBeenProcessed;

    FailureKind(boolean transientFailure, boolean mayHaveBeenProcessed) {
        this.transientFailure = transientFailure;
        this.mayHaveBeenProcessed = mayHaveBeenProcessed;
    }

    /** Another attempt may succeed. */
    public boolean isTransient() {
        return transientFailure;
    }

    /** The request may have reached the server, which may have acted on it. */
    public boolean mayHaveBeenProcessed() {
        return mayHaveBeenProcessed;
    }

    /** A failure before any byte of the request could leave: connect, name, TLS handshake. */
    public boolean isConnectPhase() {
        return !mayHaveBeenProcessed;
    }
}
