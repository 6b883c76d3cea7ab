package dev.tributary.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.errors.VendorUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Needs one request really in flight: bounded by a 400 ms server delay. */
class BulkheadTest extends VendorHttpTestBase {

  @Test
  void aFullBulkheadFailsTheExtraCallWithoutARequest() throws Exception {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(okJson("[]").withFixedDelay(400)));
    HttpSettings settings = HttpSettings.builder().bulkheadMaxConcurrent(1).bulkheadMaxWait(Duration.ZERO).build();
    TestApi api = api(factory(settings), Authenticator.NONE);

    CompletableFuture<?> inFlight = CompletableFuture.runAsync(api::items);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (vendor.getAllServeEvents().isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // wait until the first request reached the server
    }

    assertThatThrownBy(api::items)
        .isInstanceOf(VendorUnavailableException.class)
        .hasMessageEndingWith("]: bulkhead full: 1 requests of this connection were in flight for PT0S;"
            + " raise HttpSettings.bulkheadMaxConcurrent or lower the load");
    inFlight.get(2, TimeUnit.SECONDS);
    vendor.verify(1, getRequestedFor(urlPathEqualTo("/items")));
  }
}
