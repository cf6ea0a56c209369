package book.ch05.capstone;

import java.util.List;
import java.util.Locale;

/**
 * Draws runs as an SVG timeline, one panel per run: each request a dot at its start time and
 * its latency (log scale, 1 ms to the deadline), green when it succeeded, red when it was lost;
 * the phases as bands with their names; under the book's client's panel, one strip per replica
 * with its circuit breaker's state (red open, orange half-open). A reader sees at a glance where
 * the tail went, whether anything was lost, and when each breaker took its replica out.
 */
final class TimelineChart {

    private static final int WIDTH = 960;
    private static final int PANEL = 230;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int STRIP = 12;
    private static final int REPLICAS = 3;
    private static final int STRIPS = REPLICAS * STRIP + 10;
    private static final double MIN_MS = 1;
    private static final double MAX_MS = ResilientClient.DEADLINE.toMillis();

    private TimelineChart() {
    }

    static String svg(List<CapstoneRun.Report> reports) {
        StringBuilder svg = new StringBuilder();
        int height = reports.size() * (PANEL + 40 + STRIPS) + 10;
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (int r = 0; r < reports.size(); r++) {
            panel(svg, reports.get(r), 10 + r * (PANEL + 40 + STRIPS));
        }
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, CapstoneRun.Report report, int top) {
        int phases = report.phases().size();
        double total = (double) report.phaseNanos() * phases;
        double plotWidth = WIDTH - LEFT - RIGHT;
        int bottom = top + 20 + PANEL - 30;
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">%s client:"
                + " %d sent, %d lost, %d duplicated effects</text>%n", LEFT, top + 12,
                report.mode() == ResilientClient.Mode.RESILIENT ? "Resilient" : "Naive",
                report.sent(), report.lost(), report.duplicatedEffects()));
        for (int p = 0; p < phases; p++) {
            double x = LEFT + plotWidth * p / phases;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    x, top + 20, plotWidth / phases, PANEL - 30, p % 2 == 0 ? "#f4f4f4" : "#e8eef8"));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", x + 3, top + 32,
                    escape(report.phases().get(p).name())));
        }
        for (double ms : new double[] {1, 10, 100, 1000}) {
            double y = y(ms, top, bottom);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, WIDTH - RIGHT, y, y, LEFT - 4, y + 4,
                    ms >= 1000 ? (int) (ms / 1000) + " s" : (int) ms + " ms"));
        }
        for (CapstoneRun.Sample s : report.samples()) {
            double x = LEFT + plotWidth * s.startNanos() / total;
            double y = y(s.latencyNanos() / 1e6, top, bottom);
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\"/>%n",
                    x, y, s.ok() ? "1.2" : "2.5", s.ok() ? "#2a8a2a" : "#d11"));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">time (each phase %.1f s); latency, log scale</text>%n",
                LEFT, bottom + 16, report.phaseNanos() / 1e9));
        if (report.mode() == ResilientClient.Mode.RESILIENT) {
            breakerStrips(svg, report, bottom + 24, total, plotWidth);
        }
    }

    /** One strip per replica: where its breaker was open (red) or half-open (orange). */
    private static void breakerStrips(StringBuilder svg, CapstoneRun.Report report, int top, double total, double plotWidth) {
        for (int replica = 0; replica < REPLICAS; replica++) {
            int y = top + replica * STRIP;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#e4f2e4\"/>"
                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">r%d breaker</text>%n",
                    LEFT, y, plotWidth, STRIP - 3, LEFT - 4, y + STRIP - 4, replica + 1));
            double from = 0;
            String fill = null;
            for (ReplicaBreakers.Event e : report.breakerEvents()) {
                if (e.replica() != replica) {
                    continue;
                }
                strip(svg, fill, from, e.atNanos(), y, total, plotWidth);
                from = e.atNanos();
                fill = switch (e.to()) {
                    case OPEN -> "#d11";
                    case HALF_OPEN -> "#f0a020";
                    case CLOSED -> null;
                };
            }
            strip(svg, fill, from, total, y, total, plotWidth);
        }
    }

    private static void strip(StringBuilder svg, String fill, double fromNanos, double toNanos, int y, double total,
                              double plotWidth) {
        if (fill == null) {
            return; // closed: the strip's background
        }
        double x0 = LEFT + plotWidth * Math.min(fromNanos, total) / total;
        double x1 = LEFT + plotWidth * Math.min(toNanos, total) / total;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                x0, y, Math.max(1, x1 - x0), STRIP - 3, fill));
    }

    private static double y(double ms, int top, int bottom) {
        double clamped = Math.max(MIN_MS, Math.min(MAX_MS, ms));
        double f = Math.log(clamped / MIN_MS) / Math.log(MAX_MS / MIN_MS);
        return bottom - f * (bottom - top - 40);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
