package dev.tributary.host.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GitHub's REST API for one organisation and one repository: {@code GET /orgs/{org}/repos},
 * {@code /repos/{owner}/{repo}/issues} (pull requests mixed in, as GitHub does) and
 * {@code /repos/{owner}/{repo}/pulls}, with {@code Link} pagination, {@code since}, sorting, and
 * ETags answered with 304.
 */
final class GitHubSandbox {

  static final String ORG = "acme-sandbox";
  static final String REPO = "widgets";
  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  private final ObjectMapper json;
  private final List<ObjectNode> repos = new ArrayList<>();
  private final List<ObjectNode> issues = new ArrayList<>();
  private final List<ObjectNode> pulls = new ArrayList<>();
  final SandboxServer server;

  GitHubSandbox(ObjectMapper json, int repoCount, int issueCount, SandboxServer.Faults faults) {
    this.json = json;
    ObjectNode repoT = Templates.load(json, "github-repo.json");
    ObjectNode issueT = Templates.load(json, "github-issue.json");
    ObjectNode prT = Templates.load(json, "github-pull.json");
    for (int i = 0; i < repoCount; i++) {
      ObjectNode r = repoT.deepCopy();
      String name = i == 0 ? REPO : "service-" + i;
      r.put("id", 900_000_000L + i).put("name", name).put("full_name", ORG + "/" + name)
          .put("updated_at", Templates.at(BASE, i, 3600).toString());
      repos.add(r);
    }
    for (int i = 1; i <= issueCount; i++) {
      boolean pr = i % 10 == 0;
      ObjectNode n = (pr ? prT : issueT).deepCopy();
      String updated = Templates.at(BASE, i, 37).toString();
      n.put("id", 3_000_000_000L + i).put("number", i).put("title", (pr ? "Change " : "Issue ") + i)
          .put("updated_at", updated).put("created_at", Templates.at(BASE, i, 30).toString())
          .put("state", i % 3 == 0 ? "closed" : "open");
      issues.add(n);
      if (pr) {
        ObjectNode p = n.deepCopy();
        p.remove("pull_request");
        p.put("id", 4_000_000_000L + i);
        p.putObject("head").put("ref", "change-" + i).put("sha", String.format("%040x", i));
        p.putObject("base").put("ref", "main").put("sha", String.format("%040x", 0));
        p.putNull("merged_at");
        pulls.add(p);
      }
    }
    server = new SandboxServer("github", faults)
        .route("GET", "/orgs/([^/]+)/repos", r -> list(r, repos, false))
        .route("GET", "/repos/([^/]+)/([^/]+)/issues", r -> list(r, issues, true))
        .route("GET", "/repos/([^/]+)/([^/]+)/pulls", r -> list(r, pulls, false));
  }

  /** Records each stream yields: issues exclude the pull requests GitHub mixes in. */
  Map<String, Integer> expected() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("repositories", repos.size());
    m.put("issues", issues.size() - pulls.size());
    m.put("pull_requests", pulls.size());
    return m;
  }

  private SandboxServer.Response list(SandboxServer.Request r, List<ObjectNode> all, boolean ascendingDefault) {
    String auth = r.header("authorization");
    if (auth == null || !auth.startsWith("Bearer ")) {
      return new SandboxServer.Response(401, Map.of("Content-Type", "application/json"),
          "{\"message\":\"Requires authentication\",\"documentation_url\":\"https://docs.github.com/rest\"}".getBytes(StandardCharsets.UTF_8));
    }
    boolean asc = r.query("direction") == null ? ascendingDefault : r.query("direction").equals("asc");
    String since = r.query("since");
    List<ObjectNode> selected = new ArrayList<>();
    for (ObjectNode n : all) {
      if (since == null || n.get("updated_at").asText().compareTo(since) >= 0) {
        selected.add(n);
      }
    }
    Comparator<ObjectNode> byUpdated = Comparator.comparing(n -> n.get("updated_at").asText());
    selected.sort(asc ? byUpdated : byUpdated.reversed());
    int perPage = Math.min(100, Integer.parseInt(r.query().getOrDefault("per_page", "30")));
    int page = Integer.parseInt(r.query().getOrDefault("page", "1"));
    int from = Math.min(selected.size(), (page - 1) * perPage);
    int to = Math.min(selected.size(), from + perPage);
    ArrayNode body = json.createArrayNode();
    selected.subList(from, to).forEach(body::add);
    String etag = "W/\"" + HexFormat.of().formatHex(Integer.toHexString(body.hashCode() * 31 + selected.size()).getBytes(StandardCharsets.UTF_8)) + "\"";
    if (etag.equals(r.header("if-none-match"))) {
      return new SandboxServer.Response(304, Map.of("ETag", etag), null);
    }
    SandboxServer.Response response = SandboxServer.Response.json(json, body).withHeader("ETag", etag)
        .withHeader("x-ratelimit-limit", "5000").withHeader("x-ratelimit-remaining", "4999");
    if (to < selected.size()) {
      Map<String, String> q = new LinkedHashMap<>(r.query());
      q.put("page", Integer.toString(page + 1));
      StringBuilder link = new StringBuilder("https://api.github.com").append(r.path()).append('?');
      q.forEach((k, v) -> link.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
      link.setLength(link.length() - 1);
      response = response.withHeader("Link", "<" + link + ">; rel=\"next\"");
    }
    return response;
  }

  URI baseUrl() {
    return server.baseUrl();
  }
}
