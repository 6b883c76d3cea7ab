package dev.tributary.api;

import java.util.Objects;

/**
 * The version of this SPI a connector was compiled against.
 *
 * <p>The runtime loads connectors built against the same major version and any minor version up
 * to its own: a minor release only adds methods with safe defaults, so an older connector keeps
 * working; a newer minor may call methods this runtime lacks, and a different major changed a
 * contract. Immutable, thread-safe.
 *
 * @since 1.0
 */
public record SpiVersion(int major, int minor) implements Comparable<SpiVersion> {

  /** The SPI version of the classes you are reading. Connectors put this in their manifest. */
  public static final SpiVersion CURRENT = new SpiVersion(1, 0);

  public SpiVersion {
    if (major < 0 || minor < 0) {
      throw new IllegalArgumentException(
          "SPI version parts must be >= 0, was " + major + "." + minor);
    }
  }

  /**
   * Parses {@code "1.0"}.
   *
   * @throws IllegalArgumentException if the text is not {@code MAJOR.MINOR}
   */
  public static SpiVersion parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.trim().split("\\.");
    if (parts.length != 2) {
      throw new IllegalArgumentException("SPI version must look like MAJOR.MINOR (e.g. 1.0), was '" + text + "'");
    }
    try {
      return new SpiVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SPI version must look like MAJOR.MINOR (e.g. 1.0), was '" + text + "'", e);
    }
  }

  /** True when a runtime at {@code this} version can load a connector built against {@code builtAgainst}. */
  public boolean canLoad(SpiVersion builtAgainst) {
    return builtAgainst.major == major && builtAgainst.minor <= minor;
  }

  @Override
  public int compareTo(SpiVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
