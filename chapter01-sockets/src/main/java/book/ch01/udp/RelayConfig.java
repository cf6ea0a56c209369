package book.ch01.udp;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link LossyRelay} does to the datagrams it forwards. Each rate is the probability,
 * drawn independently for every datagram, of one misfortune.
 *
 * @param dropRate      the datagram is not forwarded
 * @param duplicateRate the datagram is forwarded twice
 * @param reorderRate   the datagram is held back and sent after the next one
 * @param holdTimeout   a held datagram with no successor is sent anyway after this long
 */
public record RelayConfig(double dropRate, double duplicateRate, double reorderRate, Duration holdTimeout) {

    public static final Duration DEFAULT_HOLD_TIMEOUT = Duration.ofMillis(100);

    public RelayConfig {
        requireProbability("dropRate", dropRate);
        requireProbability("duplicateRate", duplicateRate);
        requireProbability("reorderRate", reorderRate);
        Objects.requireNonNull(holdTimeout, "holdTimeout");
        if (holdTimeout.toMillis() < 1 || holdTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("holdTimeout must be between 1 ms and "
                    + Integer.MAX_VALUE + " ms, not " + holdTimeout.toMillis() + " ms");
        }
    }

    public RelayConfig(double dropRate, double duplicateRate, double reorderRate) {
        this(dropRate, duplicateRate, reorderRate, DEFAULT_HOLD_TIMEOUT);
    }

    private static void requireProbability(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, not " + value);
        }
    }
}
