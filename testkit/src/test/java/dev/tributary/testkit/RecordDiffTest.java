package dev.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.stream.PersonalField;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A record diff")
class RecordDiffTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
  static final List<PersonalField> PERSONAL =
      List.of(new PersonalField("email", PersonalField.Classification.IDENTIFIER),
          new PersonalField("address", PersonalField.Classification.CONTACT));

  static GoldenRecord record(String id, String json) throws Exception {
    return new GoldenRecord(id, T, false, JSON.readTree(json));
  }

  @Test
  void namesFieldsAndRecordsButNeverPersonalValues() throws Exception {
    List<GoldenRecord> expected = List.of(
        record("cus_123", "{\"email\":\"a@example.com\",\"plan\":\"pro\",\"address\":{\"city\":\"Oslo\"}}"),
        record("cus_456", "{\"email\":\"c@example.com\"}"));
    List<GoldenRecord> actual = List.of(
        record("cus_123", "{\"email\":\"b@example.com\",\"plan\":\"free\",\"address\":{\"city\":\"Bergen\"},\"extra\":1}"),
        record("cus_789", "{\"email\":\"d@example.com\"}"));

    RecordDiff diff = RecordDiff.of(expected, actual, PERSONAL);

    assertThat(diff.lines()).containsExactly(
        "record cus_123: payload.email: expected <personal> but was <personal>",
        "record cus_123: payload.plan: expected \"pro\" but was \"free\"",
        "record cus_123: payload.address.city: expected <personal> but was <personal>",
        "record cus_123: payload.extra: unexpected field, was 1",
        "missing record cus_456",
        "unexpected record cus_789");
    assertThat(diff.describe()).doesNotContain("example.com", "Oslo", "Bergen");
  }

  @Test
  void reportsVersionTombstoneAndArrayDifferences() throws Exception {
    GoldenRecord e = new GoldenRecord("x", T, false, JSON.readTree("{\"tags\":[\"a\",\"b\"]}"));
    GoldenRecord a = new GoldenRecord("x", T.plusSeconds(1), true, JSON.readTree("{\"tags\":[\"a\"]}"));

    assertThat(RecordDiff.of(List.of(e), List.of(a), List.of()).lines()).containsExactly(
        "record x: updatedAt: expected 2026-03-01T10:00:00Z but was 2026-03-01T10:00:01Z",
        "record x: deleted: expected false but was true",
        "record x: payload.tags: expected 2 elements but was 1");
  }

  @Test
  void isEmptyForEqualRecords() throws Exception {
    List<GoldenRecord> same = List.of(record("a", "{\"n\":1}"));
    assertThat(RecordDiff.of(same, same, PERSONAL).isEmpty()).isTrue();
  }
}
