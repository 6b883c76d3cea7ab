package dev.tributary.connector.github;

import com.google.inject.Module;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.ConnectorProvider;

/**
 * GitHub with a personal access token (classic or fine-grained), connector id {@code github}.
 * Secret {@code token}; options {@code owner}, {@code repo} (issues, pull requests) and {@code org}
 * (repositories). See the module README for the permissions it needs.
 *
 * @since 1.0
 */
public final class GitHubConnectorProvider implements ConnectorProvider {

  @Override
  public ConnectorManifest manifest() {
    return GitHubManifests.PERSONAL_ACCESS_TOKEN;
  }

  @Override
  public Module module() {
    return new GitHubModule();
  }
}
