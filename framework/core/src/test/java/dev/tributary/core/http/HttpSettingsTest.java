package dev.tributary.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    HttpSettings d = HttpSettings.defaults();

    assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.maxAttempts()).isEqualTo(4);
    assertThat(d.retryAfterCap()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.maxResponseBytes()).isEqualTo(16L * 1024 * 1024);
    assertThat(d.maxNestingDepth()).isEqualTo(200);
    assertThat(d.idempotencyKeyHeader()).isEqualTo("Idempotency-Key");
  }

  @Test
  void badSettingsFailWhenConfiguredNamingTheSetting() {
    assertThatThrownBy(() -> HttpSettings.builder().connectTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("connectTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> HttpSettings.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttempts must be >= 1, was 0");
    assertThatThrownBy(() -> HttpSettings.builder().maxResponseBytes(10))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxResponseBytes must be >= 1024, was 10");
    assertThatThrownBy(() -> HttpSettings.builder().idempotencyKeyHeader("Idempotency Key"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("idempotencyKeyHeader 'Idempotency Key' is not a valid header name");
    assertThatThrownBy(() -> HttpSettings.builder().bulkheadMaxWait(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bulkheadMaxWait must be >= 0, was PT-1S");
    assertThatThrownBy(() -> HttpSettings.builder().initialBackoff(Duration.ofSeconds(10)).maxBackoff(Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBackoff (PT1S) must be >= initialBackoff (PT10S)");
  }

  @Test
  void toBuilderCopiesEverySetting() {
    HttpSettings custom = HttpSettings.builder().readTimeout(Duration.ofSeconds(3)).maxAttempts(2)
        .circuitFailureThreshold(9).maxStringLength(77).idempotencyKeyHeader("X-Idem").build();

    assertThat(custom.toBuilder().build()).isEqualTo(custom);
    assertThat(custom.streamReadConstraints().getMaxStringLength()).isEqualTo(77);
  }

  @Test
  void aFactoryRefusesAnHttpClientThatFollowsRedirects() {
    var following = java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();

    assertThatThrownBy(() -> VendorClientFactory.builder().httpClient(following))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("httpClient follows redirects (NORMAL): a redirect could bypass the egress allowlist; build it with Redirect.NEVER");
  }
}
