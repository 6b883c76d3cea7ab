package dev.tributary.api.stream;

/**
 * Maps one vendor item to a {@link MappedRecord}. Pure: no I/O, no state, thread-safe. Throw
 * {@link IllegalArgumentException} naming the field (not its value) when an item cannot be mapped;
 * the framework then stops at that page without writing it.
 *
 * @param <T> the vendor item type
 * @since 1.0
 */
@FunctionalInterface
public interface Mapper<T> {

  /** The record for {@code item}. */
  MappedRecord map(T item);
}
