package dev.tributary.core.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.credential.Secret;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class RedactorTest {

  @Test
  void scrubsRegisteredValuesWhereverTheyAppear() {
    SecretRegistry.register(Secret.of("Zq9-registered-canary-77", "env:X"));

    assertThat(Redactor.redact("prefixZq9-registered-canary-77suffix and again Zq9-registered-canary-77"))
        .isEqualTo("prefix****suffix and again ****");
  }

  @Test
  void prefersTheLongestConfiguredValueAndFindsOnesGluedToOtherText() {
    SecretRegistry.registerValue("Lx7-short-secret");
    SecretRegistry.registerValue("Lx7-short-secret-with-a-longer-tail");

    assertThat(Redactor.redact("a Lx7-short-secret-with-a-longer-tail b Lx7-short-secretLx7-short-secret c"))
        .isEqualTo("a **** b ******** c");
  }

  @Test
  void findsIssuedTokensAsWholeTokenRuns() {
    SecretRegistry.registerIssued("Iss9tok-abc.DEF_123");

    assertThat(Redactor.redact("x=Iss9tok-abc.DEF_123&y {\"t\":\"Iss9tok-abc.DEF_123\"} (Iss9tok-abc.DEF_123)"))
        .isEqualTo("x=****&y {\"t\":\"****\"} (****)");
    // an issued token with characters outside the token alphabet is matched like a configured one
    SecretRegistry.registerIssued("odd|token:value");
    assertThat(Redactor.redact("<odd|token:value>")).isEqualTo("<****>");
  }

  @Test
  void forgetsTheOldestIssuedTokensPastTheLimitButNeverConfiguredSecrets() {
    SecretRegistry.registerValue("configured-forever-1");
    SecretRegistry.registerIssued("issued-first-token-0001");
    for (int i = 0; i < SecretRegistry.MAX_ISSUED; i++) {
      SecretRegistry.registerIssued("issued-filler-" + i + "-xxxxxxxx");
    }

    assertThat(Redactor.redact("issued-first-token-0001")).isEqualTo("issued-first-token-0001");
    assertThat(Redactor.redact("configured-forever-1")).isEqualTo("****");
    assertThat(Redactor.redact("issued-filler-9999-xxxxxxxx")).isEqualTo("****");
  }

  @Test
  void doesNotRegisterValuesTooShortToBeSecrets() {
    SecretRegistry.registerValue("abc");

    assertThat(Redactor.redact("abc is fine")).isEqualTo("abc is fine");
  }

  @Test
  void scrubsAuthorizationHeadersAndBearerTokens() {
    assertThat(Redactor.redact("Authorization: Bearer abc.def-123")).isEqualTo("Authorization: Bearer ****");
    assertThat(Redactor.redact("authorization=Basic dXNlcjpwYXNz")).isEqualTo("authorization=Basic ****");
    assertThat(Redactor.redact("{\"Authorization\": \"token 0123456789abcdef\"}")).isEqualTo("{\"Authorization\": \"token ****\"}");
    assertThat(Redactor.redact("sent bearer 9f8e7d6c5b4a")).isEqualTo("sent bearer ****");
    assertThat(Redactor.redact("only bearer tokens are supported")).isEqualTo("only bearer tokens are supported");
  }

  @Test
  void scrubsTokenFieldsInJsonAndFormBodies() {
    assertThat(Redactor.redact("{\"access_token\":\"a1\",\"refresh_token\" : \"r\\\"2\",\"expires_in\":3600}"))
        .isEqualTo("{\"access_token\":\"****\",\"refresh_token\" : \"****\",\"expires_in\":3600}");
    assertThat(Redactor.redact("grant_type=refresh_token&refresh_token=r-123&client_secret=s%2F3&client_id=acme"))
        .isEqualTo("grant_type=refresh_token&refresh_token=****&client_secret=****&client_id=acme");
    assertThat(Redactor.redact("{\"token\": \"ghs_abcdefgh\"}")).isEqualTo("{\"token\": \"****\"}");
  }

  @Test
  void scrubsVendorKeyPrefixesKeepingThePrefix() {
    assertThat(Redactor.redact("keys sk_live_51Habc sk_test_xyz123 rk_live_q1w2e3 ghp_aaaa1111 gho_bbbb2222 ghs_cccc3333 "
        + "github_pat_11AAAA_bbbb pat-na1-1111-2222"))
        .isEqualTo("keys sk_live_**** sk_test_**** rk_live_**** ghp_**** gho_**** ghs_**** github_pat_**** pat-na1-****");
  }

  @Test
  void scrubsJwts() {
    assertThat(Redactor.redact("token eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl end")).isEqualTo("token **** end");
  }

  @Test
  void leavesOrdinaryTextAlone() {
    String text = "connection 'acme-hubspot' synced 100 contacts from /crm/v3/objects/contacts in 532 ms";
    assertThat(Redactor.redact(text)).isEqualTo(text);
    assertThat(Redactor.redact(null)).isNull();
  }

  @Test
  void theLogbackEncoderRedactsMessagesArgumentsMdcAndStackTraces() {
    SecretRegistry.registerValue("logback-canary-5150");
    Logger log = LoggerFactory.getLogger("redaction-test");
    try (LogCapture logs = LogCapture.start()) {
      MDC.put("hdr", "Bearer logback-canary-5150");
      try {
        log.info("message logback-canary-5150 arg {}", "logback-canary-5150");
        log.error("failed", new IllegalStateException("boom logback-canary-5150",
            new RuntimeException("cause refresh_token=logback-canary-5150")));
      } finally {
        MDC.remove("hdr");
      }
      assertThat(logs.rawText()).contains("logback-canary-5150");
      assertThat(logs.text()).doesNotContain("logback-canary-5150")
          .contains("message **** arg ****").contains("hdr=Bearer ****")
          .contains("java.lang.IllegalStateException: boom ****").contains("cause refresh_token=****");
    }
  }
}
