package dev.tributary.benchmarks.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * The baseline: the loop a developer would hand-write without the framework. JDK HttpClient,
 * Jackson trees, one JDBC connection, a batch upsert (MERGE on H2, ON CONFLICT on PostgreSQL) and
 * a cursor upsert per page, committed per page; a 429 waits its Retry-After and retries (4 times at most). It writes the same table and columns as the engine
 * (including the content hash, which the table requires) so the two runs do the same storage work.
 */
final class RawLoop {

  private RawLoop() {}

  /** Syncs until the vendor's last page, or stops after a page once {@code limit} records are stored. */
  static long run(String jdbcUrl, String user, URI base, String connectionId, int pageSize, long limit) throws Exception {
    boolean h2 = jdbcUrl.startsWith("jdbc:h2:");
    String upsert = h2
        ? "MERGE INTO stream_record (connection_id, stream, external_id, vendor_updated_at, payload, content_hash,"
            + " deleted, first_seen_at, last_seen_at) KEY (connection_id, stream, external_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        : "INSERT INTO stream_record (connection_id, stream, external_id, vendor_updated_at, payload, content_hash,"
            + " deleted, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (connection_id, stream, external_id) DO UPDATE SET vendor_updated_at ="
            + " EXCLUDED.vendor_updated_at, payload = EXCLUDED.payload, content_hash = EXCLUDED.content_hash,"
            + " deleted = EXCLUDED.deleted, last_seen_at = EXCLUDED.last_seen_at"
            + " WHERE stream_record.vendor_updated_at <= EXCLUDED.vendor_updated_at";
    String cursorUpsert = h2
        ? "MERGE INTO stream_cursor (connection_id, stream, cursor_value, updated_at) KEY (connection_id, stream)"
            + " VALUES (?, ?, ?, ?)"
        : "INSERT INTO stream_cursor (connection_id, stream, cursor_value, updated_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (connection_id, stream) DO UPDATE SET cursor_value = EXCLUDED.cursor_value,"
            + " updated_at = EXCLUDED.updated_at";
    String url = h2 ? jdbcUrl : jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";

    ObjectMapper json = new ObjectMapper();
    HttpClient http = HttpClient.newHttpClient();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    HexFormat hex = HexFormat.of();
    long count = 0;
    try (Connection c = DriverManager.getConnection(url, user, "");
        PreparedStatement ps = c.prepareStatement(upsert);
        PreparedStatement cur = c.prepareStatement(cursorUpsert)) {
      c.setAutoCommit(false);
      String after = "";
      while (true) {
        URI uri = base.resolve("/contacts?limit=" + pageSize + "&after=" + after);
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        for (int attempt = 1; r.statusCode() == 429 && attempt < 5; attempt++) {
          Thread.sleep(1000L * r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L));
          r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        if (r.statusCode() != 200) {
          throw new IllegalStateException("vendor answered " + r.statusCode() + " for " + uri);
        }
        JsonNode page = json.readTree(r.body());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (JsonNode item : page.get("results")) {
          String payload = json.writeValueAsString(item);
          sha.reset();
          sha.update(payload.getBytes(StandardCharsets.UTF_8));
          sha.update((byte) 0);
          ps.setString(1, connectionId);
          ps.setString(2, "contacts");
          ps.setString(3, item.get("id").asText());
          ps.setObject(4, Instant.parse(item.get("updatedAt").asText()).atOffset(ZoneOffset.UTC));
          ps.setString(5, payload);
          ps.setString(6, hex.formatHex(sha.digest()));
          ps.setBoolean(7, false);
          ps.setObject(8, now);
          ps.setObject(9, now);
          ps.addBatch();
          count++;
        }
        ps.executeBatch();
        JsonNode next = page.path("paging").path("next").path("after");
        String cursor = next.isMissingNode() ? after : next.asText();
        cur.setString(1, connectionId);
        cur.setString(2, "contacts");
        cur.setString(3, cursor);
        cur.setObject(4, now);
        cur.executeUpdate();
        c.commit();
        if (next.isMissingNode() || count >= limit) {
          return count;
        }
        after = cursor;
      }
    }
  }
}
