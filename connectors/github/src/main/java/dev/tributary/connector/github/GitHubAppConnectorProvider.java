package dev.tributary.connector.github;

import com.google.inject.Module;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.ConnectorProvider;

/**
 * GitHub as a GitHub App installation, connector id {@code github-app}: the same streams as
 * {@link GitHubConnectorProvider}, authenticated by hour-long installation tokens the framework's
 * {@code github-app} auth plug-in mints and refreshes. Secret {@code privateKey}; options
 * {@code appId}, {@code installationId}, optional {@code apiUrl}, plus the stream options.
 *
 * @since 1.0
 */
public final class GitHubAppConnectorProvider implements ConnectorProvider {

  @Override
  public ConnectorManifest manifest() {
    return GitHubManifests.GITHUB_APP;
  }

  @Override
  public Module module() {
    return new GitHubModule();
  }
}
