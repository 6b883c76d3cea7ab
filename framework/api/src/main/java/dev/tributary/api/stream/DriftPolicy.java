package dev.tributary.api.stream;

/**
 * What a sync does when vendor items do not match the fields a stream declares.
 *
 * @since 1.0
 */
public enum DriftPolicy {
  /** Log and count the drift, keep syncing. The default: vendors add fields all the time. */
  WARN,
  /** Stop at the drifting page without writing it or moving the cursor, naming the field. */
  FAIL
}
