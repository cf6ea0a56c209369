package book.ch03.herd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The herd chart: writes sent and time to completion against the number of clients, one
 * line per backoff strategy, side by side in one SVG document.
 */
public final class HerdChart {

    private HerdChart() {
    }

    public static String svg(Map<Strategy, List<HerdSimulation.Result>> results, String caption) {
        List<SvgLineChart.Series> calls = new ArrayList<>();
        List<SvgLineChart.Series> times = new ArrayList<>();
        results.forEach((strategy, points) -> {
            double[] x = points.stream().mapToDouble(HerdSimulation.Result::clients).toArray();
            calls.add(new SvgLineChart.Series(strategy.label(), strategy.color(), x,
                    points.stream().mapToDouble(HerdSimulation.Result::calls).toArray()));
            times.add(new SvgLineChart.Series(strategy.label(), strategy.color(), x,
                    points.stream().mapToDouble(HerdSimulation.Result::completionMillis).toArray()));
        });
        int width = 2 * SvgLineChart.WIDTH + 20;
        int height = SvgLineChart.HEIGHT + 25;
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + width + " " + height + "\">\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                + SvgLineChart.panel("Work: writes sent", "clients", "writes (calls)", false, calls, false, 0, 0)
                + SvgLineChart.panel("Time until the last client is done", "clients", "milliseconds (log scale)",
                        true, times, true, SvgLineChart.WIDTH + 20, 0)
                + "<text x=\"10\" y=\"" + (height - 8) + "\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#555\">"
                + caption.replace("&", "&amp;").replace("<", "&lt;") + "</text>\n"
                + "</svg>\n";
    }
}
