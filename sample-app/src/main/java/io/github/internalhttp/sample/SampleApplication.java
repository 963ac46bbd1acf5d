package io.github.internalhttp.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A service that fans out calls to a backend through the shared internal HTTP client.
 * The backend runs in the same JVM, so the application needs nothing but Java and Maven
 * to show what one pooled h2c connection does against one connection per HTTP/1.1 call.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
