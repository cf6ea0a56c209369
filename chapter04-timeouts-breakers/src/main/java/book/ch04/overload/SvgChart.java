package book.ch04.overload;

import java.util.List;
import java.util.Locale;

/**
 * Line charts as a standalone SVG file: panels stacked vertically, each with its axes, ticks,
 * a legend and one polyline per series. Just enough to look at a simulation's output in a
 * browser; no dependency.
 */
final class SvgChart {

    /** One line: points (x[i], y[i]). */
    record Series(String name, String color, double[] x, double[] y) {
        Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values, " + y.length + " y values");
            }
        }
    }

    /** One chart: a title, axis labels, its lines. */
    record Panel(String title, String xLabel, String yLabel, List<Series> series) {}

    private static final int WIDTH = 760;
    private static final int PANEL_HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final int TICKS = 5;

    private SvgChart() {
    }

    static String render(List<Panel> panels) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, PANEL_HEIGHT * panels.size()));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (int i = 0; i < panels.size(); i++) {
            panel(svg, panels.get(i), i * PANEL_HEIGHT);
        }
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, Panel p, int top) {
        double maxX = niceCeiling(p.series().stream().flatMapToDouble(s -> java.util.Arrays.stream(s.x())).max().orElse(1));
        double maxY = niceCeiling(p.series().stream().flatMapToDouble(s -> java.util.Arrays.stream(s.y())).max().orElse(1));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = PANEL_HEIGHT - TOP - BOTTOM;
        int x0 = LEFT;
        int y0 = top + TOP + plotH;
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                LEFT, top + 22, escape(p.title())));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                x0, y0 - plotH, plotW, plotH));
        for (int t = 0; t <= TICKS; t++) {
            double fx = maxX * t / TICKS;
            double fy = maxY * t / TICKS;
            int px = x0 + plotW * t / TICKS;
            int py = y0 - plotH * t / TICKS;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>%n", x0, py, x0 + plotW, py));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, y0 + 18, label(fx)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", x0 - 6, py + 4, label(fy)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                x0 + plotW / 2, y0 + 40, escape(p.xLabel())));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(%d,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
                16, y0 - plotH / 2, escape(p.yLabel())));
        int legendY = y0 - plotH + 10;
        for (Series s : p.series()) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ",
                        x0 + plotW * s.x()[i] / maxX, y0 - plotH * s.y()[i] / maxY));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    s.color(), points.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                    x0 + plotW + 10, legendY, x0 + plotW + 30, legendY, s.color()));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", x0 + plotW + 36, legendY + 4, escape(s.name())));
            legendY += 18;
        }
    }

    /** A round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten) at or above {@code v}. */
    static double niceCeiling(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * power >= v) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static String label(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
