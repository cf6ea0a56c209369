package book.ch01.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Tells the demo as a timeline: every line starts with the seconds since the demo began, and
 * long lines are wrapped so that nothing is wider than {@link #WIDTH} columns. Server threads
 * report through it too, so it is synchronized: lines never interleave.
 */
final class Narrator {

    /** The widest line printed, stamp included. */
    static final int WIDTH = 100;
    /** {@code "[  0.412s] "}: 11 columns, up to 999 seconds. */
    private static final String STAMP_FORMAT = "[%7.3fs] ";
    private static final int STAMP_WIDTH = 11;
    /** Continuation lines start under the text, two columns further in. */
    private static final String CONTINUATION = " ".repeat(STAMP_WIDTH + 2);

    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final long start;

    Narrator(PrintStream out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    /** Opens an act with a blank line and its title. */
    synchronized void act(int number, String title) {
        out.println();
        say("== Act " + number + ": " + title + " ==");
    }

    /** One event of the timeline, formatted with {@link Locale#ROOT} (so 1,000 and 0.5, everywhere). */
    synchronized void say(String format, Object... args) {
        String text = args.length == 0 ? format : String.format(Locale.ROOT, format, args);
        double seconds = (nanoTime.getAsLong() - start) / 1e9;
        List<String> lines = wrap(text, WIDTH - STAMP_WIDTH, WIDTH - CONTINUATION.length());
        out.println(String.format(Locale.ROOT, STAMP_FORMAT, seconds) + lines.getFirst());
        for (String line : lines.subList(1, lines.size())) {
            out.println(CONTINUATION + line);
        }
        out.flush();
    }

    /** Milliseconds since {@code startNanos}, a reading of the same clock as the stamps. */
    double millisSince(long startNanos) {
        return (nanoTime.getAsLong() - startNanos) / 1e6;
    }

    long now() {
        return nanoTime.getAsLong();
    }

    /** Splits at spaces; a word longer than a line (a path, say) is cut. */
    static List<String> wrap(String text, int firstWidth, int restWidth) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int width = firstWidth;
        for (String word : text.strip().split("\\s+")) {
            while (word.length() > width) {                  // never wider, even for one long word
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                    width = restWidth;
                }
                lines.add(word.substring(0, width));
                word = word.substring(width);
                width = restWidth;
            }
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
                width = restWidth;
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (!line.isEmpty() || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }
}
