package dev.tributary.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.credential.Secret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyServiceTest {

  private static Secret key() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Secret.of(Base64.getEncoder().encodeToString(k), "test:key");
  }

  private final Secret k1 = key();
  private final Secret k2 = key();

  @Test
  void encryptsSoThePlaintextIsNotReadableAndDecryptsItBack() {
    KeyService keys = KeyService.builder().activeKey("k1", k1).build();
    byte[] sealed = keys.encryptString("refresh-token-plaintext", "slot:a");

    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("refresh-token-plaintext");
    assertThat(KeyService.keyIdOf(sealed)).isEqualTo("k1");
    assertThat(keys.decryptString(sealed, "slot:a")).isEqualTo("refresh-token-plaintext");
    assertThat(keys.encryptString("refresh-token-plaintext", "slot:a")).isNotEqualTo(sealed); // fresh nonce
  }

  @Test
  void aWrongKeyUnderTheSameIdFailsWithAClearErrorNotGarbage() {
    byte[] sealed = KeyService.builder().activeKey("k1", k1).build().encryptString("secret", "token:acme:access");
    KeyService other = KeyService.builder().activeKey("k1", k2).build();

    assertThatThrownBy(() -> other.decrypt(sealed, "token:acme:access"))
        .isInstanceOf(KeyService.CannotDecryptException.class)
        .hasMessage("cannot decrypt token:acme:access with key id k1; was it encrypted with another key? "
            + "(authentication failed: wrong key material under that id, or the data was altered or moved from another slot)");
  }

  @Test
  void anUnknownKeyIdNamesTheIdAndTheKeysInTheRing() {
    byte[] sealed = KeyService.builder().activeKey("2026-05", k1).build().encryptString("secret", "x");
    KeyService rotated = KeyService.builder().activeKey("2026-11", k2).build();

    assertThatThrownBy(() -> rotated.decrypt(sealed, "x"))
        .hasMessage("cannot decrypt x with key id 2026-05: no such key in the keyring (have 2026-11); "
            + "was it encrypted with another key? Add the old key as a decrypt-only key");
  }

  @Test
  void rotationKeepsOldCiphertextsReadableAndSealsNewOnesWithTheActiveKey() {
    byte[] old = KeyService.builder().activeKey("2026-05", k1).build().encryptString("old value", "x");
    KeyService ring = KeyService.builder().activeKey("2026-11", k2).decryptOnlyKey("2026-05", k1).build();

    assertThat(ring.decryptString(old, "x")).isEqualTo("old value");
    assertThat(KeyService.keyIdOf(ring.encryptString("new value", "x"))).isEqualTo("2026-11");
  }

  @Test
  void aCiphertextMovedToAnotherSlotDoesNotDecrypt() {
    KeyService keys = KeyService.builder().activeKey("k1", k1).build();
    byte[] sealed = keys.encryptString("tenant a token", "token:tenant-a:access");

    assertThatThrownBy(() -> keys.decrypt(sealed, "token:tenant-b:access"))
        .hasMessageStartingWith("cannot decrypt token:tenant-b:access with key id k1; was it encrypted with another key?");
  }

  @Test
  void aTamperedCiphertextDoesNotDecrypt() {
    KeyService keys = KeyService.builder().activeKey("k1", k1).build();
    byte[] sealed = keys.encryptString("value", "x");
    sealed[sealed.length - 1] ^= 1;

    assertThatThrownBy(() -> keys.decrypt(sealed, "x")).isInstanceOf(KeyService.CannotDecryptException.class);
  }

  @Test
  void plainTextIsNotMistakenForACiphertext() {
    KeyService keys = KeyService.builder().activeKey("k1", k1).build();

    assertThatThrownBy(() -> keys.decrypt("{\"token\":1}".getBytes(StandardCharsets.UTF_8), "x"))
        .hasMessage("cannot decrypt x: not a Tributary AES-GCM ciphertext (format byte 123); was it written by something else?");
  }

  @Test
  void aKeyOfTheWrongLengthIsRefusedWithAHowTo() {
    Secret short16 = Secret.of(Base64.getEncoder().encodeToString(new byte[16]), "env:TRIBUTARY_KEY");

    assertThatThrownBy(() -> KeyService.builder().activeKey("k1", short16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'k1' from env:TRIBUTARY_KEY is 16 bytes; AES-256 needs 32: generate one with openssl rand -base64 32");
    assertThatThrownBy(() -> KeyService.builder().activeKey("k1", Secret.of("not base64 !!", "env:K")))
        .hasMessage("key 'k1' from env:K is not base64: generate one with openssl rand -base64 32");
  }

  @Test
  void aKeyringHasExactlyOneActiveKey() {
    assertThatThrownBy(() -> KeyService.builder().activeKey("a", k1).activeKey("b", k2))
        .hasMessage("a keyring has one active key; 'a' is already active, add 'b' with decryptOnlyKey");
    assertThatThrownBy(() -> KeyService.builder().decryptOnlyKey("a", k1).build())
        .hasMessage("a keyring needs an active key: call activeKey(id, secret)");
  }
}
