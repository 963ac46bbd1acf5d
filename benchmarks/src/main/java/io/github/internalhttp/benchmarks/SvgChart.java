package io.github.internalhttp.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A two-panel horizontal bar chart, drawn by hand: req/s (longer is better) and p99
 * latency (shorter is better) per client, one bar per server delay.
 */
final class SvgChart {

	private static final String[] DELAY_COLOURS = { "#2b6cb0", "#dd6b20", "#38a169", "#805ad5" };

	private static final int LABEL_WIDTH = 270;

	private static final int PANEL_WIDTH = 380;

	private static final int PANEL_GAP = 90;

	private static final int BAR_HEIGHT = 11;

	private static final int TOP = 70;

	private final Benchmark.Settings settings;

	private final Map<String, Map<Integer, Report.Median>> medians;

	SvgChart(Benchmark.Settings settings, Map<String, Map<Integer, Report.Median>> medians) {
		this.settings = settings;
		this.medians = medians;
	}

	String render() {
		List<Integer> delays = this.settings.delays();
		int rowHeight = BAR_HEIGHT * delays.size() + 12;
		int rows = this.medians.size();
		int width = LABEL_WIDTH + 2 * PANEL_WIDTH + PANEL_GAP + 60;
		int height = TOP + rows * rowHeight + 60;
		double maxRps = max("rps");
		double maxP99 = max("p99_ms");
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
						+ "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
				width, height, width, height));
		svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
		svg.append(String.format(Locale.ROOT,
				"<text x=\"10\" y=\"22\" font-size=\"16\" font-weight=\"bold\">HTTP clients, c=%d, %s, Java %d, "
						+ "blocking clients on %s threads (client and server share %d cores)</text>%n",
				this.settings.concurrency(),
				(this.settings.rounds() == 1) ? "1 round" : "medians of " + this.settings.rounds() + " rounds",
				Runtime.version().feature(), this.settings.callers(), Runtime.getRuntime().availableProcessors()));
		int rpsX = LABEL_WIDTH;
		int p99X = LABEL_WIDTH + PANEL_WIDTH + PANEL_GAP;
		svg.append(text(rpsX, TOP - 22, "req/s (longer is better)", "bold"));
		svg.append(text(p99X, TOP - 22, "p99 latency, ms (shorter is better)", "bold"));
		for (int i = 0; i < delays.size(); i++) {
			int x = 10 + i * 120;
			svg.append(String.format(Locale.ROOT,
					"<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x, TOP - 34, colour(i)));
			svg.append(text(x + 16, TOP - 24, delays.get(i) + " ms delay", null));
		}
		int row = 0;
		for (Map<Integer, Report.Median> byDelay : this.medians.values()) {
			int y = TOP + row * rowHeight;
			Report.Median any = byDelay.values().iterator().next();
			boolean ours = any.client().group() == ClientSpec.Group.STARTER;
			if (ours) {
				svg.append(String.format(Locale.ROOT,
						"<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fefcbf\"/>%n", y - 3, width,
						rowHeight - 4));
			}
			svg.append(text(LABEL_WIDTH - 8, y + rowHeight / 2, escape(any.client().label()), ours ? "bold" : null)
				.replace("<text ", "<text text-anchor=\"end\" "));
			for (int i = 0; i < delays.size(); i++) {
				Report.Median m = byDelay.get(delays.get(i));
				int barY = y + i * BAR_HEIGHT;
				svg.append(bar(rpsX, barY, m.get("rps"), maxRps, colour(i), String.format(Locale.ROOT, "%,.0f",
						m.get("rps"))));
				svg.append(bar(p99X, barY, m.get("p99_ms"), maxP99, colour(i),
						String.format(Locale.ROOT, "%.1f", m.get("p99_ms"))));
			}
			row++;
		}
		int axisBottom = TOP + rows * rowHeight;
		svg.append(String.format(Locale.ROOT,
				"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", rpsX, TOP - 6, rpsX, axisBottom));
		svg.append(String.format(Locale.ROOT,
				"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", p99X, TOP - 6, p99X, axisBottom));
		svg.append(text(10, axisBottom + 30,
				"Highlighted: the starter through RestClient. Missing bar: the client failed in every round. "
						+ "Details: results.md.",
				null).replace("<text ", "<text fill=\"#555\" "));
		svg.append("</svg>\n");
		return svg.toString();
	}

	private double max(String figure) {
		double max = 0;
		for (Map<Integer, Report.Median> byDelay : this.medians.values()) {
			for (Report.Median m : byDelay.values()) {
				double value = m.get(figure);
				if (!Double.isNaN(value)) {
					max = Math.max(max, value);
				}
			}
		}
		return (max > 0) ? max : 1;
	}

	private static String bar(int x, int y, double value, double max, String colour, String label) {
		if (Double.isNaN(value)) {
			return text(x + 4, y + BAR_HEIGHT - 2, "failed", null);
		}
		double length = Math.max(1, value / max * PANEL_WIDTH);
		return String.format(Locale.ROOT,
				"<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n", x, y, length, BAR_HEIGHT - 1,
				colour) + text((int) (x + length + 4), y + BAR_HEIGHT - 2, label, null).replace("<text ",
						"<text font-size=\"10\" ");
	}

	private static String text(int x, int y, String content, String weight) {
		return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\"%s>%s</text>%n", x, y,
				(weight != null) ? " font-weight=\"" + weight + "\"" : "", content);
	}

	private static String colour(int index) {
		return DELAY_COLOURS[index % DELAY_COLOURS.length];
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
