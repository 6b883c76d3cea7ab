package dev.tributary.core.credential;

import dev.tributary.api.credential.Secret;
import dev.tributary.api.credential.SecretRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM encryption at rest under a keyring: one active key that encrypts, and older
 * decrypt-only keys so keys can rotate without re-encrypting everything at once. Each ciphertext
 * carries the id of the key that sealed it. Used for cached tokens and refresh tokens, and meant
 * for personal-data fields too. Immutable, thread-safe.
 *
 * <p>Keys are 32 random bytes, base64-encoded, resolved through a {@link CredentialProviders}
 * reference ({@code openssl rand -base64 32 > /run/secrets/tributary-key}).
 *
 * <p>Format: {@code 0x01 | idLength | id (UTF-8) | 12-byte nonce | ciphertext+16-byte tag}. The
 * header and the caller's {@code context} (for example {@code token:acme-hubspot:access}) are
 * authenticated as associated data, so a ciphertext copied to another slot or edited fails to
 * decrypt instead of yielding someone else's value.
 *
 * <pre>{@code
 * KeyService keys = KeyService.builder()
 *     .activeKey("2026-11", credentials.resolve(SecretRef.parse("file:/run/secrets/key-2026-11"), "-"))
 *     .decryptOnlyKey("2026-05", credentials.resolve(SecretRef.parse("file:/run/secrets/key-2026-05"), "-"))
 *     .build();
 * byte[] sealed = keys.encrypt(plain, "token:acme:access");
 * }</pre>
 */
