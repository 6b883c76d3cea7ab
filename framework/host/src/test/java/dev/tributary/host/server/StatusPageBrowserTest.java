package dev.tributary.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.health.Slo;
import dev.tributary.core.queue.JobRequest;
import dev.tributary.core.queue.QueuedJob;
import dev.tributary.core.store.ConnectionStatusStore;
import dev.tributary.core.sync.SyncStart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The status page in a real headless Chromium: tiles, charts, and a replay clicked with the mouse. */
@DisplayName("The status page in headless Chromium")
class StatusPageBrowserTest {

  static final Path SCREENSHOTS = Path.of("target");

  @Test
  void showsATilePerComponentAndReplaysADeadLetterWhenItsButtonIsClicked() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Cdp.CHROMIUM),
        "Skipped: /usr/bin/chromium is absent. Install it with 'apt-get install -y chromium' to run the browser test.");
    try (TestHost host = new TestHost(Slo.defaults()); Cdp chrome = new Cdp()) {
      host.runtime.sync("acme", "items", SyncStart.incremental()).orThrow();
      host.queue.enqueue(JobRequest.builder("sync").connectionId("acme").payloadJson("{\"stream\":\"items\"}").maxAttempts(1).build());
      QueuedJob job = host.queue.claim("test", 1, Set.of("sync")).get(0);
      host.queue.fail(job, new IllegalStateException("vendor answered 500"));
      host.runtime.connectionStatus().set("acme", ConnectionStatusStore.Status.NEEDS_REAUTH, "invalid_grant");
      long deadLetter = host.queue.deadLetters(1).get(0).id();
      for (int i = 0; i < 5; i++) {
        host.server.sample();
        host.clock.advance(java.time.Duration.ofMinutes(1));
      }

      String status = host.server.uri("/status").toString();
      chrome.navigate(status);

      JsonNode tiles = chrome.eval("[...document.querySelectorAll('.tile')].map(t => t.dataset.component + '=' + t.dataset.colour)");
      assertThat(tiles.toString()).isEqualTo("[\"database=green\",\"queue=amber\",\"connection:acme=red\"]");
      assertThat(chrome.eval("document.querySelector('[data-component=\"connection:acme\"] .reasons').innerText").asText())
          .contains("needs re-authorisation: invalid_grant; run 'tributary token reauthorize acme'");
      assertThat(chrome.eval("document.querySelectorAll('[data-component=\"connection:acme\"] svg polyline').length").asInt()).isEqualTo(2);
      assertThat(chrome.eval("document.getElementById('overall').innerText").asText()).isEqualToIgnoringCase("red");
      assertThat(chrome.eval("document.querySelector('[data-component=\"connection:acme\"] a.support').href").asText())
          .isEqualTo("https://support.items.example/status");
      assertThat(chrome.eval("document.querySelectorAll('tr[data-dead-letter]').length").asInt()).isEqualTo(1);
      chrome.screenshot(SCREENSHOTS.resolve("status-page.png"));

      chrome.eval("document.querySelector('tr[data-dead-letter=\"" + deadLetter + "\"] input[name=token]').value = "
          + "'" + TestHost.ADMIN_TOKEN + "'");
      chrome.click("#replay-" + deadLetter);
      Cdp.await(() -> chrome.evalQuietly("document.getElementById('no-dead-letters') !== null"), "the page to show no dead letters");

      assertThat(host.queue.stats().deadLetters()).isZero();
      assertThat(host.queue.stats().ready()).isEqualTo(1);
      assertThat(chrome.eval("location.pathname").asText()).isEqualTo("/status");
      chrome.screenshot(SCREENSHOTS.resolve("status-page-after-replay.png"));
      assertThat(Files.size(SCREENSHOTS.resolve("status-page.png"))).isGreaterThan(1000);
    }
  }
}
