package book.ch02.logging;

import book.ch02.classify.Phase;
import java.io.IOException;

/**
 * A call to an upstream failed. Thrown by the layer that made the call, carrying what only that
 * layer knows (which upstream, which operation and attempt, how far it got) so that the layer
 * that handles the failure can log it once, completely, without anyone logging on the way up.
 */
public final class UpstreamCallException extends IOException {

    private final String host;
    private final int port;
    private final String operation;
    private final int attempt;
    private final Phase phase;

    public UpstreamCallException(String host, int port, String operation, int attempt, Phase phase, Throwable cause) {
        super(operation + " to " + host + ":" + port + " failed on attempt " + attempt + " while "
                + phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + cause, cause);
        this.host = host;
        this.port = port;
        this.operation = operation;
        this.attempt = attempt;
        this.phase = phase;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String operation() {
        return operation;
    }

    public int attempt() {
        return attempt;
    }

    public Phase phase() {
        return phase;
    }
}
