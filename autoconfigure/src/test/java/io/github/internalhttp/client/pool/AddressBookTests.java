package io.github.internalhttp.client.pool;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The addresses of a host name as last resolved: those of the first address's family,
 * once each, due for a refresh an interval after they were resolved.
 */
class AddressBookTests {

	private final AddressBook book = new AddressBook("backend.test", 8080);

	@Test
	void aDualStackNameKeepsTheAddressesOfItsFirstAddresssFamily() {
		boolean changed = this.book.resolved(List.of(new InetSocketAddress("127.0.0.2", 8080),
				new InetSocketAddress("::1", 8080), new InetSocketAddress("127.0.0.3", 8080),
				new InetSocketAddress("127.0.0.2", 8080)), 0);
		assertThat(changed).isTrue();
		assertThat(this.book.listed()).containsExactly(new InetSocketAddress("127.0.0.2", 8080),
				new InetSocketAddress("127.0.0.3", 8080));
	}

	@Test
	void theSameAnswerAgainIsNoChange() {
		List<InetSocketAddress> answer = List.of(new InetSocketAddress("127.0.0.2", 8080),
				new InetSocketAddress("127.0.0.3", 8080));
		this.book.resolved(answer, 0);
		assertThat(this.book.resolved(answer, 10)).isFalse();
		assertThat(this.book.resolved(answer.subList(0, 1), 20)).isTrue();
	}

	@Test
	void theNameIsDueWhenNeverResolvedAndAnIntervalAfterItsLastResolution() {
		assertThat(this.book.isDue(0, 30_000)).isTrue();
		assertThat(this.book.startResolving()).isTrue();
		assertThat(this.book.startResolving()).as("one resolution at a time").isFalse();
		this.book.resolved(List.of(new InetSocketAddress("127.0.0.2", 8080)), 1_000);
		assertThat(this.book.isDue(30_999, 30_000)).isFalse();
		assertThat(this.book.isDue(31_000, 30_000)).isTrue();
		assertThat(this.book.startResolving()).isTrue();
		this.book.resolutionFailed();
		assertThat(this.book.listed()).as("kept after a failed resolution").hasSize(1);
		assertThat(this.book.startResolving()).isTrue();
	}

}
