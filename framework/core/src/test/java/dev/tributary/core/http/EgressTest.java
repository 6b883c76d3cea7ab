package dev.tributary.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.errors.EgressDeniedException;
import dev.tributary.core.config.ConnectionConfig;
import java.net.URI;
import org.junit.jupiter.api.Test;

class EgressTest extends VendorHttpTestBase {

  @Test
  void anUndeclaredHostIsRefusedBeforeAnyRequest() {
    TestApi api = api(factory(), Authenticator.NONE);

    assertThatThrownBy(() -> api.anywhere(URI.create("https://evil.example.org")))
        .isInstanceOf(EgressDeniedException.class)
        .hasMessageStartingWith("acme/acme-eu GET /anywhere [correlation ")
        .hasMessageEndingWith("]: host 'evil.example.org' is not an egress host of connector 'acme' [api.acme.test]"
            + " nor the host of connection 'acme-eu''s base URL: declare it in the manifest's egressHosts");
    assertThat(vendor.getAllServeEvents()).isEmpty();
  }

  @Test
  void plainHttpToANonLoopbackHostIsRefusedEvenWhenDeclared() {
    TestApi api = api(factory(), Authenticator.NONE);

    assertThatThrownBy(() -> api.anywhere(URI.create("http://api.acme.test")))
        .isInstanceOf(EgressDeniedException.class)
        .hasMessageEndingWith("]: scheme 'http' to host 'api.acme.test' is refused: vendor calls use https (plain http only to loopback)");
    assertThat(vendor.getAllServeEvents()).isEmpty();
  }

  @Test
  void aPlainHttpBaseUrlOverrideToANonLoopbackHostIsRefused() {
    ConnectionConfig config = ConnectionConfig.builder("acme-eu", "acme").baseUrl(URI.create("http://10.1.2.3:8080")).build();
    TestApi api = factory().client(TestApi.class, manifest(), new ConnectionHandle(config, Authenticator.NONE));

    assertThatThrownBy(api::items)
        .isInstanceOf(EgressDeniedException.class)
        .hasMessageEndingWith("]: scheme 'http' to host '10.1.2.3' is refused: vendor calls use https (plain http only to loopback)");
    assertThat(vendor.getAllServeEvents()).isEmpty();
  }

  @Test
  void theAuthenticatorIsNotAskedForCredentialsOfARefusedRequest() {
    Authenticator tattletale = new Authenticator() {
      @Override
      public java.util.Map<String, String> headers() {
        throw new AssertionError("credentials must not be fetched for a refused request");
      }

      @Override
      public boolean onUnauthorized() {
        return false;
      }
    };
    TestApi api = api(factory(), tattletale);

    assertThatThrownBy(() -> api.anywhere(URI.create("https://evil.example.org"))).isInstanceOf(EgressDeniedException.class);
  }

  @Test
  void loopbackIsRecognisedFromTheLiteralHostOnly() {
    assertThat(EgressGuard.isLoopback("127.0.0.1")).isTrue();
    assertThat(EgressGuard.isLoopback("127.8.9.10")).isTrue();
    assertThat(EgressGuard.isLoopback("localhost")).isTrue();
    assertThat(EgressGuard.isLoopback("[::1]")).isTrue();
    assertThat(EgressGuard.isLoopback("127.0.0.1.evil.example.org")).isFalse();
    assertThat(EgressGuard.isLoopback("10.0.0.1")).isFalse();
  }
}
