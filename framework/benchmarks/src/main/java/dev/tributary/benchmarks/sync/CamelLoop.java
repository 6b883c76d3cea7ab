package dev.tributary.benchmarks.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.dataformat.JsonLibrary;

/**
 * The same sync as an Apache Camel route, written the way the Camel documentation suggests:
 * camel-http for the pages (a 429 is redelivered to the HTTP endpoint after its Retry-After),
 * camel-jackson to unmarshal, one mapping processor, camel-sql for a batch upsert of the page and
 * the cursor upsert, looping while the vendor returns a next cursor. Same table, same columns and
 * content hash as {@link RawLoop}. Without a Spring transaction manager camel-sql commits the batch
 * and the cursor separately; the upsert is idempotent, so a crash between them only re-reads a page.
 * The context is started once and reused across runs, as a host would.
 */
final class CamelLoop implements AutoCloseable {

  private final CamelContext camel;
  private final ProducerTemplate producer;
  private final AtomicLong count = new AtomicLong();

  CamelLoop(DataSource dataSource, boolean h2, URI base, String connectionId, int pageSize) throws Exception {
    String upsert = h2
        ? "MERGE INTO stream_record (connection_id, stream, external_id, vendor_updated_at, payload, content_hash,"
            + " deleted, first_seen_at, last_seen_at) KEY (connection_id, stream, external_id)"
            + " VALUES (:#connection_id, :#stream, :#external_id, :#vendor_updated_at, :#payload, :#content_hash,"
            + " :#deleted, :#first_seen_at, :#last_seen_at)"
        : "INSERT INTO stream_record (connection_id, stream, external_id, vendor_updated_at, payload, content_hash,"
            + " deleted, first_seen_at, last_seen_at) VALUES (:#connection_id, :#stream, :#external_id,"
            + " :#vendor_updated_at, :#payload, :#content_hash, :#deleted, :#first_seen_at, :#last_seen_at)"
            + " ON CONFLICT (connection_id, stream, external_id) DO UPDATE SET vendor_updated_at ="
            + " EXCLUDED.vendor_updated_at, payload = EXCLUDED.payload, content_hash = EXCLUDED.content_hash,"
            + " deleted = EXCLUDED.deleted, last_seen_at = EXCLUDED.last_seen_at"
            + " WHERE stream_record.vendor_updated_at <= EXCLUDED.vendor_updated_at";
    String cursorUpsert = h2
        ? "MERGE INTO stream_cursor (connection_id, stream, cursor_value, updated_at) KEY (connection_id, stream)"
            + " VALUES (:#connection_id, :#stream, :#cursor_value, :#updated_at)"
        : "INSERT INTO stream_cursor (connection_id, stream, cursor_value, updated_at)"
            + " VALUES (:#connection_id, :#stream, :#cursor_value, :#updated_at)"
            + " ON CONFLICT (connection_id, stream) DO UPDATE SET cursor_value = EXCLUDED.cursor_value,"
            + " updated_at = EXCLUDED.updated_at";
    ObjectMapper json = new ObjectMapper();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    HexFormat hex = HexFormat.of();

    camel = new DefaultCamelContext();
    camel.getRegistry().bind("ds", dataSource);
    camel.addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        onException(HttpOperationFailedException.class)
            .onWhen(e -> e.getException(HttpOperationFailedException.class) != null
                ? e.getException(HttpOperationFailedException.class).getStatusCode() == 429
                : e.getProperty(Exchange.EXCEPTION_CAUGHT, HttpOperationFailedException.class).getStatusCode() == 429)
            .maximumRedeliveries(4)
            .redeliveryDelay(0)
            .onRedelivery(e -> {
              HttpOperationFailedException f = e.getProperty(Exchange.EXCEPTION_CAUGHT, HttpOperationFailedException.class);
              String after = f == null ? null : f.getResponseHeaders().get("Retry-After");
              Thread.sleep(1000L * (after == null ? 1 : Long.parseLong(after)));
            });

        from("direct:sync")
            .setProperty("after", constant(""))
            .setProperty("more", constant(true))
            .loopDoWhile(exchangeProperty("more").isEqualTo(true))
              .setBody(constant((Object) null))
              .setHeader(Exchange.HTTP_METHOD, constant("GET"))
              .setHeader(Exchange.HTTP_QUERY, simple("limit=" + pageSize + "&after=${exchangeProperty.after}"))
              .to(base + "/contacts")
              .unmarshal().json(JsonLibrary.Jackson, JsonNode.class)
              .process(e -> {
                JsonNode page = e.getMessage().getBody(JsonNode.class);
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                List<Map<String, Object>> rows = new ArrayList<>();
                for (JsonNode item : page.get("results")) {
                  String payload = json.writeValueAsString(item);
                  sha.reset();
                  sha.update(payload.getBytes(StandardCharsets.UTF_8));
                  sha.update((byte) 0);
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("connection_id", connectionId);
                  row.put("stream", "contacts");
                  row.put("external_id", item.get("id").asText());
                  row.put("vendor_updated_at", Instant.parse(item.get("updatedAt").asText()).atOffset(ZoneOffset.UTC));
                  row.put("payload", payload);
                  row.put("content_hash", hex.formatHex(sha.digest()));
                  row.put("deleted", false);
                  row.put("first_seen_at", now);
                  row.put("last_seen_at", now);
                  rows.add(row);
                }
                JsonNode next = page.path("paging").path("next").path("after");
                String cursor = next.isMissingNode() ? e.getProperty("after", String.class) : next.asText();
                e.setProperty("more", !next.isMissingNode());
                e.setProperty("after", cursor);
                e.setProperty("cursorRow", Map.of("connection_id", connectionId, "stream", "contacts",
                    "cursor_value", cursor, "updated_at", now));
                count.addAndGet(rows.size());
                e.getMessage().setBody(rows);
              })
              .to("sql:" + upsert + "?dataSource=#ds&batch=true")
              .setBody(exchangeProperty("cursorRow"))
              .to("sql:" + cursorUpsert + "?dataSource=#ds")
            .end();
      }
    });
    camel.start();
    producer = camel.createProducerTemplate();
  }

  /** One full sync from an empty cursor; returns the records stored. */
  long run() {
    count.set(0);
    producer.requestBody("direct:sync", (Object) null);
    return count.get();
  }

  @Override
  public void close() throws Exception {
    camel.close();
  }
}