public final class KeyService {

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();
  // Cipher.getInstance costs a provider lookup per call; init() resets a Cipher fully, so one per
  // thread serves every key and nonce (personal data seals several values per record).
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding is required of every JDK", e);
    }
  });

  private final String activeId;
  private final Map<String, SecretKey> keys;

  private KeyService(String activeId, Map<String, SecretKey> keys) {
    this.activeId = activeId;
    this.keys = Map.copyOf(keys);
  }

  /** Starts a keyring. */
  public static Builder builder() {
    return new Builder();
  }

  /** A keyring with one active key resolved from {@code ref}. */
  public static KeyService of(String keyId, SecretRef ref, CredentialProviders credentials) {
    return builder().activeKey(keyId, credentials.resolve(ref, "(framework key " + keyId + ")")).build();
  }

  /** The id of the key new ciphertexts are sealed with. */
  public String activeKeyId() {
    return activeId;
  }

  /** The ids of every key in the keyring, active and decrypt-only. */
  public java.util.Set<String> keyIds() {
    return keys.keySet();
  }

  /**
   * A key derived from key {@code keyId} for one {@code purpose} (HMAC-SHA256 of the purpose under
   * that key), for keyed hashes: equal inputs hash equal within one keyring, and nothing can be
   * compared across installations. The derived key cannot reveal the key it came from.
   *
   * @throws IllegalArgumentException if the keyring has no key {@code keyId}
   */
  public SecretKey derivedKey(String keyId, String purpose) {
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new IllegalArgumentException("no key '" + keyId + "' in the keyring (have "
          + String.join(", ", keys.keySet().stream().sorted().toList()) + ")");
    }
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(key);
      return new SecretKeySpec(mac.doFinal(("tributary-derived-key:" + purpose).getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }

  /** Encrypts {@code plaintext} under the active key, bound to {@code context}. */
  public byte[] encrypt(byte[] plaintext, String context) {
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] header = header(activeId);
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(header);
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(header.length + nonce.length + sealed.length)
          .put(header).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt " + context + " with key id " + activeId + ": " + e.getMessage(), e);
    }
  }

  /** Encrypts a string's UTF-8 bytes. */
  public byte[] encryptString(String plaintext, String context) {
    return encrypt(plaintext.getBytes(StandardCharsets.UTF_8), context);
  }

  /**
   * Decrypts what {@link #encrypt} sealed for the same {@code context}.
   *
   * @throws CannotDecryptException when the data is not a ciphertext of this format, its key id is
   *     not in the keyring, or the key or context does not match; the message names the key id
   */
  public byte[] decrypt(byte[] ciphertext, String context) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    if (ciphertext.length < 2 || ciphertext[0] != VERSION) {
      throw new CannotDecryptException("cannot decrypt " + context + ": not a Tributary AES-GCM ciphertext (format "
          + (ciphertext.length == 0 ? "empty" : "byte " + ciphertext[0]) + "); was it written by something else?");
    }
    int idLength = ciphertext[1];
    int bodyStart = 2 + idLength + NONCE_BYTES;
    if (idLength < 1 || ciphertext.length < bodyStart + TAG_BITS / 8) {
      throw new CannotDecryptException("cannot decrypt " + context + ": ciphertext of " + ciphertext.length + " bytes is truncated");
    }
    String keyId = new String(ciphertext, 2, idLength, StandardCharsets.UTF_8);
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new CannotDecryptException("cannot decrypt " + context + " with key id " + keyId
          + ": no such key in the keyring (have " + String.join(", ", keys.keySet().stream().sorted().toList())
          + "); was it encrypted with another key? Add the old key as a decrypt-only key");
    }
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 2 + idLength, NONCE_BYTES));
      cipher.updateAAD(ciphertext, 0, 2 + idLength);
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(ciphertext, bodyStart, ciphertext.length - bodyStart);
    } catch (AEADBadTagException e) {
      throw new CannotDecryptException("cannot decrypt " + context + " with key id " + keyId
          + "; was it encrypted with another key? (authentication failed: wrong key material under that id, "
          + "or the data was altered or moved from another slot)");
    } catch (GeneralSecurityException e) {
      throw new CannotDecryptException("cannot decrypt " + context + " with key id " + keyId + ": " + e.getMessage());
    }
  }

  /** Decrypts to a string. */
  public String decryptString(byte[] ciphertext, String context) {
    return new String(decrypt(ciphertext, context), StandardCharsets.UTF_8);
  }

  /** The key id a ciphertext was sealed with, e.g. to find values still under a retired key. */
  public static String keyIdOf(byte[] ciphertext) {
    if (ciphertext.length < 3 || ciphertext[0] != VERSION || ciphertext[1] < 1 || ciphertext.length < 2 + ciphertext[1]) {
      throw new CannotDecryptException("not a Tributary AES-GCM ciphertext");
    }
    return new String(ciphertext, 2, ciphertext[1], StandardCharsets.UTF_8);
  }

  private static byte[] header(String keyId) {
    byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
    byte[] h = new byte[2 + id.length];
    h[0] = VERSION;
    h[1] = (byte) id.length;
    System.arraycopy(id, 0, h, 2, id.length);
    return h;
  }

  /** Decryption failed; the message names the key id and the likely cause, never key material. */
  public static final class CannotDecryptException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    CannotDecryptException(String message) {
      super(message);
    }
  }

  /** Builds a {@link KeyService}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();
    private String activeId;

    private Builder() {}

    /**
     * The key new data is encrypted with.
     *
     * @throws IllegalArgumentException if an active key is already set, the id is invalid or taken,
     *     or the secret is not 32 base64-encoded bytes
     */
    public Builder activeKey(String keyId, Secret base64Key) {
      if (activeId != null) {
        throw new IllegalArgumentException("a keyring has one active key; '" + activeId
            + "' is already active, add '" + keyId + "' with decryptOnlyKey");
      }
      add(keyId, base64Key);
      activeId = keyId;
      return this;
    }

    /** An older key, kept to read what it encrypted. Same checks as {@link #activeKey}. */
    public Builder decryptOnlyKey(String keyId, Secret base64Key) {
      add(keyId, base64Key);
      return this;
    }

    private void add(String keyId, Secret base64Key) {
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(base64Key, "base64Key");
      if (!KEY_ID.matcher(keyId).matches()) {
        throw new IllegalArgumentException("key id '" + keyId + "' is invalid: use 1-64 letters, digits, '.', '_' or '-'");
      }
      if (keys.containsKey(keyId)) {
        throw new IllegalArgumentException("key id '" + keyId + "' is in the keyring twice");
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(base64Key.reveal().strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("key '" + keyId + "' from " + base64Key.source()
            + " is not base64: generate one with openssl rand -base64 32");
      }
      if (raw.length != 32) {
        Arrays.fill(raw, (byte) 0);
        throw new IllegalArgumentException("key '" + keyId + "' from " + base64Key.source() + " is " + raw.length
            + " bytes; AES-256 needs 32: generate one with openssl rand -base64 32");
      }
      keys.put(keyId, new SecretKeySpec(raw, "AES"));
      Arrays.fill(raw, (byte) 0);
    }

    /**
     * The immutable keyring.
     *
     * @throws IllegalStateException if no active key was set
     */
    public KeyService build() {
      if (activeId == null) {
        throw new IllegalStateException("a keyring needs an active key: call activeKey(id, secret)");
      }
      return new KeyService(activeId, keys);
    }
  }
}
