package io.github.internalhttp.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A profile as collapsed stacks ({@code root;...;leaf count} per line, async-profiler's
 * {@code collapsed} format), summarised for the question "whose code costs what": the
 * heaviest frames by self count, the heaviest Java frames (with the native and kernel
 * work they call charged to them), and the share of each owner (ours, Spring's, Jetty's,
 * the JDK's, ...). The JIT compiler's threads are left out: {@code jit_ms} reports them.
 */
final class StackProfile {

	private final List<Stack> stacks;

	private final boolean allocation;

	/**
	 * One distinct stack.
	 * @param frames root first
	 * @param count its samples, or bytes for an allocation profile
	 */
	record Stack(List<String> frames, long count) {

	}

	private StackProfile(List<Stack> stacks, boolean allocation) {
		this.stacks = stacks;
		this.allocation = allocation;
	}

	/**
	 * Parse collapsed stacks.
	 * @param collapsed the text, a stack per line
	 * @param allocation whether it is an allocation profile, whose leaf frame is the
	 * allocated type rather than code
	 * @return the profile, without the JIT compiler's stacks
	 */
	static StackProfile parse(String collapsed, boolean allocation) {
		List<Stack> stacks = new ArrayList<>();
		for (String line : collapsed.split("\n")) {
			int space = line.lastIndexOf(' ');
			if (space <= 0) {
				continue;
			}
			List<String> frames = List.of(line.substring(0, space).split(";"));
			if (frames.stream().anyMatch((frame) -> frame.startsWith("CompileBroker::"))) {
				continue;
			}
			stacks.add(new Stack(frames, Long.parseLong(line.substring(space + 1).trim())));
		}
		return new StackProfile(stacks, allocation);
	}

	long total() {
		return this.stacks.stream().mapToLong(Stack::count).sum();
	}

	/**
	 * The frames with the highest self count: for CPU the code running when sampled, for
	 * allocations the allocated type.
	 * @param limit how many
	 * @return frame to count, heaviest first
	 */
	Map<String, Long> topSelf(int limit) {
		Map<String, Long> self = new LinkedHashMap<>();
		for (Stack stack : this.stacks) {
			self.merge(stack.frames().get(stack.frames().size() - 1), stack.count(), Long::sum);
		}
		return top(self, limit);
	}

	/**
	 * The Java frames with the highest self count, where what a Java frame calls outside
	 * Java (the JVM's runtime, the kernel, an allocation) counts as its own: where the
	 * time goes, or the allocations are made, in code someone can change.
	 * @param limit how many
	 * @return frame to count, heaviest first
	 */
	Map<String, Long> topJavaSelf(int limit) {
		Map<String, Long> self = new LinkedHashMap<>();
		for (Stack stack : this.stacks) {
			String frame = innermostJava(stack);
			if (frame != null) {
				self.merge(frame, stack.count(), Long::sum);
			}
		}
		return top(self, limit);
	}

	/**
	 * The non-JDK Java frames with the highest self count, where the JDK, JVM and kernel
	 * work they call (parking a thread, a socket write, an allocation) counts as their own:
	 * the code, in a library or ours, whose change would remove the work.
	 * @param limit how many
	 * @return frame to count, heaviest first
	 */
	Map<String, Long> topOwnedSelf(int limit) {
		Map<String, Long> self = new LinkedHashMap<>();
		for (Stack stack : this.stacks) {
			for (int i = codeLeaf(stack); i >= 0; i--) {
				String frame = stack.frames().get(i);
				if (isJava(frame) && !owner(frame).equals("JDK")) {
					self.merge(strip(frame), stack.count(), Long::sum);
					break;
				}
			}
		}
		return top(self, limit);
	}

	/**
	 * Counts by the owner of the innermost Java frame that is not the JDK's: whose code
	 * caused the work (the JDK's own only where no other code is on the stack).
	 * @return owner to count, heaviest first
	 */
	Map<String, Long> byOwner() {
		Map<String, Long> owners = new LinkedHashMap<>();
		for (Stack stack : this.stacks) {
			String owner = null;
			boolean anyJava = false;
			for (int i = codeLeaf(stack); i >= 0 && owner == null; i--) {
				String frame = stack.frames().get(i);
				if (isJava(frame)) {
					anyJava = true;
					String candidate = owner(frame);
					if (!candidate.equals("JDK")) {
						owner = candidate;
					}
				}
			}
			owners.merge((owner != null) ? owner : anyJava ? "JDK" : "JVM (GC, runtime) and kernel", stack.count(),
					Long::sum);
		}
		return top(owners, owners.size());
	}

	private int codeLeaf(Stack stack) {
		return stack.frames().size() - (this.allocation ? 2 : 1);
	}

	private String innermostJava(Stack stack) {
		for (int i = codeLeaf(stack); i >= 0; i--) {
			if (isJava(stack.frames().get(i))) {
				return strip(stack.frames().get(i));
			}
		}
		return null;
	}

	/**
	 * Whether a frame is Java code ({@code java/util/HashMap.get}, with an optional
	 * {@code _[j]}-style annotation), not the JVM's C++, native code or the kernel.
	 */
	static boolean isJava(String frame) {
		if (frame.endsWith("_[k]")) {
			return false;
		}
		String name = strip(frame);
		return name.indexOf('.') > 0 && !name.contains("::") && !name.contains("(") && !name.contains(" ")
				&& !name.contains(".so") && !name.contains("@") && !name.startsWith("[");
	}

	private static String strip(String frame) {
		return (frame.length() > 4 && frame.charAt(frame.length() - 4) == '_' && frame.endsWith("]"))
				? frame.substring(0, frame.length() - 4) : frame;
	}

	/**
	 * Whose code a Java frame is.
	 * @param frame the frame, {@code /}- or {@code .}-separated
	 * @return ours, Spring, Jetty, JDK, ...
	 */
	static String owner(String frame) {
		String name = strip(frame).replace('/', '.');
		if (name.startsWith("io.github.internalhttp.benchmarks.")) {
			return "benchmark harness";
		}
		if (name.startsWith("io.github.internalhttp.")) {
			return "ours";
		}
		if (name.startsWith("org.springframework.")) {
			return "Spring";
		}
		if (name.startsWith("org.eclipse.jetty.")) {
			return "Jetty";
		}
		if (name.startsWith("org.apache.hc.")) {
			return "Apache HttpClient";
		}
		if (name.startsWith("reactor.") || name.startsWith("io.netty.")) {
			return "Reactor Netty";
		}
		if (name.startsWith("okhttp3.") || name.startsWith("okio.") || name.startsWith("kotlin.")) {
			return "OkHttp";
		}
		if (name.startsWith("tools.jackson.") || name.startsWith("com.fasterxml.")) {
			return "Jackson";
		}
		if (name.startsWith("one.profiler.")) {
			return "profiler";
		}
		if (name.startsWith("io.micrometer.")) {
			return "Micrometer";
		}
		if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
				|| name.startsWith("sun.") || name.startsWith("com.sun.")) {
			return "JDK";
		}
		return "other";
	}

	/**
	 * The summary written beside a flame graph.
	 * @param title what was profiled
	 * @param limit frames per list
	 * @return the text
	 */
	String summary(String title, int limit) {
		long total = Math.max(1, total());
		String unit = this.allocation ? "bytes" : "samples";
		StringBuilder text = new StringBuilder();
		text.append(title).append(": ").append(total()).append(' ').append(unit)
			.append(" (JIT compiler threads left out)\n\n");
		text.append("By owner of the innermost non-JDK Java frame:\n");
		append(text, byOwner(), total, false);
		text.append("\nHeaviest non-JDK Java frames, self (with the JDK, JVM and kernel work they call):\n");
		append(text, topOwnedSelf(limit), total, true);
		text.append("\nHeaviest Java frames, self (with the JVM and kernel work they call):\n");
		append(text, topJavaSelf(limit), total, true);
		text.append("\nHeaviest frames, self").append(this.allocation ? " (allocated types)" : "").append(":\n");
		append(text, topSelf(limit), total, !this.allocation);
		return text.toString();
	}

	private static void append(StringBuilder text, Map<String, Long> counts, long total, boolean withOwner) {
		counts.forEach((name, count) -> text.append(String.format(Locale.ROOT, "%6.2f %%  %12d  %s%s%n",
				100.0 * count / total, count, name.replace('/', '.'),
				(withOwner && isJava(name)) ? "  [" + owner(name) + "]" : "")));
	}

	private static Map<String, Long> top(Map<String, Long> counts, int limit) {
		return counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(limit)
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
	}

}
