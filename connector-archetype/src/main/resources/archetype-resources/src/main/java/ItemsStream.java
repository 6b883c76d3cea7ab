package ${package};

import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Mapper;
import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.PersonalField;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.api.stream.StreamSpec;
import jakarta.inject.Inject;

/**
 * The {@code items} stream: one vendor page per read. Retries, rate limits, authentication and
 * cursor storage are the framework's; let its exceptions propagate.
 */
final class ItemsStream implements Stream<ItemDto> {

  static final StreamSpec SPEC = StreamSpec.builder("items")
      .requiredFields("id", "updated_at")
      .expectedFields("name", "owner_email")
      .personal("ownerEmail", PersonalField.Classification.IDENTIFIER)
      .build();

  private final ${connectorClass}Api api;

  @Inject
  ItemsStream(${connectorClass}Api api) {
    this.api = api;
  }

  @Override
  public StreamSpec spec() {
    return SPEC;
  }

  @Override
  public Mapper<ItemDto> mapper() {
    return i -> MappedRecord.of(i.id(), i.updatedAt(), new Item(i.name(), i.ownerEmail()));
  }

  @Override
  public Page<ItemDto> read(StreamContext context, Cursor cursor) {
    ItemsPage page = api.items(cursor.valueOr(null));
    String next = page.next();
    return next == null ? Page.last(page.data()) : Page.of(page.data(), Cursor.of(next));
  }
}
