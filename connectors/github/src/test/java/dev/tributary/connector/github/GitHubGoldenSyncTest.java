package dev.tributary.connector.github;

import dev.tributary.testkit.GoldenVendor;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The GitHub connector against its golden exchanges")
class GitHubGoldenSyncTest {

  static final String TOKEN = "ghp_TributaryFictitiousToken000000000001";

  static GoldenVendor vendor(ConnectorProvider provider, String stream) {
    return new GoldenVendor(provider, stream, Map.of("GITHUB_TOKEN", TOKEN),
        c -> c.secret("token", "env:GITHUB_TOKEN").option("owner", "tributary-demo").option("repo", "widget-service")
            .option("org", "tributary-demo").option("perPage", "2"));
  }

  @Test
  void aFullSyncOfIssuesFollowsTheLinkHeaderAndSkipsPullRequests() throws Exception {
    try (GoldenVendor v = vendor(new GitHubConnectorProvider(), "issues")) {
      SyncResult r = v.runtime.sync("acme", "issues", SyncStart.full()).orThrow();

      assertThat(r.pages()).isEqualTo(2);
      assertThat(r.written()).isEqualTo(3);
      assertThat(r.driftWarnings()).isZero();
      v.assertStoredRecordsMatchGolden("issues", "issues");
      assertThat(v.runtime.records().find("acme", "issues", "3012345647")).as("pull request #47").isEmpty();
      v.server.verify(getRequestedFor(urlPathEqualTo("/repos/tributary-demo/widget-service/issues"))
          .withHeader("Authorization", equalTo("Bearer " + TOKEN))
          .withHeader("Accept", equalTo("application/vnd.github+json"))
          .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
          .withHeader("If-None-Match", absent()));
      assertThat(r.cursor().orElseThrow().value()).isEqualTo("{\"since\":\"2026-03-09T17:41:12Z\"}");
    }
  }

  @Test
  void aFullSyncOfRepositoriesAndPullRequestsMatchesTheGoldenRecords() throws Exception {
    try (GoldenVendor v = vendor(new GitHubConnectorProvider(), "repositories")) {
      SyncResult r = v.runtime.sync("acme", "repositories", SyncStart.full()).orThrow();
      assertThat(r.pages()).isEqualTo(2);
      v.assertStoredRecordsMatchGolden("repositories", "repositories");
    }
    try (GoldenVendor v = vendor(new GitHubConnectorProvider(), "pull_requests")) {
      SyncResult r = v.runtime.sync("acme", "pull_requests", SyncStart.full()).orThrow();
      assertThat(r.pages()).isEqualTo(2);
      v.assertStoredRecordsMatchGolden("pull_requests", "pull_requests");
      assertThat(r.cursor().orElseThrow().value())
          .isEqualTo("{\"since\":\"2026-03-10T09:14:27Z\",\"etag\":\"W/\\\"7e9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a\\\"\"}");
    }
  }

