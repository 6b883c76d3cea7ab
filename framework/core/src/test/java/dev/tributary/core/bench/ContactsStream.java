package dev.tributary.core.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Mapper;
import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.api.stream.StreamSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The engine side's stream: what a connector author writes for the loopback vendor. */
final class ContactsStream implements Stream<ContactsStream.Contact> {

  static final StreamSpec SPEC = StreamSpec.builder("contacts")
      .requiredFields("id", "updatedAt")
      .expectedFields("createdAt", "archived", "properties")
      .build();

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Contact(String id, Instant createdAt, Instant updatedAt, boolean archived, Map<String, String> properties) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Next(String after) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Paging(Next next) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ContactsPage(List<Contact> results, Paging paging) {}

  private final HttpClient http;
  private final URI base;
  private final ObjectMapper json;
  private final int pageSize;

  ContactsStream(HttpClient http, URI base, ObjectMapper json, int pageSize) {
    this.http = http;
    this.base = base;
    this.json = json;
    this.pageSize = pageSize;
  }

  @Override
  public StreamSpec spec() {
    return SPEC;
  }

  @Override
  public Mapper<Contact> mapper() {
    return c -> MappedRecord.of(c.id(), c.updatedAt(), c);
  }

  @Override
  public Page<Contact> read(StreamContext context, Cursor cursor) {
    URI uri = base.resolve("/contacts?limit=" + pageSize + "&after=" + cursor.valueOr(""));
    try {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("vendor answered " + r.statusCode());
      }
      ContactsPage p = json.readValue(r.body(), ContactsPage.class);
      if (p.paging() == null || p.paging().next() == null) {
        return Page.last(p.results());
      }
      return Page.of(p.results(), Cursor.of(p.paging().next().after()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
