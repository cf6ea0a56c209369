package book.ch02.classify;

/**
 * What kind of trouble a failure is, in the words an operator uses. The kind is for people and
 * dashboards; the {@link Decision} is for the retry loop.
 */
public enum FailureKind {
    UNKNOWN_HOST("the host does not exist: the name did not resolve"),
    REFUSED("the host is there but nothing listens on the port"),
    SLOW("the host is slow: a connect or read timed out"),
    CONNECTION_LOST("the connection broke: reset, closed early, or a write to a closed peer"),
    BAD_DATA("the host answered but the data is wrong: corrupt, malformed or a protocol error"),
    TLS("TLS refused: a certificate or configuration problem"),
    REDIRECT("the answer is a redirect the client did not follow, for example a loop"),
    CLIENT_ERROR("the request is wrong (4xx)"),
    SERVER_ERROR("the server failed (5xx)"),
    THROTTLED("the server asks the client to slow down"),
    CANCELLED("the caller gave up: an interrupt or a cancellation"),
    UNEXPECTED("not a network failure: most likely a bug");

    private final String meaning;

    FailureKind(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}