  @Test
  void anIncrementalIssuesRunAsksSinceTheNewestUpdateAndWritesOnlyTheChangedIssue() throws Exception {
    try (GoldenVendor v = vendor(new GitHubConnectorProvider(), "issues")) {
      v.runtime.sync("acme", "issues", SyncStart.full()).orThrow();
      // Issue #48 is edited at the vendor: the listing since the last run's newest update returns it.
      String edited = """
          [{"id":3012345648,"node_id":"I_kwDOMGxA1860gUZz","number":48,"title":"Document the reorder webhook",
            "user":{"login":"octo-ana","id":90000001,"type":"User"},"labels":[],"state":"closed",
            "state_reason":"completed","locked":false,"assignees":[],"comments":1,"author_association":"MEMBER",
            "html_url":"https://github.com/tributary-demo/widget-service/issues/48",
            "body":"Which events fire when stock falls below the reorder point?",
            "created_at":"2026-03-02T10:00:05Z","updated_at":"2026-03-10T15:20:00Z","closed_at":"2026-03-10T15:20:00Z"}]""";
      v.server.stubFor(get(urlPathEqualTo("/repos/tributary-demo/widget-service/issues"))
          .withQueryParam("since", equalTo("2026-03-09T17:41:12Z"))
          .willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8")
              .withHeader("etag", "W/\"e1\"").withBody(edited)));

      SyncResult second = v.runtime.sync("acme", "issues", SyncStart.incremental()).orThrow();

      assertThat(second.written()).isEqualTo(1);
      assertThat(v.runtime.records().find("acme", "issues", "3012345648").orElseThrow().payloadJson())
          .contains("\"state\":\"closed\"");
      assertThat(second.cursor().orElseThrow().value()).isEqualTo("{\"since\":\"2026-03-10T15:20:00Z\"}");
    }
  }

  @Test
  void anUnchangedListingAnswersTheStoredEtagWith304AndWritesNothing() throws Exception {
    try (GoldenVendor v = vendor(new GitHubConnectorProvider(), "pull_requests")) {
      v.runtime.sync("acme", "pull_requests", SyncStart.full()).orThrow();
      v.server.stubFor(get(urlPathEqualTo("/repos/tributary-demo/widget-service/pulls"))
          .withHeader("If-None-Match", equalTo("W/\"7e9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a\""))
          .willReturn(aResponse().withStatus(304)
              .withHeader("etag", "W/\"7e9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a\"")
              .withHeader("x-ratelimit-remaining", "4986")));

      SyncResult second = v.runtime.sync("acme", "pull_requests", SyncStart.incremental()).orThrow();

      assertThat(second.pages()).isEqualTo(1);
      assertThat(second.written()).isZero();
      assertThat(second.unchanged()).isZero();
      v.server.verify(0, getRequestedFor(urlPathEqualTo("/repositories/812345671/pulls")).withQueryParam("page", equalTo("2"))
          .withHeader("If-None-Match", absent()).withQueryParam("page", absent()));
    }
  }

  @Test
  void anIncrementalPullRequestsRunStopsAtTheFirstAlreadySyncedPullRequest() throws Exception {
    try (GoldenVendor v = vendor(new GitHubConnectorProvider(), "pull_requests")) {
      v.runtime.sync("acme", "pull_requests", SyncStart.full()).orThrow();
      v.server.resetRequests();

      // The listing changed (new ETag): page one holds one newer pull request, then #50 already synced.
      String page = """
          [{"id":2301234551,"node_id":"PR_kwDOMGxA186Nq1Cd","number":51,"title":"Speed up CSV import","user":{"login":"dev-bob","id":90000002,"type":"User"},
            "labels":[],"state":"open","draft":false,"locked":false,"assignees":[],"requested_reviewers":[],
            "head":{"label":"tributary-demo:perf/csv","ref":"perf/csv","sha":"aa"},"base":{"label":"tributary-demo:main","ref":"main","sha":"bb"},
            "merge_commit_sha":null,"author_association":"MEMBER","html_url":"https://github.com/tributary-demo/widget-service/pull/51",
            "body":null,"created_at":"2026-03-11T08:00:00Z","updated_at":"2026-03-11T08:00:00Z","closed_at":null,"merged_at":null},
           {"id":2301234550,"node_id":"PR_kwDOMGxA186Nq1Ab","number":50,"title":"Add reorder webhook docs","user":{"login":"octo-ana","id":90000001,"type":"User"},
            "labels":[],"state":"open","draft":true,"locked":false,"assignees":[],"requested_reviewers":[],
            "head":{"label":"x","ref":"x","sha":"x"},"base":{"label":"y","ref":"y","sha":"y"},
            "merge_commit_sha":null,"author_association":"MEMBER","html_url":"https://github.com/tributary-demo/widget-service/pull/50",
            "body":null,"created_at":"2026-03-09T18:02:11Z","updated_at":"2026-03-09T00:00:00Z","closed_at":null,"merged_at":null}]""";
      v.server.stubFor(get(urlPathEqualTo("/repos/tributary-demo/widget-service/pulls"))
          .withHeader("If-None-Match", equalTo("W/\"7e9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a\""))
          .willReturn(aResponse().withHeader("Content-Type", "application/json").withHeader("etag", "W/\"new\"")
              .withHeader("link", "<https://api.github.com/repositories/812345671/pulls?state=all&sort=updated&direction=desc&per_page=2&page=2>; rel=\"next\"")
              .withBody(page)));

      SyncResult second = v.runtime.sync("acme", "pull_requests", SyncStart.incremental()).orThrow();

      assertThat(second.pages()).isEqualTo(1);
      assertThat(second.written()).isEqualTo(1);
      assertThat(v.runtime.records().count("acme", "pull_requests")).isEqualTo(4);
      v.server.verify(0, getRequestedFor(urlPathEqualTo("/repositories/812345671/pulls")));
      assertThat(second.cursor().orElseThrow().value()).isEqualTo("{\"since\":\"2026-03-11T08:00:00Z\",\"etag\":\"W/\\\"new\\\"\"}");
    }
  }
}
