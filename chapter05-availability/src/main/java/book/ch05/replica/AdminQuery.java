package book.ch05.replica;

import java.time.Duration;

/**
 * Reads {@code POST /admin?stall=true&failure-rate=0.2&latency-ms=5...}: the knobs an operator
 * (or the capstone's demo) turns on a replica that runs as a separate process. Unknown names
 * and bad values are refused with a message naming them; nothing changes unless all parse.
 */
final class AdminQuery {

    private AdminQuery() {
    }

    static Behaviour apply(Behaviour b, String query) {
        if (query.isEmpty()) {
            return b;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected name=value, not '" + pair + "'");
            }
            String name = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            b = switch (name) {
                case "stall" -> b.withStalled(bool(name, value));
                case "corrupt" -> b.withCorrupt(bool(name, value));
                case "healthy" -> b.withHealthy(bool(name, value));
                case "failure-rate" -> b.withFailureRate(share(name, value));
                case "latency-ms" -> b.withLatency(millis(name, value));
                case "tail-probability" -> b.withTail(share(name, value), b.tailLatency());
                case "tail-latency-ms" -> b.withTail(b.tailProbability(), millis(name, value));
                default -> throw new IllegalArgumentException("unknown setting '" + name + "'");
            };
        }
        return b;
    }

    private static boolean bool(String name, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
        };
    }

    private static double share(String name, String value) {
        try {
            double d = Double.parseDouble(value);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException(name + " must be 0..1, not '" + value + "'");
    }

    private static Duration millis(String name, String value) {
        try {
            long ms = Long.parseLong(value);
            if (ms >= 0 && ms <= Behaviour.MAX_LATENCY.toMillis()) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException(name + " must be 0.." + Behaviour.MAX_LATENCY.toMillis() + ", not '" + value + "'");
    }
}
