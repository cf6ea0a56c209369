package book.ch02.classify;

/**
 * What kind of outcome a call had, in the words an operator uses. The kind is for people and
 * dashboards; the two facts of a {@link Classification} are for the retry loop.
 */
public enum FailureKind {
    UNKNOWN_HOST("the host does not exist: the name did not resolve"),
    REFUSED("the host is there but nothing listens on the port"),
    UNREACHABLE("no route to the host: the connection could not be attempted"),
    CONNECT_TIMEOUT("no answer to the connection attempt in time"),
    READ_TIMEOUT("the connection is open but the answer did not come in time"),
    CONNECTION_LOST("the connection broke: reset, closed early, or a write to a closed peer"),
    BAD_DATA("the host answered but the data is wrong: corrupt, malformed or a protocol error"),
    TLS("TLS refused: a certificate or configuration problem"),
    SUCCESS("the server answered: a 2xx, or 304 to a conditional request"),
    REDIRECT("the answer is a redirect (3xx), not a failure"),
    CLIENT_ERROR("the request is wrong (4xx)"),
    SERVER_ERROR("the server or a gateway failed (5xx)"),
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
