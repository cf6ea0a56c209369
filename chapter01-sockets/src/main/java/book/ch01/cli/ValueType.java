package book.ch01.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What an option's value may be, and the range it must lie in. Every numeric option of every
 * program declares one, so that a value outside it (negative, zero where zero means nothing,
 * too large to compute with) is a one-line usage error naming the option, the value as typed
 * and the range, before the program does any work; and so that a test can walk every option
 * of every program with hostile values ({@link #hostileExamples()}).
 *
 * @param <T> the parsed value's type
 */
public sealed interface ValueType<T> {

    /** Parses {@code raw}; the message of the exception says what was wrong, without the option's name. */
    T parse(String raw) throws IllegalArgumentException;

    /** The accepted values as the usage shows them, e.g. {@code 1..65535} or {@code 1ms..1h}. */
    String range();

    /** Values a careless or hostile user might type that must be refused. */
    List<String> hostileExamples();

    static ValueType<Long> integer(long min, long max) {
        return new WholeNumber(min, max);
    }

    static ValueType<Long> port() {
        return new WholeNumber(0, 65_535);
    }

    static ValueType<Double> decimal(double min, double max) {
        return new Decimal(min, max);
    }

    static ValueType<Duration> duration(Duration min, Duration max) {
        return new Time(min, max);
    }

    static ValueType<Long> bytes(long min, long max) {
        return new Bytes(min, max);
    }

    static ValueType<String> choice(String... choices) {
        return new Choice(List.of(choices));
    }

    static ValueType<String> text() {
        return new Text();
    }

    /** A whole number, written with optional underscores: {@code 1_000_000}. */
    record WholeNumber(long min, long max) implements ValueType<Long> {
        public WholeNumber {
            if (min > max) {
                throw new IllegalArgumentException("min " + min + " > max " + max);
            }
        }

        @Override
        public Long parse(String raw) {
            long value;
            try {
                value = Long.parseLong(raw.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is not a whole number in " + range());
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("is out of range " + range());
            }
            return value;
        }

        @Override
        public String range() {
            return Bounds.show(min) + ".." + Bounds.show(max);
        }

        @Override
        public List<String> hostileExamples() {
            return Bounds.outside(min, max, "", "twelve", "1.5", "99999999999999999999");
        }
    }

    /** A decimal number such as {@code 0.25}; NaN and infinities are refused. */
    record Decimal(double min, double max) implements ValueType<Double> {
        @Override
        public Double parse(String raw) {
            double value;
            try {
                value = Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is not a number in " + range());
            }
            if (!(value >= min && value <= max)) { // also refuses NaN
                throw new IllegalArgumentException("is out of range " + range());
            }
            return value;
        }

        @Override
        public String range() {
            return min + ".." + max;
        }

        @Override
        public List<String> hostileExamples() {
            return List.of("NaN", "Infinity", "-Infinity", "1e400", "lots", "",
                    Double.toString(Math.nextDown(min)), Double.toString(Math.nextUp(max)));
        }
    }

    /**
     * A duration written as a whole number and a unit: {@code 250ms}, {@code 2s}, {@code 5m},
     * {@code 1h}. Parsed without overflow: a number too large for its unit is out of range.
     */
    record Time(Duration min, Duration max) implements ValueType<Duration> {
        public Time {
            if (min.isNegative() || min.compareTo(max) > 0) {
                throw new IllegalArgumentException("bad range " + min + ".." + max);
            }
        }

        @Override
        public Duration parse(String raw) {
            String s = raw.trim().toLowerCase(Locale.ROOT);
            Duration value;
            try {
                if (s.endsWith("ms")) {
                    value = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
                } else if (s.endsWith("s")) {
                    value = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
                } else if (s.endsWith("m")) {
                    value = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
                } else if (s.endsWith("h")) {
                    value = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
                } else {
                    throw new IllegalArgumentException("is not a duration such as 250ms, 2s, 5m or 1h in " + range());
                }
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("is not a duration such as 250ms, 2s, 5m or 1h in " + range());
            }
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException("is out of range " + range());
            }
            return value;
        }

        @Override
        public String range() {
            return show(min) + ".." + show(max);
        }

        @Override
        public List<String> hostileExamples() {
            var list = new java.util.ArrayList<>(List.of("-1s", "1", "2x", "s", "", "99999999999999ms",
                    "9223372036854775807h", "1.5s"));
            if (!min.isZero()) {
                list.add(min.minusMillis(1).toMillis() + "ms");
            }
            if (max.compareTo(Duration.ofDays(365)) < 0) {
                list.add(max.plusMillis(1).toMillis() + "ms");
            }
            return list;
        }

        /** The shortest exact form: 1h, 90s, 250ms. */
        static String show(Duration d) {
            long ms = d.toMillis();
            if (ms % 3_600_000 == 0 && ms != 0) {
                return ms / 3_600_000 + "h";
            }
            if (ms % 60_000 == 0 && ms != 0) {
                return ms / 60_000 + "m";
            }
            if (ms % 1000 == 0 && ms != 0) {
                return ms / 1000 + "s";
            }
            return ms + "ms";
        }
    }

    /** A byte count with an optional binary suffix: {@code 512}, {@code 64k}, {@code 16m}, {@code 1g}. */
    record Bytes(long min, long max) implements ValueType<Long> {
        @Override
        public Long parse(String raw) {
            String s = raw.trim().toLowerCase(Locale.ROOT);
            int shift = 0;
            if (s.endsWith("k")) {
                shift = 10;
            } else if (s.endsWith("m")) {
                shift = 20;
            } else if (s.endsWith("g")) {
                shift = 30;
            }
            String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
            long value;
            try {
                long n = Long.parseLong(digits.replace("_", ""));
                // Refuse, rather than wrap, a number whose shifted value does not fit in a long.
                if (n < 0 || (shift > 0 && n > (Long.MAX_VALUE >> shift))) {
                    throw new IllegalArgumentException("is out of range " + range());
                }
                value = n << shift;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is not a byte count such as 512, 64k or 16m in " + range());
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("is out of range " + range());
            }
            return value;
        }

        @Override
        public String range() {
            return Bounds.showBytes(min) + ".." + Bounds.showBytes(max);
        }

        @Override
        public List<String> hostileExamples() {
            return Bounds.outside(min, max, "", "-1", "lots", "17592186044417m", "9223372036854775807k");
        }
    }

    /** One of a fixed set of words. */
    record Choice(List<String> choices) implements ValueType<String> {
        @Override
        public String parse(String raw) {
            if (!choices.contains(raw)) {
                throw new IllegalArgumentException("is not one of " + range());
            }
            return raw;
        }

        @Override
        public String range() {
            return String.join("|", choices);
        }

        @Override
        public List<String> hostileExamples() {
            return List.of("", "none-of-these", choices.get(0).toUpperCase(Locale.ROOT) + "?");
        }
    }

    /** Free text; the program checks what it means (a path, a URL path) before it starts work. */
    record Text() implements ValueType<String> {
        @Override
        public String parse(String raw) {
            return raw;
        }

        @Override
        public String range() {
            return "";
        }

        @Override
        public List<String> hostileExamples() {
            return List.of();
        }
    }

    /** Shared pieces of the numeric types' messages and examples. */
    final class Bounds {
        private Bounds() {
        }

        static String show(long n) {
            return n == Long.MAX_VALUE ? "9223372036854775807" : String.format(Locale.ROOT, "%d", n);
        }

        static String showBytes(long n) {
            if (n != 0 && n % (1L << 30) == 0) {
                return (n >> 30) + "g";
            }
            if (n != 0 && n % (1L << 20) == 0) {
                return (n >> 20) + "m";
            }
            if (n != 0 && n % (1L << 10) == 0) {
                return (n >> 10) + "k";
            }
            return Long.toString(n);
        }

        static List<String> outside(long min, long max, String... more) {
            var list = new java.util.ArrayList<>(List.of(more));
            if (min > Long.MIN_VALUE) {
                list.add(Long.toString(min - 1));
            }
            if (max < Long.MAX_VALUE) {
                list.add(Long.toString(max + 1));
            }
            return list;
        }
    }
}
