package io.github.internalhttp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;

/**
 * Counts JFR {@code jdk.VirtualThreadPinned} events (a virtual thread that blocked while
 * pinned to its carrier, so the carrier blocked with it) over one window, with no
 * threshold, so that every pinned park counts. Java 21 and later only; on older JVMs
 * the count is unknown.
 */
final class PinnedThreads implements AutoCloseable {

	static final String EVENT = "jdk.VirtualThreadPinned";

	private final Recording recording;

	private PinnedThreads(Recording recording) {
		this.recording = recording;
	}

	/**
	 * Start counting.
	 * @return the counter, or {@code null} before Java 21
	 */
	static PinnedThreads start() {
		if (Runtime.version().feature() < 21) {
			return null;
		}
		Recording recording = new Recording();
		recording.setName("pinned-carriers");
		recording.enable(EVENT).withThreshold(Duration.ZERO).withStackTrace();
		recording.setToDisk(true);
		recording.start();
		return new PinnedThreads(recording);
	}

	/**
	 * Stop counting.
	 * @return the events recorded since the start, or -1 if they could not be read
	 */
	long stop() {
		this.recording.stop();
		Path file = null;
		try {
			file = Files.createTempFile("pinned", ".jfr");
			this.recording.dump(file);
			long count = 0;
			try (RecordingFile events = new RecordingFile(file)) {
				while (events.hasMoreEvents()) {
					if (events.readEvent().getEventType().getName().equals(EVENT)) {
						count++;
					}
				}
			}
			return count;
		}
		catch (IOException ex) {
			return -1;
		}
		finally {
			close();
			if (file != null) {
				try {
					Files.deleteIfExists(file);
				}
				catch (IOException ex) {
					// A temporary file.
				}
			}
		}
	}

	@Override
	public void close() {
		this.recording.close();
	}

}
