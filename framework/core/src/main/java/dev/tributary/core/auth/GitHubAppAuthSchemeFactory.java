package dev.tributary.core.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.api.credential.Secret;
import dev.tributary.core.credential.SecretRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@value #TYPE} auth scheme: GitHub App installation tokens. It signs a short JWT (RS256,
 * {@code iat} = now - 60 s, {@code exp} = now + 9 min, {@code iss} = the app's client id or app id)
 * with the app's private key, POSTs it to {@code /app/installations/{id}/access_tokens} and gets an
 * installation token valid for one hour ({@code expires_at}). Granted "scopes" are the token's
 * permissions as {@code name:level} ({@code issues:read}); a {@code write} permission also grants
 * {@code name:read}.
 *
 * <p>Settings: {@code appId}, {@code installationId}, optional {@code apiUrl} (default
 * {@code https://api.github.com}; GitHub Enterprise: {@code https://HOST/api/v3}). Secret:
 * {@code privateKey}, the PEM GitHub generated (PKCS#1 {@code BEGIN RSA PRIVATE KEY}) or its
 * PKCS#8 form ({@code BEGIN PRIVATE KEY}).
 */
public final class GitHubAppAuthSchemeFactory implements AuthSchemeFactory {

  /** The scheme type: {@value}. */
  public static final String TYPE = "github-app";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public TokenSource create(AuthContext ctx) {
    return new Source(ctx);
  }

  static final class Source implements TokenSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,20}");

    private final String issuer;
    private final URI endpoint;
    private final String path;
    private final PrivateKey key;
    private final TokenEndpointClient http;
    private final Clock clock;

    Source(AuthContext ctx) {
      String where = "connection '" + ctx.connection().id() + "': ";
      this.issuer = ctx.setting("appId");
      String installation = ctx.setting("installationId");
      if (!DIGITS.matcher(installation).matches()) {
        throw new IllegalArgumentException(where + "installationId '" + installation + "' is not a number");
      }
      String api = ctx.optionalSetting("apiUrl").orElse("https://api.github.com");
      URI base = URI.create(api.endsWith("/") ? api.substring(0, api.length() - 1) : api);
      if (!"https".equals(base.getScheme()) && !OAuth2TokenSource.isLoopback(base)) {
        throw new IllegalArgumentException(where + "apiUrl " + api + " must use https (plain http only on loopback, for tests)");
      }
      this.path = "/app/installations/" + installation + "/access_tokens";
      this.endpoint = URI.create(base + path);
      this.key = parsePrivateKey(ctx.secret("privateKey"), where);
      this.http = ctx.http();
      this.clock = ctx.clock();
    }

    @Override
    public String endpoint() {
      return "POST " + endpoint.getPath();
    }

    @Override
    public FetchedToken fetch(Optional<Secret> refreshToken) {
      String jwt = jwt(issuer, clock.instant(), key);
      SecretRegistry.registerIssued(jwt);
      TokenEndpointClient.Answer answer;
      try {
        answer = http.postJson(endpoint, "", Map.of(
            "Authorization", "Bearer " + jwt,
            "Accept", "application/vnd.github+json",
            "X-GitHub-Api-Version", "2022-11-28"));
      } catch (TokenRequestRejectedException e) {
        // GitHub answers 401 to a bad JWT (wrong key, app deleted) and 404 to a removed
        // installation: either way the grant is gone until an operator acts.
        if (e.status() == 401 || e.status() == 403 || e.status() == 404) {
          String code = e.status() == 404 ? "invalid_grant" : "invalid_client";
          throw new TokenRequestRejectedException(code, e.status(), e.getMessage()
              + (e.status() == 404 ? ": the app is not installed there any more" : ": check appId and privateKey"));
        }
        throw e;
      }
      JsonNode json = answer.json();
      String token = json.path("token").asText("");
      if (token.isBlank()) {
        throw new TokenEndpointException(endpoint() + " answered without a token", answer.status(), false, null);
      }
      SecretRegistry.registerIssued(token);
      Instant expiresAt;
      try {
        expiresAt = Instant.parse(json.path("expires_at").asText(""));
      } catch (DateTimeParseException e) {
        throw new TokenEndpointException(endpoint() + " answered without a valid expires_at", answer.status(), false, null);
      }
      Set<String> granted = new LinkedHashSet<>();
      json.path("permissions").properties().forEach(p -> {
        String level = p.getValue().asText();
        granted.add(p.getKey() + ":" + level);
        if (level.equals("write") || level.equals("admin")) {
          granted.add(p.getKey() + ":read");
        }
      });
      return new FetchedToken(new AccessToken(Secret.of(token, "installation token from " + endpoint()), expiresAt,
          json.has("permissions") ? Optional.of(granted) : Optional.empty()), Optional.empty());
    }
  }

  /** An RS256 JWT for the app: iat 60 s in the past against clock drift, exp 9 min ahead (GitHub allows 10). */
  static String jwt(String issuer, Instant now, PrivateKey key) {
    ObjectNode header = JSON().createObjectNode().put("alg", "RS256").put("typ", "JWT");
    ObjectNode claims = JSON().createObjectNode()
        .put("iat", now.getEpochSecond() - 60)
        .put("exp", now.getEpochSecond() + 540)
        .put("iss", issuer);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput = b64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(key);
      rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the GitHub App JWT: " + e.getMessage(), e);
    }
  }

  private static ObjectMapper JSON() {
    return Source.JSON;
  }

  /** Reads a PKCS#8 or PKCS#1 RSA private key in PEM. */
  static PrivateKey parsePrivateKey(Secret pem, String where) {
    String text = pem.reveal();
    boolean pkcs1 = text.contains("-----BEGIN RSA PRIVATE KEY-----");
    if (!pkcs1 && !text.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new IllegalArgumentException(where + "secret " + pem.source()
          + " is not a PEM private key: expected -----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----");
    }
    String body = text.replaceAll("-----(BEGIN|END) (RSA )?PRIVATE KEY-----", "").replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + "secret " + pem.source() + " is not valid PEM: its body is not base64");
    }
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? wrapPkcs1(der) : der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(where + "secret " + pem.source() + " is not an RSA private key ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo, which is all the JDK reads. */
  static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = der(0x04, pkcs1);
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.writeBytes(version);
    content.writeBytes(algorithm);
    content.writeBytes(octets);
    return der(0x30, content.toByteArray());
  }

  private static byte[] der(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = value.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }
}
