package dev.tributary.core.webhook;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and SHA-256 over content given in parts, so a large body is never copied. */
final class Crypto {

  static final int SHA256_BYTES = 32;
  private static final HexFormat HEX = HexFormat.of();

  private Crypto() {}

  static SecretKeySpec hmacKey(byte[] key) {
    return new SecretKeySpec(key, "HmacSHA256");
  }

  static byte[] hmacSha256(SecretKeySpec key, List<byte[]> parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      // Every Java SE runtime must provide HmacSHA256; reaching this means a broken JRE.
      throw new IllegalStateException("HmacSHA256 is unavailable in this JRE", e);
    }
  }

  static byte[] sha256(List<byte[]> parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JRE", e);
    }
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** Decodes hex (either case), or returns null when {@code s} is not hex. */
  static byte[] parseHexOrNull(String s) {
    if (s.isEmpty() || (s.length() & 1) != 0) {
      return null;
    }
    try {
      return HEX.parseHex(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Decodes standard base64 (padding optional), or returns null when {@code s} is not base64. */
  static byte[] parseBase64OrNull(String s) {
    if (s.isEmpty()) {
      return null;
    }
    try {
      return java.util.Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** True if any expected MAC equals any provided one; each comparison is constant-time. */
  static boolean anyMatch(List<byte[]> expected, List<byte[]> provided) {
    boolean match = false;
    for (byte[] e : expected) {
      for (byte[] p : provided) {
        // No early exit: the time taken does not depend on which pair matched.
        match |= MessageDigest.isEqual(e, p);
      }
    }
    return match;
  }
}
