package dev.tributary.core.config;

import dev.tributary.api.connector.AuthScheme;
import java.util.List;
import java.util.Map;

/** The secret names each built-in auth scheme needs in a connection's {@code secrets}. */
public final class AuthSecrets {

  public static final String API_KEY = "apiKey";
  public static final String TOKEN = "token";
  public static final String CLIENT_ID = "clientId";
  public static final String CLIENT_SECRET = "clientSecret";
  public static final String REFRESH_TOKEN = "refreshToken";

  private static final Map<String, List<String>> REQUIRED = Map.of(
      AuthScheme.NONE, List.of(),
      AuthScheme.API_KEY, List.of(API_KEY),
      AuthScheme.BEARER, List.of(TOKEN),
      AuthScheme.OAUTH2_REFRESH_TOKEN, List.of(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN),
      AuthScheme.OAUTH2_CLIENT_CREDENTIALS, List.of(CLIENT_ID, CLIENT_SECRET));

  private AuthSecrets() {}

  /** The secret names {@code scheme} needs; empty for custom schemes, which check their own. */
  public static List<String> required(AuthScheme scheme) {
    return REQUIRED.getOrDefault(scheme.type(), List.of());
  }
}
