package io.github.internalhttp.client;

import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;

/**
 * Streams the response body to the caller, but signals the end of the body only once the
 * exchange is complete and its connection back in the pool.
 * <p>
 * Jetty notifies a response's success before it releases the connection. A caller that
 * read the body to its end and sent the next request at once would find the connection
 * still busy and dial another: one extra HTTP/1.1 connection every so often, and an extra
 * dial after each {@code Connection: close}.
 */
final class ReleasingResponseListener extends InputStreamResponseListener {

	@Override
	public void onSuccess(Response response) {
		// The end of the body is signalled in onComplete().
	}

	@Override
	public void onComplete(Result result) {
		if (result.isSucceeded()) {
			super.onSuccess(result.getResponse());
		}
		super.onComplete(result);
	}

}
