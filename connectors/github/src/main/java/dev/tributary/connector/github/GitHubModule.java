package dev.tributary.connector.github;

import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.tributary.api.connector.ConnectorModule;
import dev.tributary.api.connector.VendorClients;

/** The GitHub connector's bindings, shared by both auth variants. */
final class GitHubModule extends ConnectorModule {

  @Override
  protected void configureConnector() {
    stream(RepositoriesStream.class);
    stream(IssuesStream.class);
    stream(PullRequestsStream.class);
  }

  @Provides
  @Singleton
  GitHubApi api(VendorClients clients) {
    return clients.create(GitHubApi.class);
  }
}
