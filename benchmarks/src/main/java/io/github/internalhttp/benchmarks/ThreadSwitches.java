package io.github.internalhttp.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Context switches of this process so far, summed over its live threads from
 * {@code /proc/self/task/<tid>/status}: voluntary ones (a thread parked, so another one or
 * the kernel must wake it) and involuntary ones (preempted). Threads that ended between two
 * samples are not counted; a client's callers and I/O threads live through a phase.
 *
 * @param voluntary voluntary switches
 * @param involuntary involuntary switches
 */
record ThreadSwitches(long voluntary, long involuntary) {

	static final ThreadSwitches UNKNOWN = new ThreadSwitches(-1, -1);

	/**
	 * The sums over this process's threads now, or {@link #UNKNOWN} where there is no
	 * {@code /proc}.
	 * @return the sums
	 */
	static ThreadSwitches sample() {
		return sample(Path.of("/proc/self/task"));
	}

	static ThreadSwitches sample(Path tasks) {
		if (!Files.isDirectory(tasks)) {
			return UNKNOWN;
		}
		long voluntary = 0;
		long involuntary = 0;
		try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
			for (Path thread : threads) {
				List<String> lines;
				try {
					lines = Files.readAllLines(thread.resolve("status"));
				}
				catch (IOException ex) {
					// The thread ended while we looked.
					continue;
				}
				ThreadSwitches own = parse(lines);
				voluntary += own.voluntary;
				involuntary += own.involuntary;
			}
		}
		catch (IOException ex) {
			return UNKNOWN;
		}
		return new ThreadSwitches(voluntary, involuntary);
	}

	/**
	 * The switches of one thread, from the lines of its {@code status} file.
	 * @param status the lines
	 * @return the counts, 0 where a line is missing
	 */
	static ThreadSwitches parse(List<String> status) {
		long voluntary = 0;
		long involuntary = 0;
		for (String line : status) {
			if (line.startsWith("voluntary_ctxt_switches:")) {
				voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
			}
			else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
				involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
			}
		}
		return new ThreadSwitches(voluntary, involuntary);
	}

	/**
	 * The switches since an earlier sample.
	 * @param earlier the earlier sample
	 * @return the difference, or {@link #UNKNOWN} if either is unknown
	 */
	ThreadSwitches since(ThreadSwitches earlier) {
		if (this.voluntary < 0 || earlier.voluntary < 0) {
			return UNKNOWN;
		}
		return new ThreadSwitches(Math.max(0, this.voluntary - earlier.voluntary),
				Math.max(0, this.involuntary - earlier.involuntary));
	}

}
