package io.tastestream.serving.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.topic.Topics;
import io.tastestream.serving.fixtures.RunningServing;
import io.tastestream.serving.fixtures.Snapshots;
import io.tastestream.serving.fixtures.TwoScenesCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The like/skip page as a person uses it, in headless Chromium: pick a listener, see their explained
 * recommendations, press Like on one and Skip on another, and the feedback lands on the feedback topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LikeSkipPageBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private RunningServing serving;
    private WebDriver browser;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        serving = RunningServing.start(tmp);
        serving.send(Topics.TASTE, "alice", TasteSnapshot.SERDE.encode(Snapshots.postRockFan("alice")));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // as root, in a sandbox, with no network beyond loopback
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + tmp.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (serving != null) {
            serving.close();
        }
    }

    @Test
    void aListenerSeesExplainedRecommendationsAndTheirLikeAndSkipReachKafka() {
        browser.get(serving.uri("/?user=alice").toString());
        WebDriverWait wait = new WebDriverWait(browser, RunningServing.PATIENCE);
        List<WebElement> items = wait.until(
                ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("li.item"), 1));

        String firstText = items.get(0).getText();
        assertThat(TwoScenesCatalog.postRockKeys()).anyMatch(key -> Names.key(firstText).contains(key));
        assertThat(firstText).containsAnyOf("fans of", "tags you play");

        WebElement like = items.get(0).findElement(By.cssSelector("button.like"));
        String likedArtist = like.getAttribute("aria-label").substring("Like ".length());
        like.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "saved"));
        WebElement skip = items.get(1).findElement(By.cssSelector("button.skip"));
        String skippedArtist = skip.getAttribute("aria-label").substring("Skip ".length());
        skip.click();

        List<ConsumerRecord<byte[], byte[]>> records = serving.readUntil(Topics.FEEDBACK, list -> list.size() >= 2);
        List<FeedbackEvent> feedback = records.stream().map(r -> FeedbackEvent.SERDE.decode(r.value())).toList();
        assertThat(feedback).extracting(FeedbackEvent::userId).containsOnly("alice");
        assertThat(feedback).anySatisfy(f -> {
            assertThat(f.type()).isEqualTo(FeedbackType.LIKE);
            assertThat(f.item().artist()).isEqualTo(likedArtist);
        });
        assertThat(feedback).anySatisfy(f -> {
            assertThat(f.type()).isEqualTo(FeedbackType.SKIP);
            assertThat(f.item().artist()).isEqualTo(skippedArtist);
        });
    }
}
