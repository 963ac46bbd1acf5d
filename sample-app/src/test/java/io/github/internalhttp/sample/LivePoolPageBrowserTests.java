package io.github.internalhttp.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The live pool page in a real, headless Chromium: it loads, runs both fan-outs, and
 * shows one backend connection for h2c against many for HTTP/1.1, and the shared pool's
 * destination with its single dial. CI installs Debian's {@code chromium} and
 * {@code chromium-driver}; elsewhere the test is skipped when they are missing, unless
 * {@code CI} is set.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LivePoolPageBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/** Where the screenshot goes; the README shows a committed copy. */
	private static final Path SCREENSHOT = Path.of("target", "live-pool-page.png");

	@LocalServerPort
	private int port;

	private WebDriver browser;

	@BeforeEach
	void startBrowser() throws IOException {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (System.getenv("CI") == null) {
			assumeTrue(installed, "Debian's chromium and chromium-driver are not installed; .ci/run installs them");
		}
		assertThat(installed).as("%s and %s installed", CHROMIUM, CHROMEDRIVER).isTrue();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// No network but loopback here: keep Chromium from dialling out for updates and sync.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + Files.createTempDirectory("chromium"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.build();
		this.browser = new ChromeDriver(service, options);
		// A laptop's viewport.
		this.browser.manage().window().setSize(new Dimension(1366, 900));
	}

	@AfterEach
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void whenBothFanoutsRunThenThePageShowsOneBackendConnectionForH2cAndManyForHttp1() throws IOException {
		this.browser.get("http://localhost:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(120));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "client running"));
		this.browser.findElement(By.id("run-fanout")).click();
		wait.until(ExpectedConditions.attributeToBe(By.id("result-http1"), "data-done", "true"));
		assertThat(text("#result-shared .connections")).isEqualTo("1");
		assertThat(text("#result-shared .protocol")).isEqualTo("h2c");
		assertThat(Integer.parseInt(text("#result-http1 .connections"))).isGreaterThan(1);
		assertThat(text("#result-http1 .protocol")).isEqualTo("http1");
		assertThat(text("#result-shared .errors")).isEqualTo("0");
		assertThat(text("#result-http1 .errors")).isEqualTo("0");
		// The shared pool's backend destination, redrawn from the actuator endpoint.
		String sharedDestination = ".destination[data-protocol='h2c']";
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(sharedDestination)));
		assertThat(text(sharedDestination + " [data-stat='dials'] .value")).isEqualTo("1");
		assertThat(text(sharedDestination + " [data-field='protocol']")).isEqualTo("h2c");
		Files.createDirectories(SCREENSHOT.getParent());
		Files.write(SCREENSHOT, ((ChromeDriver) this.browser).getScreenshotAs(OutputType.BYTES));
	}

	/**
	 * The text of an element as the page shows it now. The page redraws its destinations
	 * every second, replacing their elements: one found just before a redraw is read again.
	 */
	private String text(String selector) {
		return new WebDriverWait(this.browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
			.until((browser) -> browser.findElement(By.cssSelector(selector)).getText());
	}

}
