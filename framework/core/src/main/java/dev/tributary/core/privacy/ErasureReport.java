package dev.tributary.core.privacy;

import java.util.Map;
import java.util.Objects;

/**
 * What an erasure removed: counts per stream and the subject's keyed hash, never the subject.
 * Immutable.
 *
 * @param connectionId the connection erased from
 * @param subjectHash the subject's keyed hash under the active key (as in the audit row)
 * @param removedByStream records removed, by stream (streams with none are left out)
 * @param auditId the id of the {@code erasure_audit} row
 */
public record ErasureReport(String connectionId, String subjectHash, Map<String, Integer> removedByStream, long auditId) {

  public ErasureReport {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(subjectHash, "subjectHash");
    removedByStream = Map.copyOf(removedByStream);
  }

  /** Records removed in all. */
  public int removed() {
    return removedByStream.values().stream().mapToInt(Integer::intValue).sum();
  }
}
