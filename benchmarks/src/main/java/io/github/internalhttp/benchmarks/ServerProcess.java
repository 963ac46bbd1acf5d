package io.github.internalhttp.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@link BenchServer} JVM, started by the driver and stopped by closing its
 * standard input (or killed if it does not stop).
 */
final class ServerProcess implements AutoCloseable {

	static final String SERVER_JVM_ARGS = "-Xmx1g";

	private final Process process;

	private final int port;

	private final int controlPort;

	private ServerProcess(Process process, int port, int controlPort) {
		this.process = process;
		this.port = port;
		this.controlPort = controlPort;
	}

	static ServerProcess start(Benchmark.Settings settings) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Benchmark.javaExecutable());
		command.add(SERVER_JVM_ARGS);
		command.add("-cp");
		command.add(settings.classpath(ClientSpec.ALL.get(0)));
		command.add("io.github.internalhttp.benchmarks.BenchServer");
		command.add("0");
		// A backstop only: the server stops when the driver closes its input.
		command.add(Long.toString(TimeUnit.HOURS.toSeconds(2)));
		Path log = settings.work().resolve("logs").resolve("server.log");
		Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line = out.readLine();
		for (int skipped = 0; line != null && !line.startsWith("READY ") && skipped < 1000; skipped++) {
			line = out.readLine();
		}
		if (line == null || !line.startsWith("READY ")) {
			process.destroyForcibly();
			throw new IllegalStateException("The benchmark server did not start, see " + log);
		}
		String[] ports = line.split(" ");
		return new ServerProcess(process, Integer.parseInt(ports[1]), Integer.parseInt(ports[2]));
	}

	String uri(int delayMillis) {
		return "http://127.0.0.1:" + this.port + "/d/" + delayMillis;
	}

	int controlPort() {
		return this.controlPort;
	}

	long cpuNanos() {
		try {
			return ServerControl.stats(this.controlPort).get("cpuNanos");
		}
		catch (IOException ex) {
			return 0;
		}
	}

	@Override
	public void close() throws Exception {
		this.process.getOutputStream().close();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

}
