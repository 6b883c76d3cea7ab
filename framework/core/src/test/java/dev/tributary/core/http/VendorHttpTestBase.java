package dev.tributary.core.http;

import dev.tributary.core.db.MutableClock;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.RateLimit;
import dev.tributary.api.stream.StreamSpec;
import dev.tributary.core.config.ConnectionConfig;
import java.net.URI;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A WireMock vendor on 127.0.0.1, a fake clock and sleeper, and the "acme" connector. */
abstract class VendorHttpTestBase {

  static WireMockServer vendor;

  MutableClock clock;
  FakeSleeper sleeper;

  @BeforeAll
  static void startVendor() {
    vendor = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().gzipDisabled(true));
    vendor.start();
  }

  @AfterAll
  static void stopVendor() {
    vendor.stop();
  }

  @BeforeEach
  void resetVendor() {
    vendor.resetAll();
    clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    sleeper = new FakeSleeper(clock);
  }

  /** Serves {@code responses} in order to requests matching {@code request}, then keeps serving the last. */
  static void sequence(Supplier<MappingBuilder> request, ResponseDefinitionBuilder... responses) {
    for (int i = 0; i < responses.length; i++) {
      ScenarioMappingBuilder step = request.get().inScenario("sequence")
          .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "step-" + i).willReturn(responses[i]);
      if (i < responses.length - 1) {
        step = step.willSetStateTo("step-" + (i + 1));
      }
      vendor.stubFor(step);
    }
  }

  static ConnectorManifest manifest(RateLimit rateLimit) {
    return ConnectorManifest.builder("acme", "1.2.0")
        .baseUrl(URI.create("https://api.acme.test"))
        .egressHosts("api.acme.test")
        .auth(AuthScheme.bearer())
        .stream(StreamSpec.builder("items").build())
        .rateLimit(rateLimit)
        .defaultHeader("Acme-Version", "2026-01-01")
        .build();
  }

  static ConnectorManifest manifest() {
    return manifest(RateLimit.UNLIMITED);
  }

  static ConnectionConfig connection(String id, String path) {
    return ConnectionConfig.builder(id, "acme").baseUrl(URI.create(vendor.baseUrl() + path)).build();
  }

  VendorClientFactory factory(HttpSettings settings) {
    return VendorClientFactory.builder().clock(clock).sleeper(sleeper).settings(settings)
        .frameworkVersion("1.0.0-test").build();
  }

  VendorClientFactory factory() {
    return factory(HttpSettings.defaults());
  }

  TestApi api(VendorClientFactory factory, Authenticator auth) {
    return factory.client(TestApi.class, manifest(), new ConnectionHandle(connection("acme-eu", ""), auth));
  }
}
