package io.tastestream.trainer.report;

import io.tastestream.trainer.evaluate.Evaluator;
import io.tastestream.trainer.evaluate.Metrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * {@code report.html} beside metrics.json: what was evaluated, a table of every metric per model, and two PNG bar
 * charts (recall@K and NDCG@K by model) drawn with XChart.
 */
public final class HtmlReport {
    public static final String NAME = "report.html";
    public static final String RECALL_PNG = "recall.png";
    public static final String NDCG_PNG = "ndcg.png";

    private HtmlReport() {}

    /**
     * @param title   e.g. "tastestream evaluate: random"
     * @param details lines describing the run (data, split, users, items, settings), shown as a list
     */
    public static Path write(Path dir, String title, List<String> details, List<Evaluator.Result> results)
            throws IOException {
        // charts render off screen; no display is needed (or wanted) on a server
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        savePng(chart(results, "recall", "recall@K"), dir.resolve(RECALL_PNG));
        savePng(chart(results, "ndcg", "NDCG@K"), dir.resolve(NDCG_PNG));
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:960px;margin:2em auto}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;"
                        + "text-align:right}th:first-child,td:first-child{text-align:left}.best{font-weight:bold}"
                        + "</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n<ul>\n");
        for (String d : details) {
            h.append("<li>").append(esc(d)).append("</li>\n");
        }
        h.append("</ul>\n<table>\n<tr><th>model</th>");
        List<String> keys = results.isEmpty() ? List.of() : new ArrayList<>(results.get(0).metrics().keySet());
        for (String k : keys) {
            h.append("<th>").append(esc(k)).append("</th>");
        }
        h.append("<th>users</th><th>fit s</th><th>rank s</th></tr>\n");
        for (Evaluator.Result r : results) {
            h.append("<tr><td>").append(esc(r.name())).append("</td>");
            for (String k : keys) {
                double v = r.metrics().get(k);
                boolean best = results.stream().allMatch(o -> o.metrics().get(k) <= v);
                h.append(best ? "<td class=\"best\">" : "<td>").append(format(v)).append("</td>");
            }
            h.append(String.format(Locale.ROOT, "<td>%d</td><td>%.1f</td><td>%.1f</td></tr>%n", r.users(),
                    r.fitSeconds(), r.rankSeconds()));
        }
        h.append("</table>\n<p>Best per column in bold. recall@K = hits in the top K / test artists; NDCG@K binary, "
                + "ideal DCG over min(K, test artists) positions; both averaged over users.</p>\n")
                .append("<h2>recall@K</h2>\n<img src=\"").append(RECALL_PNG).append("\" alt=\"recall@K by model\">\n")
                .append("<h2>NDCG@K</h2>\n<img src=\"").append(NDCG_PNG).append("\" alt=\"NDCG@K by model\">\n")
                .append("</body></html>\n");
        Path file = dir.resolve(NAME);
        Files.writeString(file, h, StandardCharsets.UTF_8);
        return file;
    }

    private static CategoryChart chart(List<Evaluator.Result> results, String metric, String title) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(450).title(title)
                .xAxisTitle("K").yAxisTitle(metric).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        List<String> ks = new ArrayList<>();
        for (int k : Metrics.CUTOFFS) {
            ks.add(Integer.toString(k));
        }
        for (Evaluator.Result r : results) {
            List<Double> values = new ArrayList<>();
            for (int k : Metrics.CUTOFFS) {
                values.add(r.metrics().get(metric + "@" + k));
            }
            chart.addSeries(r.name(), ks, values);
        }
        return chart;
    }

    private static void savePng(CategoryChart chart, Path file) throws IOException {
        // XChart appends the extension itself
        String path = file.toString();
        BitmapEncoder.saveBitmap(chart, path.substring(0, path.length() - ".png".length()),
                BitmapEncoder.BitmapFormat.PNG);
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The metrics of one result as "recall@20 0.2484 / ndcg@10 0.2256", for console lines. */
    public static String headline(Map<String, Double> metrics) {
        return String.format(Locale.ROOT, "recall@20 %.4f  ndcg@10 %.4f", metrics.get("recall@20"),
                metrics.get("ndcg@10"));
    }
}
