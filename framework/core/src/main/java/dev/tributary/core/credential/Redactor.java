package dev.tributary.core.credential;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scrubs secrets from text bound for logs or exception messages: every value in the
 * {@link SecretRegistry}, plus common token shapes even when the framework never saw the value —
 * {@code Authorization} headers, {@code Bearer} tokens, {@code access_token}/{@code refresh_token}/
 * {@code client_secret}-style fields in JSON and form bodies, JWTs and vendor key prefixes such as
 * {@code sk_live_}, {@code ghp_} or {@code pat-na1-}. A redacted value becomes {@value #MASK}; a
 * vendor prefix is kept so the operator can tell which kind of key was involved. Thread-safe.
 *
 * <pre>{@code
 * throw new IllegalStateException(Redactor.redact("token endpoint said: " + body));
 * }</pre>
 */
public final class Redactor {

  /** What a redacted value is replaced with. */
  public static final String MASK = "****";

  private static final String FIELDS =
      "access_token|refresh_token|id_token|client_secret|client_assertion|assertion|password|api_key|apikey|private_key|token";

  private static final String[] FIELD_TRIGGERS = {"token", "secret", "password", "assertion", "apikey", "api_key", "private_key"};

  // Each rule runs only when the lower-cased text contains one of its trigger words: most log
  // lines contain none, and a contains() is far cheaper than a case-insensitive regex scan.
  private static final List<Rule> RULES = List.of(
      // Authorization: Bearer xyz / Authorization=Basic xyz / "Authorization": "token xyz"
      new Rule(Pattern.compile("(?i)((?:proxy-)?authorization\"?\\s*[:=]\\s*\"?(?:bearer|basic|token|digest)?\\s*)[^\\s,;\"'&}]+"),
          "$1" + MASK, "authorization"),
      // "Bearer abc123..."; an ordinary word after "bearer" ("bearer tokens") is left alone
      new Rule(Pattern.compile("(?i)\\b(bearer\\s+)(?![a-z]{1,19}\\b)[A-Za-z0-9._~+/=-]{6,}"), "$1" + MASK, "bearer"),
      // JSON fields: "access_token" : "xyz"
      new Rule(Pattern.compile("(?i)(\"(?:" + FIELDS + ")\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*(\")"), "$1" + MASK + "$2", FIELD_TRIGGERS),
      // form / query fields: refresh_token=xyz
      new Rule(Pattern.compile("(?i)(\\b(?:" + FIELDS + ")=)[^&\\s\"',;]+"), "$1" + MASK, FIELD_TRIGGERS),
      // vendor key prefixes
      new Rule(Pattern.compile("\\b(sk_live_|sk_test_|rk_live_|rk_test_|whsec_|ghp_|gho_|ghs_|ghu_|ghr_|github_pat_|pat-(?:na|eu)1-)[A-Za-z0-9_-]{4,}"),
          "$1" + MASK, "sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_", "ghp_", "gho_", "ghs_", "ghu_", "ghr_", "github_pat_", "pat-na1-", "pat-eu1-"),
      // JWTs (header.payload.signature, base64url, header starting with {" )
      new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"), MASK, "eyj"));

  private Redactor() {}

  /** {@code text} with every known secret value and token shape replaced; null stays null. */
  public static String redact(CharSequence text) {
    if (text == null) {
      return null;
    }
    String out = text.toString();
    if (out.isEmpty()) {
      return out;
    }
    out = SecretRegistry.scrub(out, MASK);
    String lower = out.toLowerCase(Locale.ROOT);
    for (Rule rule : RULES) {
      if (rule.triggeredBy(lower)) {
        String next = rule.apply(out);
        if (next != out) {
          out = next;
          lower = out.toLowerCase(Locale.ROOT);
        }
      }
    }
    return out;
  }

  /** True if redaction would change {@code text}. */
  public static boolean containsSecret(CharSequence text) {
    return text != null && !redact(text).contentEquals(text);
  }

  private record Rule(Pattern pattern, String replacement, String... triggers) {
    boolean triggeredBy(String lowerCaseText) {
      for (String t : triggers) {
        if (lowerCaseText.contains(t)) {
          return true;
        }
      }
      return false;
    }

    String apply(String text) {
      Matcher m = pattern.matcher(text);
      return m.find() ? m.replaceAll(replacement) : text;
    }
  }
}
