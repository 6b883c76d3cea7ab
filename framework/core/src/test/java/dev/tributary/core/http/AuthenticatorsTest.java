package dev.tributary.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.credential.Secret;
import java.net.URI;
import org.junit.jupiter.api.Test;

class AuthenticatorsTest {

  private final Secret secret = Secret.of("s3cr3t-value", "env:ACME_TOKEN");

  @Test
  void bearerSendsTheTokenAndCannotRefresh() {
    Authenticator auth = Authenticators.bearer(secret);

    assertThat(auth.headers()).containsExactly(java.util.Map.entry("Authorization", "Bearer s3cr3t-value"));
    assertThat(auth.onUnauthorized()).isFalse();
    assertThat(auth).hasToString("StaticAuthenticator[Authorization from env:ACME_TOKEN]");
  }

  @Test
  void apiKeyComesFromTheManifestsSchemeAndNeverShowsInToString() {
    Authenticator auth = Authenticators.forScheme(AuthScheme.apiKey("X-Api-Key"), secret);

    assertThat(auth.headers()).containsExactly(java.util.Map.entry("X-Api-Key", "s3cr3t-value"));
    assertThat(auth.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void aNonStaticSchemeIsRefusedNamingTheAlternatives() {
    assertThatThrownBy(() -> Authenticators.forScheme(AuthScheme.oauth2ClientCredentials(URI.create("https://a/token")), secret))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("auth scheme 'oauth2-client-credentials' is not static: use the token manager or its auth plug-in"
            + " (static schemes: none, api-key, bearer)");
  }

  @Test
  void theNoneSchemeNeedsNoSecret() {
    assertThat(Authenticators.forScheme(AuthScheme.none(), null)).isSameAs(Authenticator.NONE);
  }
}
