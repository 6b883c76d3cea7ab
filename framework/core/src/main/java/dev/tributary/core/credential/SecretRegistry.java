package dev.tributary.core.credential;

import dev.tributary.api.credential.Secret;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process-wide set of secret values the framework has handed out, which the {@link Redactor}
 * scrubs from every log line and exception message. Two kinds:
 *
 * <ul>
 *   <li><b>configured</b> secrets (what credential providers resolve: client secrets, keys,
 *       initial refresh tokens) stay for the life of the process and are found anywhere in a
 *       line, even glued to other text;
 *   <li><b>issued</b> tokens (access and rotated refresh tokens obtained at run time) are kept for
 *       the most recent {@value #MAX_ISSUED}, since they expire within hours and an unbounded set
 *       would grow with every refresh. They are found as whole runs of token characters
 *       ({@code A-Z a-z 0-9 . _ ~ + / = -}), the way tokens appear in headers, JSON and forms;
 *       one with other characters is treated as configured. Token shapes ({@code Bearer}, JWTs,
 *       vendor prefixes, JSON/form fields) are also scrubbed by pattern regardless.
 * </ul>
 *
 * <p>Redacting a line costs one hash lookup per character for configured secrets (indexed by their
 * first {@value #MIN_LENGTH} characters) and one per token run for issued ones, whatever the number
 * of values. Thread-safe; writes are rare (one per resolve or refresh).
 */
public final class SecretRegistry {

  /**
   * Shorter values are not registered: scrubbing every occurrence of a 3-letter string would
   * mangle ordinary log text, and such values are not secrets worth the name.
   */
  public static final int MIN_LENGTH = 6;

  /** How many issued tokens are remembered. */
  public static final int MAX_ISSUED = 10_000;

  private static final Set<String> CONFIGURED = new LinkedHashSet<>();
  /** Configured values by the hash of their first {@link #MIN_LENGTH} chars: sorted keys, parallel candidates. */
  private record Index(int[] hashes, String[][] candidates) {
    static final Index EMPTY = new Index(new int[0], new String[0][]);
  }

  private static volatile Index configuredIndex = Index.EMPTY;
  private static final Set<String> ISSUED = ConcurrentHashMap.newKeySet();
  private static final Deque<String> ISSUED_ORDER = new ArrayDeque<>();

  private SecretRegistry() {}

  /** Registers a configured secret's value for redaction; returns {@code secret}. */
  public static Secret register(Secret secret) {
    registerValue(Objects.requireNonNull(secret, "secret").reveal());
    return secret;
  }

  /** Registers a configured secret value (one that is not replaced at run time). */
  public static void registerValue(String value) {
    if (value != null && value.length() >= MIN_LENGTH) {
      synchronized (SecretRegistry.class) {
        if (CONFIGURED.add(value)) {
          rebuildConfiguredIndex();
        }
      }
    }
  }

  /** Registers a token obtained at run time; the oldest are forgotten past {@value #MAX_ISSUED}. */
  public static void registerIssued(String value) {
    if (value == null || value.length() < MIN_LENGTH) {
      return;
    }
    if (!isTokenRun(value)) {
      registerValue(value);
      return;
    }
    synchronized (SecretRegistry.class) {
      if (ISSUED.add(value)) {
        ISSUED_ORDER.addLast(value);
        if (ISSUED_ORDER.size() > MAX_ISSUED) {
          ISSUED.remove(ISSUED_ORDER.removeFirst());
        }
      }
    }
  }

  /** The number of registered values (diagnostics; never the values). */
  public static int size() {
    synchronized (SecretRegistry.class) {
      return CONFIGURED.size() + ISSUED.size();
    }
  }

  /** Replaces every registered value in {@code text} with {@code mask}. */
  static String scrub(String text, String mask) {
    return scrubIssued(scrubConfigured(text, mask), mask);
  }

  private static String scrubConfigured(String text, String mask) {
    Index idx = configuredIndex;
    if (idx.hashes().length == 0 || text.length() < MIN_LENGTH) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    while (i <= text.length() - MIN_LENGTH) {
      String hit = null;
      int slot = java.util.Arrays.binarySearch(idx.hashes(), prefixHash(text, i));
      if (slot >= 0) {
        for (String c : idx.candidates()[slot]) { // longest first
          if (text.startsWith(c, i)) {
            hit = c;
            break;
          }
        }
      }
      if (hit == null) {
        i++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, i).append(mask);
      i += hit.length();
      copied = i;
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  private static int prefixHash(CharSequence s, int from) {
    int h = 0;
    for (int k = from; k < from + MIN_LENGTH; k++) {
      h = 31 * h + s.charAt(k);
    }
    return h;
  }

  private static String scrubIssued(String text, String mask) {
    if (ISSUED.isEmpty()) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isTokenChar(text.charAt(i))) {
        i++;
        continue;
      }
      int end = i;
      while (end < n && isTokenChar(text.charAt(end))) {
        end++;
      }
      int start = matchStart(text, i, end);
      if (start >= 0) {
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(text, copied, start).append(mask);
        copied = end;
      }
      i = end;
    }
    return out == null ? text : out.append(text, copied, n).toString();
  }

  /**
   * Where an issued token starts in the run {@code [from, end)}: the whole run, or what follows an
   * inner {@code =} ({@code refresh_token=TOKEN}; trailing {@code =} is base64 padding); -1 if none.
   */
  private static int matchStart(String text, int from, int end) {
    if (end - from >= MIN_LENGTH && ISSUED.contains(text.substring(from, end))) {
      return from;
    }
    for (int k = from; k < end - MIN_LENGTH; k++) {
      if (text.charAt(k) == '=' && ISSUED.contains(text.substring(k + 1, end))) {
        return k + 1;
      }
    }
    return -1;
  }

  private static boolean isTokenRun(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=' || c == '-';
  }

  private static void rebuildConfiguredIndex() {
    Map<Integer, List<String>> byHash = new HashMap<>();
    for (String v : CONFIGURED) {
      byHash.computeIfAbsent(prefixHash(v, 0), k -> new ArrayList<>()).add(v);
    }
    int[] hashes = byHash.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    String[][] candidates = new String[hashes.length][];
    for (int k = 0; k < hashes.length; k++) {
      candidates[k] = byHash.get(hashes[k]).stream()
          .sorted(Comparator.comparingInt(String::length).reversed()).toArray(String[]::new);
    }
    configuredIndex = new Index(hashes, candidates);
  }
}
