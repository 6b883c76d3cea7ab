package dev.tributary.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.stream.PersonalField;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.core.db.MutableClock;
import dev.tributary.core.db.DatabaseContract;
import dev.tributary.core.db.TestDatabases;
import dev.tributary.core.json.Json;
import dev.tributary.core.credential.KeyService;
import dev.tributary.core.store.RecordStore;
import dev.tributary.core.store.RecordTableSink;
import dev.tributary.core.sync.SyncEngine;
import dev.tributary.core.sync.SyncResult;
import dev.tributary.core.sync.SyncStart;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Personal data at rest, erasure, retention and rekey, run once per database by a subclass. */
abstract class PersonalDataContract extends DatabaseContract {

  static final String CONN = "acme-crm";
  static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");
  static final ObjectMapper JSON = Json.canonical();
  static final StreamContext CONTEXT = new StreamContext() {
    public String connectionId() {
      return CONN;
    }

    public Map<String, String> options() {
      return Map.of();
    }
  };

  MutableClock clock;

  @BeforeEach
  void clean() {
    clock = new MutableClock(T0);
  }

  static Secret randomKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Secret.of(Base64.getEncoder().encodeToString(k), "test");
  }

  static PersonalData personal(KeyService keys) {
    return new PersonalData(keys, Map.of(CONN, Map.of("contacts", PeopleStream.SPEC.personalFields())));
  }

  SyncResult sync(PersonalData personal, PeopleStream stream) {
    SyncEngine engine = SyncEngine.builder(db).clock(clock)
        .defaultSink(new RecordTableSink(db, JSON, clock, personal)).build();
    return engine.sync(CONTEXT, stream, SyncStart.full()).orThrow();
  }

  /** Every row's payload and subject hashes, read with plain JDBC. */
  Map<String, String> rawPayloads() throws Exception {
    Map<String, String> out = new HashMap<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT external_id, payload FROM stream_record")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  String everythingElse() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (String table : List.of("record_subject", "erasure_audit", "rekey_progress", "sync_run", "stream_cursor")) {
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= n; i++) {
            sb.append(rs.getString(i)).append('|');
          }
        }
      }
    }
    return sb.toString();
  }

  /** The plain values at every declared path of an item, as text, leaves included. */
  static List<String> declaredValues(Map<String, Object> item) {
    JsonNode tree = JSON.valueToTree(item);
    List<String> values = new ArrayList<>();
    for (String path : PeopleStream.DECLARED) {
      collect(tree, path.split("\\."), 0, values);
    }
    return values;
  }

  private static void collect(JsonNode node, String[] steps, int i, List<String> out) {
    if (node.isArray()) {
      node.forEach(e -> collect(e, steps, i, out));
      return;
    }
    if (i == steps.length) {
      if (node.isValueNode()) {
        out.add(node.asText());
      } else {
        node.forEach(leaf -> collect(leaf, steps, i, out));
      }
      return;
    }
    JsonNode child = node.get(steps[i]);
    if (child != null) {
      collect(child, steps, i + 1, out);
    }
  }

  void assertNoDeclaredValueInClear(List<Map<String, Object>> items) throws Exception {
    Map<String, String> raw = rawPayloads();
    String rest = everythingElse();
    int checked = 0;
    for (Map<String, Object> item : items) {
      String stored = raw.get((String) item.get("id"));
      assertThat(stored).as("stored payload of %s", item.get("id")).isNotNull();
      for (String v : declaredValues(item)) {
        assertThat(stored).as("payload of %s holds a declared value in clear", item.get("id")).doesNotContain(v);
        assertThat(rest).doesNotContain(v);
        checked++;
      }
      assertThat(stored).contains("kept-in-clear", "lifecyclestage");
    }
    assertThat(checked).isEqualTo(items.size() * 7); // email, first name, phone, 3 address lines, alternate email
  }

  @Test
  void syncedRecordsHoldNoDeclaredValueInClearAndReadBackPlainAndAReplayWritesNothing() throws Exception {
    PersonalData personal = personal(KeyService.builder().activeKey("pd-1", randomKey()).build());
    List<Map<String, Object>> items = PeopleStream.people(25);
    PeopleStream stream = new PeopleStream(items, 10);

    SyncResult first = sync(personal, stream);

    assertThat(first.written()).isEqualTo(25);
    assertNoDeclaredValueInClear(items);
    RecordStore store = new RecordStore(db, personal);
    for (Map<String, Object> item : items) {
      String json = store.find(CONN, "contacts", (String) item.get("id")).orElseThrow().payloadJson();
      assertThat(JSON.readTree(json)).isEqualTo(JSON.valueToTree(item));
    }
    Map<String, String> before = rawPayloads();

    SyncResult replay = sync(personal, stream);

    assertThat(replay.written()).isZero();
    assertThat(replay.unchanged()).isEqualTo(25);
    assertThat(rawPayloads()).isEqualTo(before);
  }

  @Test
  void aSealedValueMovedToAnotherRecordDoesNotOpen() throws Exception {
    PersonalData personal = personal(KeyService.builder().activeKey("pd-1", randomKey()).build());
    sync(personal, new PeopleStream(PeopleStream.people(2), 10));
    JsonNode a = JSON.readTree(rawPayloads().get("c1000"));
    JsonNode b = JSON.readTree(rawPayloads().get("c1001"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) b.get("properties")).set("email", a.get("properties").get("email"));

    assertThatThrownBy(() -> personal.open(CONN, "contacts", "c1001", b))
        .isInstanceOf(KeyService.CannotDecryptException.class)
        .hasMessageContaining("personal:acme-crm/contacts/c1001/properties.email")
        .hasMessageNotContaining("@example.com");
  }

  @Test
  void aChangedPersonalValueIsWrittenAndItsSubjectReindexed() throws Exception {
    PersonalData personal = personal(KeyService.builder().activeKey("pd-1", randomKey()).build());
    List<Map<String, Object>> items = PeopleStream.people(3);
    sync(personal, new PeopleStream(items, 10));
    List<Map<String, Object>> changed = new ArrayList<>(items);
    Map<String, Object> moved = PeopleStream.person(1, "new.address@example.com");
    moved.put("updatedAt", "2026-03-09T10:00:00Z");
    changed.set(1, moved);

    SyncResult r = sync(personal, new PeopleStream(changed, 10));

    assertThat(r.written()).isEqualTo(1);
    assertThat(r.unchanged()).isEqualTo(2);
    PersonalDataService service = new PersonalDataService(db, personal, clock);
    assertThat(service.erase(CONN, "person1@example.com").removed()).isZero();
    assertThat(service.erase(CONN, "New.Address@example.com").removedByStream()).isEqualTo(Map.of("contacts", 1));
  }

  @Test
  void erasingASubjectRemovesExactlyItsRecordsAndAuditsWithoutPersonalData() throws Exception {
    PersonalData personal = personal(KeyService.builder().activeKey("pd-1", randomKey()).build());
    List<Map<String, Object>> items = new ArrayList<>(PeopleStream.people(10));
    // the subject appears in three records: as primary email twice (any case) and as an alternate
    items.set(3, PeopleStream.person(3, "Jane.Doe@example.com"));
    items.set(7, PeopleStream.person(7, "jane.doe@example.com"));
    Map<String, Object> alt = PeopleStream.person(8, "other8@example.com");
    alt.put("emails", List.of(Map.of("value", "jane.doe@example.com", "primary", false)));
    items.set(8, alt);
    sync(personal, new PeopleStream(items, 4));
    PersonalDataService service = new PersonalDataService(db, personal, clock);

    ErasureReport report = service.erase(CONN, "  jane.doe@EXAMPLE.com ");

    assertThat(report.removed()).isEqualTo(3);
    assertThat(report.removedByStream()).isEqualTo(Map.of("contacts", 3));
    assertThat(rawPayloads().keySet()).containsExactlyInAnyOrder("c1000", "c1001", "c1002", "c1004", "c1005", "c1006", "c1009");
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT connection_id, subject_hash, records, streams FROM erasure_audit")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(CONN);
      assertThat(rs.getString(2)).isEqualTo(report.subjectHash()).hasSize(64).doesNotContain("jane");
      assertThat(rs.getInt(3)).isEqualTo(3);
      assertThat(rs.getString(4)).isEqualTo("contacts=3");
    }
    assertThat(everythingElse()).doesNotContainIgnoringCase("jane.doe");
    // by external id too
    assertThat(service.erase(CONN, "c1009").removed()).isEqualTo(1);
    assertThat(service.erase(CONN, "nobody@example.com").removed()).isZero();
    assertThat(rawPayloads()).hasSize(6);
  }

  @Test
  void retentionPurgesExactlyTheRecordsNotSeenForThePeriod() throws Exception {
    PersonalData personal = personal(KeyService.builder().activeKey("pd-1", randomKey()).build());
    List<Map<String, Object>> items = PeopleStream.people(6);
    sync(personal, new PeopleStream(items.subList(0, 4), 10));
    clock.advance(Duration.ofDays(20));
    sync(personal, new PeopleStream(items.subList(4, 6), 10));
    clock.advance(Duration.ofDays(15));
    PersonalDataService service = new PersonalDataService(db, personal, clock);

    assertThat(service.purgeExpired(CONN, "contacts", Duration.ofDays(30))).isEqualTo(4);

    assertThat(rawPayloads().keySet()).containsExactlyInAnyOrder("c1004", "c1005");
    assertThat(service.erase(CONN, "person0@example.com").removed()).isZero();
    assertThat(service.purgeExpired(CONN, "contacts", Duration.ofDays(30))).isZero();
    assertThatThrownBy(() -> service.purgeExpired(CONN, "contacts", Duration.ZERO))
        .hasMessage("retention must be positive, was PT0S");
  }

  @Test
  void anInterruptedRekeyResumesAndLeavesNothingUnderTheOldKey() throws Exception {
    Secret oldKey = randomKey();
    Secret newKey = randomKey();
    PersonalData before = personal(KeyService.builder().activeKey("pd-1", oldKey).build());
    List<Map<String, Object>> items = PeopleStream.people(23);
    sync(before, new PeopleStream(items, 10));
    PersonalData rotated = personal(KeyService.builder().activeKey("pd-2", newKey).decryptOnlyKey("pd-1", oldKey).build());
    PersonalDataService service = new PersonalDataService(db, rotated, clock);

    assertThatThrownBy(() -> service.rekey(5, Integer.MAX_VALUE, (batch, rows) -> {
      if (batch == 3) {
        throw new IllegalStateException("interrupted in batch 3");
      }
    })).hasMessage("interrupted in batch 3");
    long underOld = rawPayloads().values().stream().filter(p -> p.contains(sealedPrefixOf("pd-1"))).count();
    assertThat(underOld).isEqualTo(13);

    PersonalDataService.RekeyResult result = service.rekey(5);

    assertThat(result.done()).isTrue();
    assertThat(result.rewritten()).isEqualTo(23);
    assertThat(result.examined()).isEqualTo(13);
    assertThat(service.rekey(5).examined()).isZero();
    PersonalData onlyNew = personal(KeyService.builder().activeKey("pd-2", newKey).build());
    RecordStore store = new RecordStore(db, onlyNew);
    for (Map<String, Object> item : items) {
      assertThat(JSON.readTree(store.find(CONN, "contacts", (String) item.get("id")).orElseThrow().payloadJson()))
          .isEqualTo(JSON.valueToTree(item));
    }
    assertNoDeclaredValueInClear(items);
    // hashes follow the new key: a replay under it writes nothing, erasure finds subjects
    assertThat(sync(onlyNew, new PeopleStream(items, 10)).written()).isZero();
    assertThat(new PersonalDataService(db, onlyNew, clock).erase(CONN, "person4@example.com").removed()).isEqualTo(1);
  }

  /** The start of a sealed value under {@code keyId}: version byte, id length, id, base64-encoded. */
  static String sealedPrefixOf(String keyId) {
    byte[] header = new byte[2 + keyId.length()];
    header[0] = 1;
    header[1] = (byte) keyId.length();
    System.arraycopy(keyId.getBytes(), 0, header, 2, keyId.length());
    // 2 + 4 bytes = 6 bytes encode to 8 base64 characters exactly
    return "pd1:" + Base64.getEncoder().encodeToString(header);
  }

  @Test
  void hostOverridesAddAndReclassifyFieldsButCannotRemoveThem() {
    List<PersonalField> merged = PersonalData.merge(PeopleStream.SPEC.personalFields(), List.of(
        new PersonalField("properties.phone", PersonalField.Classification.SENSITIVE),
        new PersonalField("properties.company", PersonalField.Classification.CONTACT)));

    assertThat(merged).hasSize(6);
    assertThat(merged).contains(new PersonalField("properties.phone", PersonalField.Classification.SENSITIVE),
        new PersonalField("properties.company", PersonalField.Classification.CONTACT),
        new PersonalField("properties.email", PersonalField.Classification.IDENTIFIER));
  }
}
