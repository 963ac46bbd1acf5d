package io.github.internalhttp.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import static io.github.internalhttp.client.SettingsChecks.atLeast;
import static io.github.internalhttp.client.SettingsChecks.notNegative;
import static io.github.internalhttp.client.SettingsChecks.positive;
import static io.github.internalhttp.client.SettingsChecks.positiveIfSet;

/**
 * The pool settings of an {@link InternalHttpClient} ({@code internal.http.client.pool.*}):
 * its limits per destination and when its connections retire. Immutable; every value is
 * checked when set.
 *
 * @param maxConnectionsPerDestination maximum connections per destination
 * @param maxQueuedRequestsPerDestination maximum requests waiting for a connection per
 * destination, beyond which requests fail fast
 * @param acquireTimeout how long a request may wait for a connection or a stream,
 * {@code null} to be bounded by the response timeout only
 * @param maxConnectionAge age after which a connection takes no new requests and closes
 * once idle, {@code null} for no limit
 * @param maxConnectionAgeJitter up to how much earlier than the maximum age a connection
 * may retire, so that connections opened together do not retire together
 * @param maxRequestsPerConnection requests after which a connection is retired, 0 for no
 * limit
 * @param destinationIdleTimeout how long a destination with no connection and no request
 * is kept, {@code null} to keep destinations forever
 * @param addressSpreading whether a destination whose host name resolves to several
 * addresses keeps connections to each of them and spreads its requests over them
 * @param connectionsPerAddress connections a spreading destination keeps to each of its
 * addresses
 * @param addressRefreshInterval how often the host name of a spreading destination is
 * resolved again, so that connections follow the addresses DNS lists
 */
public record PoolSettings(int maxConnectionsPerDestination, int maxQueuedRequestsPerDestination,
		@Nullable Duration acquireTimeout, @Nullable Duration maxConnectionAge, Duration maxConnectionAgeJitter,
		int maxRequestsPerConnection, @Nullable Duration destinationIdleTimeout, boolean addressSpreading,
		int connectionsPerAddress, Duration addressRefreshInterval) {

	private static final PoolSettings DEFAULTS = new PoolSettings(64, 1024, null, null, Duration.ZERO, 0,
			Duration.ofMinutes(10), true, 1, Duration.ofSeconds(30));

	public PoolSettings {
		atLeast("pool.max-connections-per-destination", maxConnectionsPerDestination, 1);
		atLeast("pool.max-queued-requests-per-destination", maxQueuedRequestsPerDestination, 0);
		positiveIfSet("pool.acquire-timeout", acquireTimeout);
		positiveIfSet("pool.max-connection-age", maxConnectionAge);
		notNegative("pool.max-connection-age-jitter", maxConnectionAgeJitter);
		if (maxConnectionAge != null && maxConnectionAgeJitter.compareTo(maxConnectionAge) >= 0) {
			throw new IllegalArgumentException("internal.http.client.pool.max-connection-age-jitter must be less than "
					+ "pool.max-connection-age (" + maxConnectionAge + ") but was " + maxConnectionAgeJitter);
		}
		atLeast("pool.max-requests-per-connection", maxRequestsPerConnection, 0);
		positiveIfSet("pool.destination-idle-timeout", destinationIdleTimeout);
		atLeast("pool.connections-per-address", connectionsPerAddress, 1);
		positive("pool.address-refresh-interval", addressRefreshInterval);
	}

	/**
	 * The defaults: 64 connections and 1024 queued requests per destination, no acquire
	 * timeout, no maximum age or request count, destinations dropped after 10 minutes idle,
	 * requests spread over every address of a host name with one connection each, the
	 * name resolved again every 30 seconds.
	 * @return the default pool settings
	 */
	public static PoolSettings defaults() {
		return DEFAULTS;
	}

	public PoolSettings withMaxConnectionsPerDestination(int maxConnectionsPerDestination) {
		return new PoolSettings(maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, this.acquireTimeout,
				this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout,
				this.addressSpreading, this.connectionsPerAddress, this.addressRefreshInterval);
	}

	public PoolSettings withMaxQueuedRequestsPerDestination(int maxQueuedRequestsPerDestination) {
		return new PoolSettings(this.maxConnectionsPerDestination, maxQueuedRequestsPerDestination, this.acquireTimeout,
				this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout,
				this.addressSpreading, this.connectionsPerAddress, this.addressRefreshInterval);
	}

	public PoolSettings withAcquireTimeout(@Nullable Duration acquireTimeout) {
		return new PoolSettings(this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination, acquireTimeout,
				this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection, this.destinationIdleTimeout,
				this.addressSpreading, this.connectionsPerAddress, this.addressRefreshInterval);
	}

	public PoolSettings withMaxConnectionAge(@Nullable Duration maxConnectionAge) {
		return new PoolSettings(this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination,
				this.acquireTimeout, maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection,
				this.destinationIdleTimeout, this.addressSpreading, this.connectionsPerAddress, this.addressRefreshInterval);
	}

	public PoolSettings withMaxConnectionAgeJitter(Duration maxConnectionAgeJitter) {
		return new PoolSettings(this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination,
				this.acquireTimeout, this.maxConnectionAge, maxConnectionAgeJitter, this.maxRequestsPerConnection,
				this.destinationIdleTimeout, this.addressSpreading, this.connectionsPerAddress, this.addressRefreshInterval);
	}

	public PoolSettings withMaxRequestsPerConnection(int maxRequestsPerConnection) {
		return new PoolSettings(this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination,
				this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, maxRequestsPerConnection,
				this.destinationIdleTimeout, this.addressSpreading, this.connectionsPerAddress, this.addressRefreshInterval);
	}

	public PoolSettings withDestinationIdleTimeout(@Nullable Duration destinationIdleTimeout) {
		return new PoolSettings(this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination,
				this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection,
				destinationIdleTimeout, this.addressSpreading, this.connectionsPerAddress, this.addressRefreshInterval);
	}

	public PoolSettings withAddressSpreading(boolean addressSpreading) {
		return new PoolSettings(this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination,
				this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection,
				this.destinationIdleTimeout, addressSpreading, this.connectionsPerAddress, this.addressRefreshInterval);
	}

	public PoolSettings withConnectionsPerAddress(int connectionsPerAddress) {
		return new PoolSettings(this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination,
				this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection,
				this.destinationIdleTimeout, this.addressSpreading, connectionsPerAddress, this.addressRefreshInterval);
	}

	public PoolSettings withAddressRefreshInterval(Duration addressRefreshInterval) {
		return new PoolSettings(this.maxConnectionsPerDestination, this.maxQueuedRequestsPerDestination,
				this.acquireTimeout, this.maxConnectionAge, this.maxConnectionAgeJitter, this.maxRequestsPerConnection,
				this.destinationIdleTimeout, this.addressSpreading, this.connectionsPerAddress, addressRefreshInterval);
	}

}
