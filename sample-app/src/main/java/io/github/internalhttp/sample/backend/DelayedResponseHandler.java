package io.github.internalhttp.sample.backend;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers every request with a small body after a delay: the request's {@code delayMs}
 * query parameter, or the configured default.
 * <p>
 * The delay is a timer on the server's scheduler, not a sleeping thread, so thousands of
 * requests can wait at once on a handful of threads, as with a backend doing real I/O.
 */
final class DelayedResponseHandler extends Handler.Abstract.NonBlocking {

	static final String DELAY_PARAMETER = "delayMs";

	static final long MAX_DELAY_MILLIS = 10_000;

	private static final ByteBuffer BODY = ByteBuffer.wrap("ok\n".getBytes(StandardCharsets.US_ASCII))
		.asReadOnlyBuffer();

	private final long defaultDelayMillis;

	DelayedResponseHandler(Duration defaultDelay) {
		if (defaultDelay.isNegative() || defaultDelay.toMillis() > MAX_DELAY_MILLIS) {
			throw new IllegalArgumentException(
					"sample.backend.delay must be from 0 to " + MAX_DELAY_MILLIS + "ms but was " + defaultDelay);
		}
		this.defaultDelayMillis = defaultDelay.toMillis();
	}

	@Override
	public boolean handle(Request request, Response response, Callback callback) {
		long delayMillis;
		try {
			delayMillis = delayMillis(request);
		}
		catch (IllegalArgumentException ex) {
			Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, ex.getMessage());
			return true;
		}
		if (delayMillis == 0) {
			respond(response, callback);
		}
		else {
			request.getComponents()
				.getScheduler()
				.schedule(() -> respond(response, callback), delayMillis, TimeUnit.MILLISECONDS);
		}
		return true;
	}

	private long delayMillis(Request request) {
		String value = Request.extractQueryParameters(request).getValue(DELAY_PARAMETER);
		if (value == null) {
			return this.defaultDelayMillis;
		}
		try {
			long delay = Long.parseLong(value);
			if (delay >= 0 && delay <= MAX_DELAY_MILLIS) {
				return delay;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below like any other invalid value.
		}
		throw new IllegalArgumentException(
				DELAY_PARAMETER + " must be a number of milliseconds from 0 to " + MAX_DELAY_MILLIS);
	}

	private static void respond(Response response, Callback callback) {
		response.setStatus(HttpStatus.OK_200);
		response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
		response.write(true, BODY.slice(), callback);
	}

}
