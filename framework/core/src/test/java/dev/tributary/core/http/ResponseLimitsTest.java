package dev.tributary.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.errors.MalformedResponseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ResponseLimitsTest extends VendorHttpTestBase {

  private String correlationId() {
    return vendor.getAllServeEvents().get(0).getRequest().getHeader("X-Request-Id");
  }

  @Test
  void aBodyOverTheMaximumSizeIsMalformed() {
    vendor.stubFor(get(urlPathEqualTo("/raw")).willReturn(okJson("\"" + "x".repeat(10_000) + "\"")));
    TestApi api = api(factory(HttpSettings.builder().maxResponseBytes(4096).build()), Authenticator.NONE);

    assertThatThrownBy(api::anything)
        .isInstanceOf(MalformedResponseException.class)
        .hasMessage("acme/acme-eu GET /raw -> 200 [correlation " + correlationId() + "]: response body exceeds the limit"
            + " of 4096 bytes (counted after decompression); raise HttpSettings.maxResponseBytes if legitimate");
  }

  @Test
  void aGzipBombIsStoppedAfterTheLimitOfDecompressedBytes() throws IOException {
    // 64 MiB of JSON string inflated from well under 1 MiB on the wire, sent without Content-Length.
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(wire)) {
      gz.write('"');
      byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 64; i++) {
        gz.write(chunk);
      }
      gz.write('"');
    }
    assertThat(wire.size()).isLessThan(1 << 20);
    vendor.stubFor(get(urlPathEqualTo("/raw")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withHeader("Content-Encoding", "gzip")
        .withBody(wire.toByteArray()).withChunkedDribbleDelay(1, 0)));
    TestApi api = api(factory(HttpSettings.builder().maxResponseBytes(1 << 20).build()), Authenticator.NONE);

    assertThatThrownBy(api::anything)
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageEndingWith("]: response body exceeds the limit of 1048576 bytes (counted after decompression);"
            + " raise HttpSettings.maxResponseBytes if legitimate");
  }

  @Test
  void aGzipBodyWithinTheLimitIsDecoded() throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(wire)) {
      gz.write("[{\"id\":\"1\",\"name\":\"one\"}]".getBytes(StandardCharsets.UTF_8));
    }
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withHeader("Content-Encoding", "gzip").withBody(wire.toByteArray())));

    assertThat(api(factory(), Authenticator.NONE).items()).containsExactly(new TestApi.Item("1", "one"));
    assertThat(vendor.getAllServeEvents().get(0).getRequest().getHeader("Accept-Encoding")).isEqualTo("gzip");
  }

  @Test
  void aDeeplyNestedBodyIsMalformed() {
    vendor.stubFor(get(urlPathEqualTo("/raw")).willReturn(okJson("[".repeat(300) + "]".repeat(300))));
    TestApi api = api(factory(), Authenticator.NONE);

    assertThatThrownBy(api::anything)
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageStartingWith("acme/acme-eu GET /raw -> 200 [correlation " + correlationId() + "]: response exceeds the JSON limits:"
            + " Document nesting depth (201) exceeds the maximum allowed (200");
  }

  @Test
  void anOverlongNumberIsMalformed() {
    vendor.stubFor(get(urlPathEqualTo("/raw")).willReturn(okJson("[" + "9".repeat(2000) + "]")));

    assertThatThrownBy(api(factory(), Authenticator.NONE)::anything)
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("response exceeds the JSON limits: Number value length (");
  }

  @Test
  void invalidJsonIsMalformedWithoutQuotingTheBody() {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(okJson("[{\"id\": jane@example.com}]")));

    assertThatThrownBy(api(factory(), Authenticator.NONE)::items)
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageMatching(".*]: response is not the expected JSON for java.util.List<dev.tributary.core.http.TestApi\\$Item>"
            + " \\(JsonParseException at line 1, column \\d+\\)")
        .hasNoCause()
        .message().doesNotContain("jane");
  }

  @Test
  void factoryLimitsDoNotLeakIntoTheCallersMapper() {
    var callers = VendorClientFactory.newObjectMapper();
    int callersDepth = callers.getFactory().streamReadConstraints().getMaxNestingDepth();
    VendorClientFactory factory = VendorClientFactory.builder().objectMapper(callers).build();

    assertThat(factory.objectMapper()).isNotSameAs(callers);
    assertThat(factory.objectMapper().getFactory().streamReadConstraints().getMaxNestingDepth()).isEqualTo(200);
    assertThat(callers.getFactory().streamReadConstraints().getMaxNestingDepth()).isEqualTo(callersDepth).isNotEqualTo(200);
  }
}
