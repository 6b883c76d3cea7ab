package dev.tributary.api.stream;

/**
 * A named vendor collection, read page by page from a cursor.
 *
 * <p>A stream does one thing: given a cursor, fetch one page through the connector's vendor client
 * and say where the next page starts. Retries, rate limits, authentication, storing records and
 * moving the cursor are the framework's. A stream is a singleton shared by every connection of its
 * connector, so it keeps no per-run state.
 *
 * <pre>{@code
 * final class ContactsStream implements Stream<ContactDto> {
 *   static final StreamSpec SPEC = StreamSpec.builder("contacts").requiredFields("id", "updatedAt").build();
 *   private final HubSpotApi api;
 *   @Inject ContactsStream(HubSpotApi api) { this.api = api; }
 *   public StreamSpec spec() { return SPEC; }
 *   public Mapper<ContactDto> mapper() { return c -> MappedRecord.of(c.id(), c.updatedAt(), c); }
 *   public Page<ContactDto> read(StreamContext ctx, Cursor cursor) {
 *     ContactsPage p = api.contacts(cursor.valueOr(null));
 *     return p.next() == null ? Page.last(p.results()) : Page.of(p.results(), Cursor.of(p.next()));
 *   }
 * }
 * }</pre>
 *
 * @param <T> the vendor item type
 * @since 1.0
 */
public interface Stream<T> {

  /** This stream's declaration; the same instance the manifest lists. */
  StreamSpec spec();

  /** Maps this stream's items. */
  Mapper<T> mapper();

  /**
   * Reads the page at {@code cursor}.
   *
   * @throws dev.tributary.api.errors.VendorException when the vendor call fails after the
   *     framework's retries
   */
  Page<T> read(StreamContext context, Cursor cursor);
}
