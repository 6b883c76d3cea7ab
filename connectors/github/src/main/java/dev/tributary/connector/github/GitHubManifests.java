package dev.tributary.connector.github;

import dev.tributary.api.connector.AuthScheme;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.RateLimit;
import dev.tributary.api.connector.WebhookScheme;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** The two GitHub manifests: identical but for id and auth scheme. */
final class GitHubManifests {

  static final String VERSION = "1.0.0";

  /** Fine-grained permissions, named as GitHub App installation tokens report them. */
  static final String[] PERMISSIONS = {"metadata:read", "issues:read", "pull_requests:read"};

  static final ConnectorManifest PERSONAL_ACCESS_TOKEN = manifest("github", AuthScheme.bearer());

  /**
   * Installation tokens from the framework's {@code github-app} auth plug-in. Its settings
   * ({@code appId}, {@code installationId}, optional {@code apiUrl}) are per connection options and
   * its secret is {@code privateKey}, so the scheme itself carries no params.
   */
  static final ConnectorManifest GITHUB_APP = manifest("github-app", AuthScheme.custom("github-app", Map.of()));

  private GitHubManifests() {}

  private static ConnectorManifest manifest(String id, AuthScheme auth) {
    return ConnectorManifest.builder(id, VERSION)
        .baseUrl(URI.create("https://api.github.com"))
        .egressHosts("api.github.com")
        .auth(auth)
        .requiredScopes(PERMISSIONS)
        .stream(RepositoriesStream.SPEC)
        .stream(IssuesStream.SPEC)
        .stream(PullRequestsStream.SPEC)
        // The primary limit of a personal access token or an app installation: 5,000 an hour.
        .rateLimit(RateLimit.of(5000, Duration.ofHours(1)))
        .webhook(WebhookScheme.of(WebhookScheme.HMAC_SHA256_HEX, "X-GitHub-Delivery"))
        .supportUrl(URI.create("https://support.github.com"))
        .defaultHeader("Accept", "application/vnd.github+json")
        .defaultHeader("X-GitHub-Api-Version", "2022-11-28")
        .build();
  }
}
