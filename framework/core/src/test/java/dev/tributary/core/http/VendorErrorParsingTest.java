package dev.tributary.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.connector.VendorErrorParser;
import dev.tributary.api.connector.VendorErrorParser.VendorError;
import dev.tributary.api.errors.VendorRequestException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VendorErrorParsingTest extends VendorHttpTestBase {

  private final ObjectMapper json = new ObjectMapper();

  private Optional<VendorError> parse(String body) throws Exception {
    return GenericVendorErrorParser.INSTANCE.parse(400, json.readTree(body));
  }

  @Test
  void readsTheCommonVendorShapes() throws Exception {
    assertThat(parse("{\"error\":{\"type\":\"card_error\",\"code\":\"card_declined\",\"message\":\"Declined\"}}"))
        .contains(new VendorError("card_error", "card_declined", "Declined"));
    assertThat(parse("{\"status\":\"error\",\"message\":\"Property values were not valid\",\"category\":\"VALIDATION_ERROR\","
        + "\"correlationId\":\"aeb5f871\"}"))
        .contains(new VendorError("VALIDATION_ERROR", null, "Property values were not valid"));
    assertThat(parse("{\"message\":\"Validation Failed\",\"documentation_url\":\"https://docs.github.com\"}"))
        .contains(new VendorError(null, null, "Validation Failed"));
    assertThat(parse("{\"error\":\"invalid_grant\",\"error_description\":\"expired\"}"))
        .contains(new VendorError("invalid_grant", null, "expired"));
    assertThat(parse("{\"unrelated\":true}")).isEmpty();
    assertThat(parse("[1,2]")).isEmpty();
  }

  @Test
  void aNonJsonErrorBodyStillGivesTheStatus() {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(aResponse().withStatus(404).withBody("<html>Not Found</html>")));

    assertThatThrownBy(api(factory(), Authenticator.NONE)::items)
        .isInstanceOfSatisfying(VendorRequestException.class, e -> assertThat(e.errorType()).isEmpty())
        .hasMessageEndingWith("-> 404 [correlation " + vendor.getAllServeEvents().get(0).getRequest().getHeader("X-Request-Id")
            + "]: vendor rejected the request");
  }

  @Test
  void aConnectorsOwnParserReplacesTheDefault() throws Exception {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(aResponse().withStatus(422)
        .withHeader("Content-Type", "application/json").withBody("{\"kind\":\"quota\",\"detail\":\"too many widgets\"}")));
    VendorErrorParser own = (status, body) -> Optional.of(new VendorError(body.path("kind").asText(null), "s" + status,
        body.path("detail").asText(null)));
    TestApi api = factory().vendorClients(manifest(), own).create(TestApi.class);
    ConnectionHandle handle = new ConnectionHandle(connection("acme-eu", ""), Authenticator.NONE);

    assertThatThrownBy(() -> CurrentConnection.run(handle, api::items))
        .isInstanceOfSatisfying(VendorRequestException.class, e -> {
          assertThat(e.errorType()).contains("quota");
          assertThat(e.errorCode()).contains("s422");
          assertThat(e.vendorMessage()).contains("too many widgets");
        });
  }
}
