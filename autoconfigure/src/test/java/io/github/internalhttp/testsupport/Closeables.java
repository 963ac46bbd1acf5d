package io.github.internalhttp.testsupport;

import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test opened (servers, clients), closed after each test in the reverse order of
 * opening, so that test classes need no {@code @AfterEach} of their own. Register it with
 * {@code @RegisterExtension}.
 */
public final class Closeables implements AfterEachCallback {

	private final Deque<AutoCloseable> opened = new ArrayDeque<>();

	/**
	 * Close something after the test.
	 * @param closeable what the test opened
	 * @param <T> its type
	 * @return the same, for assignment
	 */
	public <T extends AutoCloseable> T add(T closeable) {
		this.opened.push(closeable);
		return closeable;
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		Exception failure = null;
		while (!this.opened.isEmpty()) {
			try {
				this.opened.pop().close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

}
