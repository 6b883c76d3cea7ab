package dev.tributary.host.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stripe's list API for customers, charges and invoices: newest first, {@code limit},
 * {@code starting_after}, {@code has_more}, {@code created[gte]}; and {@code /v1/events} (none: the
 * sandbox's objects do not change).
 */
final class StripeSandbox {

  private static final long BASE = 1_767_225_600L; // 2026-01-01T00:00:00Z

  private final ObjectMapper json;
  private final Map<String, List<ObjectNode>> objects = new LinkedHashMap<>();
  final SandboxServer server;

  StripeSandbox(ObjectMapper json, int customers, int charges, int invoices, SandboxServer.Faults faults) {
    this.json = json;
    objects.put("customers", generate("stripe-customer.json", "cus_sbx", customers));
    objects.put("charges", generate("stripe-charge.json", "ch_sbx", charges));
    objects.put("invoices", generate("stripe-invoice.json", "in_sbx", invoices));
    server = new SandboxServer("stripe", faults)
        .route("GET", "/v1/(customers|charges|invoices)", r -> list(r, objects.get(r.match().group(1))))
        .route("GET", "/v1/events", r -> SandboxServer.Response.json(json,
            json.createObjectNode().put("object", "list").put("url", "/v1/events").put("has_more", false)
                .set("data", json.createArrayNode())));
  }

  private List<ObjectNode> generate(String template, String prefix, int count) {
    ObjectNode t = Templates.load(json, template);
    List<ObjectNode> out = new ArrayList<>(count);
    // Newest first, as Stripe lists: index 0 is the most recently created.
    for (int i = count - 1; i >= 0; i--) {
      ObjectNode n = t.deepCopy();
      n.put("id", String.format("%s%08d", prefix, i)).put("created", BASE + i * 60L);
      if (n.has("email")) {
        n.put("email", "customer" + i + "@example.com")
            .put("name", Templates.FIRST[i % Templates.FIRST.length] + " " + Templates.LAST[i % Templates.LAST.length]);
      }
      if (n.has("customer") && !n.get("customer").isNull()) {
        n.put("customer", String.format("cus_sbx%08d", i % Math.max(1, count)));
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

  private SandboxServer.Response list(SandboxServer.Request r, List<ObjectNode> all) {
    String auth = r.header("authorization");
    if (auth == null || !auth.startsWith("Bearer sk_")) {
      return new SandboxServer.Response(401, Map.of("Content-Type", "application/json"),
          "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Invalid API Key provided\"}}".getBytes(StandardCharsets.UTF_8));
    }
    int limit = Math.min(100, Integer.parseInt(r.query().getOrDefault("limit", "10")));
    String after = r.query("starting_after");
    String gte = r.query("created[gte]");
    int start = 0;
    if (after != null) {
      start = all.size();
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).get("id").asText().equals(after)) {
          start = i + 1;
          break;
        }
      }
    }
    var data = json.createArrayNode();
    int i = start;
    for (; i < all.size() && data.size() < limit; i++) {
      ObjectNode n = all.get(i);
      if (gte != null && n.get("created").asLong() < Long.parseLong(gte)) {
        i = all.size(); // newest first: everything after is older still
        break;
      }
      data.add(n);
    }
    boolean hasMore = i < all.size() && (gte == null || all.get(i).get("created").asLong() >= Long.parseLong(gte));
    ObjectNode body = json.createObjectNode().put("object", "list").put("url", r.path()).put("has_more", hasMore);
    body.set("data", data);
    return SandboxServer.Response.json(json, body).withHeader("Request-Id", "req_sbx" + Integer.toHexString(start));
  }

  URI baseUrl() {
    return server.baseUrl();
  }
}
