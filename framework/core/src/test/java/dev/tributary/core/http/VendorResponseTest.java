package dev.tributary.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.connector.VendorResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class VendorResponseTest extends VendorHttpTestBase {

  @Test
  void aVendorResponseCarriesTheBodyStatusAndHeadersWithLinkParsing() {
    vendor.stubFor(get(urlPathEqualTo("/pages")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withHeader("ETag", "W/\"abc\"")
        .withHeader("Link", "<https://api.acme.test/pages?page=2>; rel=\"next\", <https://api.acme.test/pages?page=9>; rel=\"last\"")
        .withBody("[{\"id\":\"1\",\"name\":\"one\"}]")));

    VendorResponse<List<TestApi.Item>> r = api(factory(), Authenticator.NONE).page(1, "");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).containsExactly(new TestApi.Item("1", "one"));
    assertThat(r.header("etag")).contains("W/\"abc\"");
    assertThat(r.link("next")).contains("https://api.acme.test/pages?page=2");
    assertThat(r.link("last")).contains("https://api.acme.test/pages?page=9");
    assertThat(r.link("prev")).isEmpty();
    assertThat(r.headers().keySet()).noneMatch(h -> h.startsWith("x-tributary-"));
  }

  @Test
  void aNotModifiedAnswerIsAValueNotAnErrorAndIsSentOnce() {
    vendor.stubFor(get(urlPathEqualTo("/pages")).withHeader("If-None-Match", equalTo("W/\"abc\""))
        .willReturn(aResponse().withStatus(304).withHeader("ETag", "W/\"abc\"")));

    VendorResponse<List<TestApi.Item>> r = api(factory(), Authenticator.NONE).page(1, "W/\"abc\"");

    assertThat(r.notModified()).isTrue();
    assertThat(r.status()).isEqualTo(304);
    assertThat(r.body()).isNull();
    vendor.verify(1, getRequestedFor(urlPathEqualTo("/pages")));
  }
}
