package book.ch02.catalogue;

import java.time.Duration;

/**
 * The two timeouts the scenarios use. A timeout the scenario means to trip is short, so the
 * catalogue runs in seconds; every other timeout is generous, so a loaded machine never trips
 * one by accident and turns one failure into another.
 */
public final class ScenarioTimeouts {

    /** For the connect or read timeout a scenario produces on purpose. */
    public static final Duration TO_TRIP = Duration.ofMillis(300);
    /** For everything that should not time out: far above any loopback delay, even under load. */
    public static final Duration NOT_TO_TRIP = Duration.ofSeconds(5);

    private ScenarioTimeouts() {
    }

    static int millis(Duration d) {
        return Math.toIntExact(d.toMillis());
    }
}
