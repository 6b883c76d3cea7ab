package dev.tributary.connector.stripe;

import com.google.inject.Module;
import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.api.connector.RateLimit;
import dev.tributary.api.connector.WebhookScheme;
import java.net.URI;
import java.time.Duration;

/**
 * Stripe, connector id {@code stripe}: customers, charges and invoices, and the
 * {@code upsert-customer} action. Secret {@code token}: a secret or (recommended) restricted key,
 * sent as {@code Authorization: Bearer}. Option {@code account}: a connected account
 * ({@code acct_...}) to read as, sent as {@code Stripe-Account}.
 *
 * @since 1.0
 */
public final class StripeConnectorProvider implements ConnectorProvider {

  static final ConnectorManifest MANIFEST = ConnectorManifest.builder("stripe", "1.0.0")
      .baseUrl(URI.create("https://api.stripe.com"))
      .egressHosts("api.stripe.com")
      .auth(AuthScheme.bearer())
      // Restricted-key permissions; Stripe checks them per request (a missing one is a 403).
      .requiredScopes("customers:read", "charges:read", "invoices:read", "events:read")
      .optionalScopes("customers:write")
      .stream(CustomersStream.SPEC)
      .stream(ChargesStream.SPEC)
      .stream(InvoicesStream.SPEC)
      // Stripe's per-endpoint default and its sandbox-wide limit: 25 requests a second.
      .rateLimit(RateLimit.of(25, Duration.ofSeconds(1)))
      .webhook(WebhookScheme.of(WebhookScheme.STRIPE, null))
      .supportUrl(URI.create("https://support.stripe.com"))
      .defaultHeader("Stripe-Version", "2025-08-27.basil")
      .build();

  @Override
  public ConnectorManifest manifest() {
    return MANIFEST;
  }

  @Override
  public Module module() {
    return new StripeModule();
  }
}
