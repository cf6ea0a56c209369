package book.ch05.chart;

import java.util.List;
import java.util.Locale;

/**
 * One line chart as an SVG group (the same drawing code as chapter 3's herd chart; chapters stay
 * independent, so each carries its own copy), drawn with plain string building: a frame, axes with
 * ticks and labels, one polyline per series and a legend. The y axis is linear from zero
 * or logarithmic (powers of ten), for data that spans orders of magnitude.
 */
public final class SvgLineChart {

    /** Where the legend goes inside the plot: a corner the lines leave free. */
    public enum Legend { TOP_LEFT, TOP_RIGHT, BOTTOM_RIGHT }

    /** A named line: x and y values of equal length, x increasing. */
    public record Series(String name, String color, double[] x, double[] y) {
    }

    public static final int WIDTH = 460;
    public static final int HEIGHT = 340;
    private static final int LEFT = 70;
    private static final int RIGHT = 15;
    private static final int TOP = 35;
    private static final int BOTTOM = 50;

    private SvgLineChart() {
    }

    /** The chart as a {@code <g>} element, placed at (dx, dy), the x axis linear from zero. */
    public static String panel(String title, String xLabel, String yLabel, boolean logY,
                               List<Series> series, Legend legend, int dx, int dy) {
        return panel(title, xLabel, yLabel, false, logY, series, legend, dx, dy);
    }

    /** The chart as a {@code <g>} element, placed at (dx, dy), either axis linear or logarithmic. */
    public static String panel(String title, String xLabel, String yLabel, boolean logX, boolean logY,
                               List<Series> series, Legend legend, int dx, int dy) {
        double xMax = series.stream().mapToDouble(s -> s.x()[s.x().length - 1]).max().orElse(1);
        double xMin = series.stream().mapToDouble(s -> s.x()[0]).filter(v -> v > 0).min().orElse(1);
        Scale x = logX ? Scale.log(xMin, xMax) : Scale.linear(xMax);
        double yMax = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.y())).max().orElse(1);
        double yMin = logY ? series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.y()))
                .filter(v -> v > 0).min().orElse(1) : 0;
        Scale y = logY ? Scale.log(yMin, yMax) : Scale.linear(niceCeiling(yMax));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(f("<g transform=\"translate(%d,%d)\" font-family=\"sans-serif\" font-size=\"11\">%n", dx, dy));
        svg.append(f("<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", LEFT, esc(title)));
        svg.append(f("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
                LEFT, TOP, plotW, plotH));
        for (double tick : x.ticks()) {                   // x ticks and grid
            double px = LEFT + x.fraction(tick) * plotW;
            svg.append(f("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", px, TOP, px, TOP + plotH));
            svg.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, TOP + plotH + 15, label(tick)));
        }
        for (double tick : y.ticks()) {                   // y ticks and grid
            double py = TOP + plotH - y.fraction(tick) * plotH;
            svg.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, py, LEFT + plotW, py));
            svg.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 5, py + 4, label(tick)));
        }
        svg.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", LEFT + plotW / 2, HEIGHT - 12, esc(xLabel)));
        svg.append(f("<text transform=\"translate(15,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
                TOP + plotH / 2, esc(yLabel)));
        int legendX = legend == Legend.TOP_LEFT ? LEFT + 10 : LEFT + plotW - 175;
        int legendY = legend == Legend.BOTTOM_RIGHT ? TOP + plotH - 15 * series.size() + 5 : TOP + 12;
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                points.append(f("%.1f,%.1f ", LEFT + x.fraction(s.x()[i]) * plotW,
                        TOP + plotH - y.fraction(s.y()[i]) * plotH));
            }
            svg.append(f("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    s.color(), points.toString().trim()));
            svg.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                    legendX, legendY - 4, legendX + 20, legendY - 4, s.color()));
            svg.append(f("<text x=\"%d\" y=\"%d\">%s</text>%n", legendX + 25, legendY, esc(s.name())));
            legendY += 15;
        }
        return svg.append("</g>\n").toString();
    }

    /** Maps a value to [0, 1] of the axis height. */
    private record Scale(boolean log, double min, double max) {
        static Scale linear(double max) {
            return new Scale(false, 0, max);
        }

        static Scale log(double min, double max) {
            return new Scale(true, Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(max))));
        }

        double fraction(double v) {
            if (log) {
                return (Math.log10(Math.max(v, min)) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
            }
            return v / max;
        }

        double[] ticks() {
            if (!log) {
                return niceTicks(max);
            }
            int from = (int) Math.round(Math.log10(min));
            int to = (int) Math.round(Math.log10(max));
            double[] t = new double[to - from + 1];
            for (int i = 0; i < t.length; i++) {
                t[i] = Math.pow(10, from + i);
            }
            return t;
        }
    }

    /** A round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at least v. */
    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1e-9))));
        for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** About five evenly spaced round ticks from 0 to max. */
    static double[] niceTicks(double max) {
        double step = niceCeiling(max / 5);
        int n = (int) Math.floor(max / step + 1e-9);
        double[] t = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            t[i] = i * step;
        }
        return t;
    }

    private static String label(double v) {
        if (v >= 1_000_000 && v % 1_000_000 == 0) {
            return (long) (v / 1_000_000) + "M";
        }
        if (v >= 10_000 && v % 1_000 == 0) {
            return (long) (v / 1_000) + "k";
        }
        return v == Math.rint(v) ? Long.toString((long) v) : f("%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
