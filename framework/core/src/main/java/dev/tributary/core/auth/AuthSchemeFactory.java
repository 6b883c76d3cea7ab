package dev.tributary.core.auth;

/**
 * Supplies the {@link TokenSource} for one auth scheme type. The OAuth2 grants are built in; an
 * auth plug-in adds a custom scheme (GitHub App installation tokens, a vendor's signed-assertion
 * grant) by implementing this and listing it in
 * {@code META-INF/services/dev.tributary.core.auth.AuthSchemeFactory}. The token manager supplies
 * caching, encryption, single-flight refresh and fail-closed handling around it.
 *
 * <pre>{@code
 * public final class AcmeAssertionFactory implements AuthSchemeFactory {
 *   public String type() { return "acme-assertion"; }
 *   public TokenSource create(AuthContext ctx) { return new AcmeAssertionSource(ctx); }
 * }
 * }</pre>
 */
public interface AuthSchemeFactory {

  /** The {@link dev.tributary.api.connector.AuthScheme#type()} served. */
  String type();

  /**
   * A token source for {@code context}'s connection. Resolve secrets and check settings here, so
   * misconfiguration fails at start-up.
   *
   * @throws IllegalArgumentException naming the connection and what is missing
   */
  TokenSource create(AuthContext context);
}
