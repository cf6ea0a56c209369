package book.ch03.herd;

import book.ch03.backoff.Backoff;
import book.ch03.backoff.DecorrelatedJitterBackoff;
import book.ch03.backoff.EqualJitterBackoff;
import book.ch03.backoff.ExponentialBackoff;
import book.ch03.backoff.FullJitterBackoff;

/** The backoff strategies the herd is run with, named as on the chart and the command line. */
public enum Strategy {
    NONE("none", "no backoff", "#7f7f7f"),
    EXPONENTIAL("exponential", "exponential, no jitter", "#d62728"),
    EQUAL("equal", "equal jitter", "#ff7f0e"),
    FULL("full", "full jitter", "#1f77b4"),
    DECORRELATED("decorrelated", "decorrelated jitter", "#2ca02c");

    private final String option;
    private final String label;
    private final String color;

    Strategy(String option, String label, String color) {
        this.option = option;
        this.label = label;
        this.color = color;
    }

    public String option() {
        return option;
    }

    public String label() {
        return label;
    }

    public String color() {
        return color;
    }

    public Backoff backoff(long baseMillis, long capMillis) {
        return switch (this) {
            case NONE -> Backoff.none();
            case EXPONENTIAL -> new ExponentialBackoff(baseMillis, capMillis);
            case EQUAL -> new EqualJitterBackoff(baseMillis, capMillis);
            case FULL -> new FullJitterBackoff(baseMillis, capMillis);
            case DECORRELATED -> new DecorrelatedJitterBackoff(baseMillis, capMillis);
        };
    }

    /** The strategy named on a command line, or an exception listing the names. */
    public static Strategy named(String option) {
        for (Strategy s : values()) {
            if (s.option.equals(option)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no strategy named '" + option
                + "'; use none, exponential, equal, full or decorrelated");
    }
}
