package io.github.internalhttp.sample;

import io.github.internalhttp.sample.backend.BackendServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Logs, once the application is ready, the command that shows what it does.
 */
@Component
class StartupHint implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(StartupHint.class);

	private final Environment environment;

	private final BackendServer backend;

	StartupHint(Environment environment, BackendServer backend) {
		this.environment = environment;
		this.backend = backend;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		String port = this.environment.getProperty("local.server.port", "8080");
		String fanout = "http://localhost:" + port + "/fanout?requests=2000&concurrency=200";
		logger.info("Open http://localhost:" + port + "/ for the live pool page, or try: curl '" + fanout + "' then curl '" + fanout + "&client=http1' (backend on "
				+ this.backend.getUri() + ")");
	}

}
