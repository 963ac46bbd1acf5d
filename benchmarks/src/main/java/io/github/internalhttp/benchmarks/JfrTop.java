package io.github.internalhttp.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording made with {@code --jfr id}: the hottest methods by CPU
 * samples (self and inclusive), where threads park or block the longest, and the
 * biggest allocation sites, within the measured phase when the recording marks it. Usage:
 * {@code java -cp benchmarks/target/benchmarks.jar io.github.internalhttp.benchmarks.JfrTop FILE.jfr [N]}.
 */
public final class JfrTop {

	private JfrTop() {
	}

	public static void main(String[] args) throws IOException {
		Path file = Path.of(args[0]);
		int limit = (args.length > 1) ? Integer.parseInt(args[1]) : 25;
		Map<String, Long> self = new HashMap<>();
		Map<String, Long> inclusive = new HashMap<>();
		Map<String, Long> waits = new HashMap<>();
		Map<String, Long> allocations = new HashMap<>();
		long samples = 0;
		List<RecordedEvent> events = RecordingFile.readAllEvents(file);
		List<RecordedEvent> windows = events.stream()
			.filter((event) -> event.getEventType().getName().equals(ClientRunner.MeasuredPhaseEvent.NAME))
			.toList();
		System.out.println(windows.isEmpty() ? "Whole recording (no measured phase marked)"
				: "Measured phase only: " + windows.get(0).getDuration().toMillis() + " ms");
		for (RecordedEvent event : events) {
			if (!windows.isEmpty() && windows.stream()
				.noneMatch((window) -> !event.getStartTime().isBefore(window.getStartTime())
						&& !event.getStartTime().isAfter(window.getEndTime()))) {
				continue;
			}
			String type = event.getEventType().getName();
			RecordedStackTrace stack = event.getStackTrace();
			if (stack == null || stack.getFrames().isEmpty()) {
				continue;
			}
			List<RecordedFrame> frames = stack.getFrames();
			switch (type) {
				case "jdk.ExecutionSample" -> {
					samples++;
					self.merge(name(frames.get(0)), 1L, Long::sum);
					Set<String> seen = new HashSet<>();
					for (RecordedFrame frame : frames) {
						String name = name(frame);
						if (seen.add(name)) {
							inclusive.merge(name, 1L, Long::sum);
						}
					}
				}
				case "jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait" -> waits
					.merge(type.substring(4) + " at " + firstApplicationFrame(frames), event.getDuration().toNanos(),
							Long::sum);
				case "jdk.ObjectAllocationSample" -> allocations.merge(
						event.getClass("objectClass").getName() + " at " + firstApplicationFrame(frames),
						event.getLong("weight"), Long::sum);
				default -> {
				}
			}
		}
		System.out.println("CPU samples: " + samples);
		print("Hottest methods, self", self, samples, limit, "%");
		print("Hottest methods, inclusive", inclusive, samples, limit, "%");
		print("Longest waits (total ms)", waits, -1_000_000, limit, "ms");
		print("Allocation sites (MB)", allocations, -1_048_576, limit, "MB");
	}

	private static void print(String title, Map<String, Long> counts, long scale, int limit, String unit) {
		System.out.println();
		System.out.println(title + ":");
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(limit)
			.forEach((entry) -> {
				double value = (scale > 0) ? 100.0 * entry.getValue() / scale : entry.getValue() / (double) -scale;
				System.out.printf("  %8.1f %s  %s%n", value, unit, entry.getKey());
			});
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	/** The first frame outside the JDK's concurrency internals: who waited. */
	private static String firstApplicationFrame(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			String name = name(frame);
			if (!name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
				return name + ":" + frame.getLineNumber();
			}
		}
		return name(frames.get(0));
	}

}
