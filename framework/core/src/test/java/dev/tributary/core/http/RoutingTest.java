package dev.tributary.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.connector.VendorClients;
import dev.tributary.api.credential.Secret;
import dev.tributary.core.config.ConnectionConfig;
import feign.RequestLine;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RoutingTest extends VendorHttpTestBase {

  @Test
  void eachCallGoesAsTheCurrentConnection() throws Exception {
    vendor.stubFor(get(urlPathEqualTo("/tenant-a/items")).willReturn(okJson("[{\"id\":\"a\"}]")));
    vendor.stubFor(get(urlPathEqualTo("/tenant-b/items")).willReturn(okJson("[{\"id\":\"b\"}]")));
    VendorClients clients = factory().vendorClients(manifest());
    TestApi api = clients.create(TestApi.class); // one singleton shared by both connections
    ConnectionHandle a = new ConnectionHandle(connection("tenant-a", "/tenant-a"), Authenticators.bearer(Secret.of("token-a", "env:A")));
    ConnectionHandle b = new ConnectionHandle(connection("tenant-b", "/tenant-b"), Authenticators.bearer(Secret.of("token-b", "env:B")));

    assertThat(CurrentConnection.run(a, api::items)).extracting(TestApi.Item::id).containsExactly("a");
    assertThat(CurrentConnection.run(b, api::items)).extracting(TestApi.Item::id).containsExactly("b");
    assertThat(CurrentConnection.run(a, () -> CurrentConnection.run(b, api::items).get(0).id() + api.items().get(0).id()))
        .as("the outer connection is restored after a nested run").isEqualTo("ba");

    vendor.verify(2, getRequestedFor(urlPathEqualTo("/tenant-a/items")).withHeader("Authorization", equalTo("Bearer token-a")));
    vendor.verify(2, getRequestedFor(urlPathEqualTo("/tenant-b/items")).withHeader("Authorization", equalTo("Bearer token-b")));
    assertThat(CurrentConnection.current()).isEmpty();
  }

  @Test
  void aCallOutsideAnyConnectionFailsNamingTheApiAndTheFix() {
    TestApi api = factory().vendorClients(manifest()).create(TestApi.class);

    assertThatThrownBy(api::items)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("TestApi.items was called outside any connection: call vendor APIs from a stream, action or job the"
            + " runtime runs, or wrap the call in CurrentConnection.run(handle, ...)");
    assertThat(vendor.getAllServeEvents()).isEmpty();
  }

  @Test
  void aCallAsAnotherConnectorsConnectionIsRefused() {
    TestApi api = factory().vendorClients(manifest()).create(TestApi.class);
    ConnectionConfig other = ConnectionConfig.builder("other-eu", "other").baseUrl(URI.create(vendor.baseUrl())).build();

    assertThatThrownBy(() -> CurrentConnection.run(new ConnectionHandle(other, Authenticator.NONE), api::items))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("TestApi.items of connector 'acme' was called while running connection 'other-eu' of connector"
            + " 'other': a connector's client serves only its own connections");
  }

  @Test
  void policiesAreSharedByAllClientsOfAConnection() {
    VendorClientFactory factory = factory();
    ConnectionHandle handle = new ConnectionHandle(connection("acme-eu", ""), Authenticator.NONE);

    factory.client(TestApi.class, manifest(), handle);
    ConnectionPolicies first = factory.policies(manifest(), "acme-eu");
    factory.client(TestApi.class, manifest(), handle);

    assertThat(factory.policies(manifest(), "acme-eu")).isSameAs(first);
    assertThat(factory.policies(manifest(), "acme-us")).isNotSameAs(first);
  }

  interface NotAnnotated {
    String items();
  }

  interface Annotated {
    @RequestLine("GET /x")
    String x();
  }

  @Test
  void anInvalidApiTypeIsRejectedAtCreationNamingTheMethod() {
    VendorClients clients = factory().vendorClients(manifest());

    assertThatThrownBy(() -> clients.create(NotAnnotated.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("dev.tributary.core.http.RoutingTest$NotAnnotated is not a valid Feign interface: ")
        .hasMessageContaining("NotAnnotated#items()");
    assertThatThrownBy(() -> clients.create(String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("java.lang.String is not an interface: declare the vendor API as a Feign interface");
    assertThat(clients.create(Annotated.class).toString()).isEqualTo("Annotated[acme, routed to the current connection]");
  }

  @Test
  void aChangedHandleForTheSameConnectionGetsAFreshClient() throws Exception {
    vendor.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(okJson("[{\"id\":\"old\"}]")));
    vendor.stubFor(get(urlPathEqualTo("/v2/items")).willReturn(okJson("[{\"id\":\"new\"}]")));
    TestApi api = factory().vendorClients(manifest()).create(TestApi.class);

    String before = CurrentConnection.run(new ConnectionHandle(connection("acme-eu", "/v1"), Authenticator.NONE),
        () -> api.items().get(0).id());
    String after = CurrentConnection.run(new ConnectionHandle(connection("acme-eu", "/v2"), Authenticator.NONE),
        () -> api.items().get(0).id());

    assertThat(before + " -> " + after).isEqualTo("old -> new");
  }

  @Test
  void forgettingAConnectionResetsItsOpenCircuit() {
    vendor.stubFor(get(urlPathEqualTo("/items")).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
    VendorClientFactory factory = factory(HttpSettings.builder().maxAttempts(1).circuitFailureThreshold(1).build());
    TestApi api = api(factory, Authenticator.NONE);
    assertThatThrownBy(api::items).hasMessageEndingWith("the vendor is unavailable");
    assertThatThrownBy(api::items).hasMessageContaining("circuit open");

    factory.forget("acme", "acme-eu");

    assertThatThrownBy(api::items).hasMessageEndingWith("the vendor is unavailable");
    vendor.verify(2, getRequestedFor(urlPathEqualTo("/items")));
  }

  @Test
  void concurrentConnectionsOnVirtualThreadsNeverCrossOver() throws Exception {
    vendor.stubFor(get(urlPathEqualTo("/tenant-a/items")).willReturn(okJson("[{\"id\":\"a\"}]")));
    vendor.stubFor(get(urlPathEqualTo("/tenant-b/items")).willReturn(okJson("[{\"id\":\"b\"}]")));
    TestApi api = factory().vendorClients(manifest()).create(TestApi.class);
    ConnectionHandle a = new ConnectionHandle(connection("tenant-a", "/tenant-a"), Authenticators.bearer(Secret.of("token-a", "env:A")));
    ConnectionHandle b = new ConnectionHandle(connection("tenant-b", "/tenant-b"), Authenticators.bearer(Secret.of("token-b", "env:B")));

    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      var results = new java.util.ArrayList<java.util.concurrent.Future<String>>();
      for (int i = 0; i < 20; i++) {
        ConnectionHandle h = i % 2 == 0 ? a : b;
        results.add(threads.submit(() -> h.id() + ":" + CurrentConnection.run(h, api::items).get(0).id()));
      }
      for (var r : results) {
        assertThat(r.get()).isIn("tenant-a:a", "tenant-b:b");
      }
    }

    vendor.verify(10, getRequestedFor(urlPathEqualTo("/tenant-a/items")).withHeader("Authorization", equalTo("Bearer token-a")));
    vendor.verify(10, getRequestedFor(urlPathEqualTo("/tenant-b/items")).withHeader("Authorization", equalTo("Bearer token-b")));
  }
}
