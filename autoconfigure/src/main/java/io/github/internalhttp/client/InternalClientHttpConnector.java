package io.github.internalhttp.client;

import java.net.URI;
import java.util.function.Function;

import org.eclipse.jetty.client.Request;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.http.client.reactive.ClientHttpResponseDecorator;
import org.springframework.http.client.reactive.JettyClientHttpConnector;

/**
 * A {@link ClientHttpConnector} over an {@link InternalHttpClient}'s shared pool, for
 * {@code WebClient}: its requests share connections and streams with {@code RestClient}
 * requests to the same destination.
 * <p>
 * Requests go through Spring's {@link JettyClientHttpConnector} on the shared Jetty client,
 * with two differences:
 * <ul>
 * <li>a request the server did not process (a GOAWAY's unprocessed stream, a
 * REFUSED_STREAM reset, a destination found not to speak h2c, ...) is sent again, as
 * {@link RetryPolicy} decides for {@code RestClient} requests, by calling the request
 * callback again: a body from a publisher that can be subscribed only once is then not
 * sent again;</li>
 * <li>the response and its body are signalled on Reactor's bounded elastic scheduler, never
 * on the client's own threads: the pool runs its listeners on the thread that reads the
 * connection, and a user operator that blocked there would hold up the client's I/O.</li>
 * </ul>
 */
public final class InternalClientHttpConnector implements ClientHttpConnector {

	private final InternalHttpClient client;

	private final JettyClientHttpConnector connector;

	private final Scheduler userScheduler;

	/**
	 * Create a connector over the shared pool of a client; the client's owner starts and
	 * stops it.
	 * @param client the client
	 */
	public InternalClientHttpConnector(InternalHttpClient client) {
		this.client = client;
		this.connector = new JettyClientHttpConnector(client.jettyClient());
		this.userScheduler = Schedulers.boundedElastic();
	}

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		return Mono.defer(() -> this.connector.connect(method, uri, requestCallback))
			.retryWhen(Retry.from((signals) -> signals.concatMap((signal) -> {
				String reason = RetryPolicy.reasonToRetry(method, signal.failure(), (int) signal.totalRetries());
				if (reason == null || RetryPolicy.HTTP_1_1_REQUIRED.equals(reason)) {
					// HTTP_1_1_REQUIRED needs the failed Jetty request to downgrade its
					// destination, which Spring's connector does not hand out.
					return Mono.error(signal.failure());
				}
				this.client.transport().recordRetry(attributesOf(uri), reason);
				return Mono.just(reason);
			})))
			.onErrorMap((failure) -> !(failure instanceof InternalHttpClientException),
					(failure) -> described(uri, failure))
			.publishOn(this.userScheduler)
			.map((response) -> new UserThreadResponse(response, this.userScheduler));
	}

	/**
	 * A request that carries the routing attributes of a request to the URI, so that a
	 * retry is counted on its destination.
	 */
	private Request attributesOf(URI uri) {
		Request request = this.client.jettyClient().newRequest(uri);
		this.client.jettyClient().getTransport().newOrigin(request);
		return request;
	}

	private Throwable described(URI uri, Throwable failure) {
		String destination = RequestFailures.destination(uri);
		try {
			return RequestFailures.translate(destination, failure, this.client.getSettings().maxResponseHeadersSize());
		}
		catch (RuntimeException described) {
			return described;
		}
	}

	/**
	 * A response whose body is signalled on the user scheduler.
	 */
	private static final class UserThreadResponse extends ClientHttpResponseDecorator {

		private final Scheduler scheduler;

		UserThreadResponse(ClientHttpResponse delegate, Scheduler scheduler) {
			super(delegate);
			this.scheduler = scheduler;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return super.getBody().publishOn(this.scheduler);
		}

	}

}
