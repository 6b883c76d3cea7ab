package dev.tributary.host.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HubSpot's CRM v3 objects for contacts, companies and deals: {@code after} paging, the search API
 * with its 10,000-result cap, and the OAuth2 token endpoint (refresh-token grant) whose access
 * tokens the object endpoints check.
 */
final class HubSpotSandbox {

  static final String CLIENT_ID = "sandbox-client";
  static final String REFRESH_TOKEN = "na1-sandbox-refresh-0000";
  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  private final ObjectMapper json;
  private final Map<String, List<ObjectNode>> objects = new LinkedHashMap<>();
  private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
  final AtomicLong tokenRequests = new AtomicLong();
  final SandboxServer server;

  HubSpotSandbox(ObjectMapper json, int contacts, int companies, int deals, SandboxServer.Faults faults) {
    this.json = json;
    objects.put("contacts", generate("contacts", contacts, 1000));
    objects.put("companies", generate("companies", companies, 500_000));
    objects.put("deals", generate("deals", deals, 900_000));
    server = new SandboxServer("hubspot", faults)
        .route("POST", "/oauth/v1/token", this::token)
        .route("GET", "/crm/v3/objects/(contacts|companies|deals)", r -> authorized(r, () -> list(r)))
        .route("POST", "/crm/v3/objects/(contacts|companies|deals)/search", r -> authorized(r, () -> search(r)));
  }

  private List<ObjectNode> generate(String type, int count, long firstId) {
    ObjectNode t = Templates.load(json, "hubspot-" + type + ".json");
    List<ObjectNode> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ObjectNode n = t.deepCopy();
      String id = Long.toString(firstId + i);
      String modified = Templates.at(BASE, i, 41).toString();
      n.put("id", id).put("updatedAt", modified).put("createdAt", Templates.at(BASE, i, 20).toString());
      ObjectNode p = (ObjectNode) n.get("properties");
      p.put("hs_object_id", id);
      p.put(p.has("lastmodifieddate") ? "lastmodifieddate" : "hs_lastmodifieddate", modified);
      if (p.has("email")) {
        p.put("email", "contact" + i + "@example.com")
            .put("firstname", Templates.FIRST[i % Templates.FIRST.length])
            .put("lastname", Templates.LAST[i % Templates.LAST.length]);
      }
      if (p.has("name")) {
        p.put("name", "Company " + i);
      }
      if (p.has("dealname")) {
        p.put("dealname", "Deal " + i);
      }
      out.add(n);
    }
    return out;
  }

  Map<String, Integer> expected() {
    Map<String, Integer> m = new LinkedHashMap<>();
    objects.forEach((k, v) -> m.put(k, v.size()));
    return m;
  }

  private SandboxServer.Response token(SandboxServer.Request r) {
    tokenRequests.incrementAndGet();
    Map<String, String> form = SandboxServer.query(new String(r.body(), StandardCharsets.UTF_8));
    if (!"refresh_token".equals(form.get("grant_type")) || !REFRESH_TOKEN.equals(form.get("refresh_token"))) {
      return new SandboxServer.Response(400, Map.of("Content-Type", "application/json"),
          "{\"error\":\"invalid_grant\",\"error_description\":\"missing or unknown refresh token\",\"status\":\"BAD_REFRESH_TOKEN\"}"
              .getBytes(StandardCharsets.UTF_8));
    }
    String access = "CMzSandbox" + UUID.randomUUID().toString().replace("-", "");
    accessTokens.add(access);
    ObjectNode body = json.createObjectNode().put("token_type", "bearer").put("refresh_token", REFRESH_TOKEN)
        .put("access_token", access).put("expires_in", 1800).put("token_use", "access_token");
    ArrayNode scopes = body.putArray("scopes");
    // The sandbox app is granted exactly what the connector asks for: least privilege.
    for (String s : List.of("crm.objects.companies.read", "crm.objects.contacts.read", "crm.objects.deals.read")) {
      scopes.add(s);
    }
    return SandboxServer.Response.json(json, body);
  }

  private SandboxServer.Response authorized(SandboxServer.Request r, java.util.concurrent.Callable<SandboxServer.Response> ok)
      throws Exception {
    String auth = r.header("authorization");
    if (auth == null || !auth.startsWith("Bearer ") || !accessTokens.contains(auth.substring(7))) {
      return new SandboxServer.Response(401, Map.of("Content-Type", "application/json"),
          "{\"status\":\"error\",\"message\":\"Authentication credentials not found.\",\"category\":\"INVALID_AUTHENTICATION\"}"
              .getBytes(StandardCharsets.UTF_8));
    }
    return ok.call();
  }

  private SandboxServer.Response list(SandboxServer.Request r) {
    List<ObjectNode> all = objects.get(r.match().group(1));
    int limit = Math.min(100, Integer.parseInt(r.query().getOrDefault("limit", "10")));
    int from = r.query("after") == null || r.query("after").isEmpty() ? 0 : Integer.parseInt(r.query("after"));
    return page(all, from, limit, null);
  }

  private SandboxServer.Response search(SandboxServer.Request r) throws Exception {
    List<ObjectNode> all = objects.get(r.match().group(1));
    JsonNode q = json.readTree(r.body());
    int limit = Math.min(200, q.path("limit").asInt(10));
    int from = q.path("after").asText("").isEmpty() ? 0 : q.path("after").asInt();
    if (from >= 10_000) {
      return new SandboxServer.Response(400, Map.of("Content-Type", "application/json"),
          "{\"status\":\"error\",\"message\":\"paging past 10,000 results is not supported\",\"category\":\"VALIDATION_ERROR\"}"
              .getBytes(StandardCharsets.UTF_8));
    }
    long gte = Long.MIN_VALUE;
    for (JsonNode group : q.path("filterGroups")) {
      for (JsonNode f : group.path("filters")) {
        if (f.path("operator").asText().equals("GTE") || f.path("operator").asText().equals("GT")) {
          String v = f.path("value").asText();
          long ms = v.matches("\\d+") ? Long.parseLong(v) : Instant.parse(v).toEpochMilli();
          gte = f.path("operator").asText().equals("GT") ? ms + 1 : ms;
        }
      }
    }
    List<ObjectNode> matching = new ArrayList<>();
    for (ObjectNode n : all) {
      if (Instant.parse(n.get("updatedAt").asText()).toEpochMilli() >= gte) {
        matching.add(n);
      }
    }
    return page(matching, from, limit, matching.size());
  }

  private SandboxServer.Response page(List<ObjectNode> all, int from, int limit, Integer total) {
    ObjectNode body = json.createObjectNode();
    if (total != null) {
      body.put("total", total);
    }
    ArrayNode results = body.putArray("results");
    int to = Math.min(all.size(), from + limit);
    for (int i = from; i < to; i++) {
      results.add(all.get(i));
    }
    if (to < all.size()) {
      body.putObject("paging").putObject("next").put("after", Integer.toString(to));
    }
    return SandboxServer.Response.json(json, body);
  }

  URI baseUrl() {
    return server.baseUrl();
  }
}
