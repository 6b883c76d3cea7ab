package dev.tributary.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import fixtures.contract.good.GoodProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records golden files from a local WireMock standing in for the real vendor (real-looking
 * personal data, real credentials, a session cookie), and checks that nothing secret or personal
 * reaches disk, that the kit passes on the recording, and that re-recording reports drift.
 */
@DisplayName("The golden recorder")
class GoldenRecorderTest {

  static final String CLIENT_SECRET = "live-client-secret-9f8e7d6c";
  static final String REFRESH_TOKEN = "live-refresh-token-1a2b3c4d";
  static final String ACCESS_TOKEN = "live-access-token-5e6f7a8b9c";
  static final List<String> PERSONAL = List.of("ada.lovelace@realmail.test", "Ada Lovelace", "grace@navy.test",
      "Grace Hopper", "alan@bletchley.test", "Alan Turing");

  WireMockServer vendor;

  @TempDir
  Path golden;

  @BeforeEach
  void vendor() {
    vendor = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    vendor.start();
    vendor.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withHeader("Content-Type", "application/json")
        .withBody("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"bearer\",\"expires_in\":3600}")));
    serve("free");
  }

  void serve(String gracePlan) {
    page(null, "cus_002", true, customer("cus_001", "ada.lovelace@realmail.test", "Ada Lovelace", "pro"),
        customer("cus_002", "grace@navy.test", "Grace Hopper", gracePlan));
    page("cus_002", null, false, customer("cus_003", "alan@bletchley.test", "Alan Turing", "team"));
  }

  static String customer(String id, String email, String name, String plan) {
    return "{\"id\":\"" + id + "\",\"object\":\"customer\",\"email\":\"" + email + "\",\"name\":\"" + name
        + "\",\"plan\":\"" + plan + "\",\"updated_at\":\"2026-05-0" + id.charAt(6) + "T08:00:00Z\"}";
  }

  void page(String after, String next, boolean more, String... customers) {
    MappingBuilder m = get(urlPathEqualTo("/v1/customers")).withQueryParam("limit", equalTo("2"))
        .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN));
    m = after == null ? m.withQueryParam("starting_after", com.github.tomakehurst.wiremock.client.WireMock.absent())
        : m.withQueryParam("starting_after", equalTo(after));
    vendor.stubFor(m.willReturn(aResponse().withHeader("Content-Type", "application/json")
        .withHeader("Set-Cookie", "session=" + ACCESS_TOKEN + "; HttpOnly")
        .withHeader("Link", "<" + vendor.baseUrl() + "/v1/customers?limit=2&starting_after=" + next + ">; rel=\"next\"")
        .withBody("{\"object\":\"list\",\"has_more\":" + more + ",\"data\":[" + String.join(",", customers) + "]}")));
  }

  @AfterEach
  void stop() {
    vendor.stop();
  }

  GoldenRecorder recorder() {
    return GoldenRecorder.builder(new GoodProvider())
        .vendor(java.net.URI.create(vendor.baseUrl()))
        .secret("clientId", "live-client-id-0001")
        .secret("clientSecret", CLIENT_SECRET)
        .secret("refreshToken", REFRESH_TOKEN)
        .option("tokenUrl", vendor.baseUrl() + "/oauth/token")
        .output(golden)
        .build();
  }

  @Test
  void writesGoldenFilesWithoutSecretsOrPersonalData() throws IOException {
    recorder().recordAndWrite();

    String all = allFiles();
    assertThat(all).contains("\"cus_001\"", "\"pro\"", "@example.com");
    for (String leak : List.of(CLIENT_SECRET, REFRESH_TOKEN, ACCESS_TOKEN, "live-client-id-0001")) {
      assertThat(all).as("secret").doesNotContain(leak);
    }
    for (String personal : PERSONAL) {
      assertThat(all).as("personal data").doesNotContain(personal);
    }
    assertThat(all).doesNotContainIgnoringCase("set-cookie").doesNotContainIgnoringCase("authorization");
    assertThat(Files.list(golden.resolve("customers/mappings")).count()).isEqualTo(2);
    assertThat(all).contains("\"Link\" : \"<{{baseUrl}}/v1/customers?limit=2&starting_after=cus_002>; rel=")
        .doesNotContain(vendor.baseUrl());
  }

  @Test
  void replacesPersonalValuesStablySoRecordsStillLineUp() throws IOException {
    recorder().recordAndWrite();
    String page1 = Files.readString(golden.resolve("customers/__files/01-customers.json"));
    String expected = Files.readString(golden.resolve("customers/expected-records.json"));
    String fakeEmail = "user-" + Scrubber.hash("ada.lovelace@realmail.test") + "@example.com";

    assertThat(page1).contains(fakeEmail).contains("name-" + Scrubber.hash("Ada Lovelace"));
    assertThat(expected).contains(fakeEmail);
  }

  @Test
  void recordsGoldenFilesTheKitPasses() {
    recorder().recordAndWrite();
    ContractChecks kit = new ContractChecks(new GoodProvider(), new GoodConnectorContractTest().settings().withGoldenDirectory(golden),
        GoldenRecorderTest.class);

    kit.fullSyncYieldsGoldenRecords("customers");
    kit.resumingFromEveryPageBoundaryYieldsTheSameState("customers");
    kit.repeatedCursorIsDetected("customers");
  }

  @Test
  void reportsDriftWhenTheVendorAnswersDifferently() {
    recorder().recordAndWrite();
    assertThat(recorder().drift(golden).findings()).isEmpty();

    vendor.resetMappings();
    vendor.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withHeader("Content-Type", "application/json")
        .withBody("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"bearer\",\"expires_in\":3600}")));
    serve("team");

    assertThat(recorder().drift(golden).findings())
        .containsExactly("stream 'customers': record cus_002: payload.plan: expected \"free\" but was \"team\"");
  }

  String allFiles() throws IOException {
    try (Stream<Path> files = Files.walk(golden)) {
      return files.filter(Files::isRegularFile).map(p -> {
        try {
          return p + "\n" + Files.readString(p);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).collect(Collectors.joining("\n"));
    }
  }
}
