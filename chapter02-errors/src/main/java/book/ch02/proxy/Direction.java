package book.ch02.proxy;

/**
 * The two directions of a proxied connection, named as Toxiproxy names them, so that a fault
 * can hit requests and leave responses alone (or the other way round).
 */
public enum Direction {
    /** Client to upstream server: the requests. */
    UPSTREAM,
    /** Upstream server to client: the responses. */
    DOWNSTREAM;

    /** The name used in logs and on the command line. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
