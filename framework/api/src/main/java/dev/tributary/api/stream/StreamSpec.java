package dev.tributary.api.stream;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The declaration of one stream in a connector's manifest: its name, the fields its vendor items
 * are expected to carry (for drift detection), and which mapped fields are personal data.
 * Immutable, thread-safe.
 *
 * @param name the stream's name, unique within its connector, e.g. {@code contacts}
 * @param expectedFields top-level fields a vendor item normally has; others are reported as drift
 * @param requiredFields fields a vendor item must have; a subset of {@code expectedFields}
 * @param driftPolicy what happens when items do not match
 * @param personalFields the mapped record's personal fields
 * @since 1.0
 */
public record StreamSpec(
    String name,
    Set<String> expectedFields,
    Set<String> requiredFields,
    DriftPolicy driftPolicy,
    List<PersonalField> personalFields) {

  /** Stream names: lower-case letters, digits, dashes and underscores, starting with a letter. */
  public static final Pattern NAME_PATTERN = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

  public StreamSpec {
    Objects.requireNonNull(name, "name");
    if (!NAME_PATTERN.matcher(name).matches()) {
      throw new IllegalArgumentException("stream name '" + name + "' is invalid: use lower-case letters, digits, '-' or '_', starting with a letter");
    }
    expectedFields = Set.copyOf(Objects.requireNonNull(expectedFields, "expectedFields"));
    requiredFields = Set.copyOf(Objects.requireNonNull(requiredFields, "requiredFields"));
    Objects.requireNonNull(driftPolicy, "driftPolicy");
    personalFields = List.copyOf(Objects.requireNonNull(personalFields, "personalFields"));
    if (!expectedFields.containsAll(requiredFields)) {
      Set<String> missing = new LinkedHashSet<>(requiredFields);
      missing.removeAll(expectedFields);
      throw new IllegalArgumentException("stream '" + name + "': required fields " + missing + " are not among the expected fields");
    }
  }

  /** Starts a spec for stream {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a {@link StreamSpec}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final Set<String> expected = new LinkedHashSet<>();
    private final Set<String> required = new LinkedHashSet<>();
    private DriftPolicy policy = DriftPolicy.WARN;
    private final List<PersonalField> personal = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** Fields vendor items are expected to have. */
    public Builder expectedFields(String... fields) {
      expected.addAll(List.of(fields));
      return this;
    }

    /** Fields vendor items must have; also added to the expected fields. */
    public Builder requiredFields(String... fields) {
      required.addAll(List.of(fields));
      expected.addAll(List.of(fields));
      return this;
    }

    public Builder driftPolicy(DriftPolicy p) {
      policy = Objects.requireNonNull(p, "driftPolicy");
      return this;
    }

    public Builder personal(String path, PersonalField.Classification classification) {
      personal.add(new PersonalField(path, classification));
      return this;
    }

    /** @throws IllegalArgumentException if the name or a field declaration is invalid */
    public StreamSpec build() {
      return new StreamSpec(name, expected, required, policy, personal);
    }
  }
}
