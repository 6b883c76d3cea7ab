package dev.tributary.benchmarks.sync;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Mapper;
import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.api.stream.StreamSpec;
import feign.Param;
import feign.RequestLine;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Tributary side's stream: what a connector author writes for the loopback vendor, a Feign
 * interface read through the framework's whole HTTP pipeline (egress check, auth header, rate
 * limiter, bulkhead, circuit breaker, retry honouring Retry-After, size limit, bounded JSON decode).
 */
final class ContactsStream implements Stream<ContactsStream.Contact> {

  static final StreamSpec SPEC = StreamSpec.builder("contacts")
      .requiredFields("id", "updatedAt")
      .expectedFields("createdAt", "archived", "properties")
      .build();

  static final ConnectorManifest MANIFEST = ConnectorManifest.builder("bench-crm", "1.0.0")
      .baseUrl(URI.create("https://api.bench-crm.test"))
      .egressHosts("api.bench-crm.test")
      .auth(dev.tributary.api.connector.AuthScheme.bearer())
      .stream(SPEC)
      .build();

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Contact(String id, Instant createdAt, Instant updatedAt, boolean archived, Map<String, String> properties) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Next(String after) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Paging(Next next) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ContactsPage(List<Contact> results, Paging paging) {}

  /** The vendor API as a connector declares it. */
  interface ContactsApi {
    @RequestLine("GET /contacts?limit={limit}&after={after}")
    ContactsPage contacts(@Param("limit") int limit, @Param("after") String after);
  }

  private final ContactsApi api;
  private final int pageSize;

  ContactsStream(ContactsApi api, int pageSize) {
    this.api = api;
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
    ContactsPage p = api.contacts(pageSize, cursor.valueOr(""));
    if (p.paging() == null || p.paging().next() == null) {
      return Page.last(p.results());
    }
    return Page.of(p.results(), Cursor.of(p.paging().next().after()));
  }
}
