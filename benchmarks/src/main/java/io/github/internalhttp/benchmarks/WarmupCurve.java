package io.github.internalhttp.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * A client's throughput from its start: the requests completed in each slice of its
 * cold burst and initial warm-up, so that the report can tell how fast a freshly
 * started client serves (its first seconds) and when it reaches its steady rate.
 *
 * @param slices the slices in order
 */
record WarmupCurve(List<Slice> slices) {

	/**
	 * One slice.
	 * @param startMillis its start, from the client's first request
	 * @param endMillis its end, from the client's first request
	 * @param requests the requests it completed
	 */
	record Slice(long startMillis, long endMillis, long requests) {

		double rps() {
			return (this.endMillis > this.startMillis) ? this.requests * 1000.0 / (this.endMillis - this.startMillis)
					: Double.NaN;
		}

	}

	WarmupCurve {
		slices = List.copyOf(slices);
	}

	/**
	 * Parse the form {@link #toString()} writes.
	 * @param text {@code start-end:requests} per slice, comma-separated; empty or
	 * {@code null} for none
	 * @return the curve
	 */
	static WarmupCurve parse(String text) {
		List<Slice> slices = new ArrayList<>();
		if (text != null && !text.isBlank()) {
			for (String slice : text.split(",")) {
				int dash = slice.indexOf('-');
				int colon = slice.indexOf(':');
				if (dash < 1 || colon < dash) {
					throw new IllegalArgumentException("Not a warm-up slice (start-end:requests): " + slice);
				}
				slices.add(new Slice(Long.parseLong(slice.substring(0, dash)),
						Long.parseLong(slice.substring(dash + 1, colon)), Long.parseLong(slice.substring(colon + 1))));
			}
		}
		return new WarmupCurve(slices);
	}

	/**
	 * The mean throughput over the slices that ended within the first {@code millis}.
	 * @param millis the window from the client's first request
	 * @return requests per second, or NaN if no slice ended that early
	 */
	double rpsWithin(long millis) {
		long requests = 0;
		long end = 0;
		for (Slice slice : this.slices) {
			if (slice.endMillis() > millis) {
				break;
			}
			requests += slice.requests();
			end = slice.endMillis();
		}
		long start = this.slices.isEmpty() ? 0 : this.slices.get(0).startMillis();
		return (end > start) ? requests * 1000.0 / (end - start) : Double.NaN;
	}

	/**
	 * When the client first ran at {@code rps} or faster over a whole slice.
	 * @param rps the rate to reach, such as 90 % of the steady rate
	 * @return the end of the first such slice in milliseconds from the first request, or
	 * -1 if no slice reached it
	 */
	long millisToReach(double rps) {
		for (Slice slice : this.slices) {
			if (slice.rps() >= rps) {
				return slice.endMillis();
			}
		}
		return -1;
	}

	/** The end of the last slice: how long the curve covers, in milliseconds. */
	long coveredMillis() {
		return this.slices.isEmpty() ? 0 : this.slices.get(this.slices.size() - 1).endMillis();
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		for (Slice slice : this.slices) {
			if (text.length() > 0) {
				text.append(',');
			}
			text.append(slice.startMillis()).append('-').append(slice.endMillis()).append(':').append(slice.requests());
		}
		return text.toString();
	}

}
