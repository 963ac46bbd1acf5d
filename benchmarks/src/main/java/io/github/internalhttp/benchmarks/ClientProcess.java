package io.github.internalhttp.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The driver's handle on one running {@link ClientRunner} JVM: it waits for the client to
 * be warm, asks it for one measured phase at a time, and stops it. A client that does not
 * answer within its time limit is killed, and that phase and the later ones fail.
 */
final class ClientProcess implements AutoCloseable {

	private final ClientSpec client;

	private final Process process;

	private final Path log;

	private final BufferedReader out;

	private final Writer in;

	private final ExecutorService reader;

	private final Map<String, String> ready;

	private String failure;

	private ClientProcess(ClientSpec client, Process process, Path log, long startMillis) {
		this.client = client;
		this.process = process;
		this.log = log;
		this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		this.reader = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "client-reader-" + client.id());
			thread.setDaemon(true);
			return thread;
		});
		Map<String, String> ready = awaitLine("READY", startMillis);
		this.ready = (ready != null) ? ready : Map.of();
	}

	/**
	 * Start a client JVM and wait until it is warm.
	 * @param client the client
	 * @param command the JVM's command line
	 * @param log where its standard error goes
	 * @param startMillis how long start, cold burst and warm-up may take
	 * @return the running client, or one whose phases all fail
	 */
	static ClientProcess start(ClientSpec client, List<String> command, Path log, long startMillis)
			throws IOException {
		Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
		return new ClientProcess(client, process, log, startMillis);
	}

	ClientSpec client() {
		return this.client;
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * Measure one phase.
	 * @param delayIndex which of the client's URIs (delays) to load
	 * @param limitMillis how long the phase may take
	 * @return the figures: what the client reported at start, then the phase's own; or
	 * {@code failed} with the reason
	 */
	Map<String, String> measure(int delayIndex, long limitMillis) {
		Map<String, String> values = new LinkedHashMap<>(this.ready);
		if (this.failure == null) {
			try {
				this.in.write("MEASURE " + delayIndex + "\n");
				this.in.flush();
			}
			catch (IOException ex) {
				this.failure = "client gone: " + ex.getMessage() + ", see " + this.log;
			}
		}
		Map<String, String> result = (this.failure == null) ? awaitLine("RESULT", limitMillis) : null;
		if (result == null) {
			values.put("failed", this.failure);
			return values;
		}
		values.putAll(result);
		return values;
	}

	private Map<String, String> awaitLine(String kind, long limitMillis) {
		Future<String> line = this.reader.submit(() -> {
			String next;
			while ((next = this.out.readLine()) != null) {
				if (next.equals(kind) || next.startsWith(kind + " ")) {
					return next;
				}
			}
			return null;
		});
		try {
			String found = line.get(limitMillis, TimeUnit.MILLISECONDS);
			if (found == null) {
				this.failure = "no " + kind + ", exit " + exitValue() + ", see " + this.log;
				return null;
			}
			return parse(found.substring(kind.length()).trim());
		}
		catch (TimeoutException ex) {
			this.failure = "no " + kind + " within " + limitMillis + " ms, killed; see " + this.log;
			this.process.destroyForcibly();
			return null;
		}
		catch (Exception ex) {
			this.failure = ex.toString();
			this.process.destroyForcibly();
			return null;
		}
	}

	private String exitValue() {
		try {
			return this.process.waitFor(10, TimeUnit.SECONDS) ? Integer.toString(this.process.exitValue()) : "none";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "none";
		}
	}

	private static Map<String, String> parse(String pairs) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : pairs.split("\\s+")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return values;
	}

	@Override
	public void close() {
		try {
			this.in.write("EXIT\n");
			this.in.close();
		}
		catch (IOException ex) {
			// Already gone.
		}
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		this.reader.shutdownNow();
	}

}
