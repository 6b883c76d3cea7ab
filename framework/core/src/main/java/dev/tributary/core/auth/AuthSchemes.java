package dev.tributary.core.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The auth scheme factories by type: the built-in OAuth2 grants plus every
 * {@link AuthSchemeFactory} found by {@link ServiceLoader} (GitHub App ships that way). Immutable,
 * thread-safe.
 */
public final class AuthSchemes {

  private final Map<String, AuthSchemeFactory> byType;

  private AuthSchemes(Map<String, AuthSchemeFactory> byType) {
    this.byType = Map.copyOf(byType);
  }

  /** Built-ins plus the factories on the context class loader's class path. */
  public static AuthSchemes loadDefault() {
    return load(Thread.currentThread().getContextClassLoader());
  }

  /** Built-ins plus the factories {@code loader} finds. */
  public static AuthSchemes load(ClassLoader loader) {
    List<AuthSchemeFactory> all = new ArrayList<>();
    all.add(new OAuth2TokenSource.RefreshTokenFactory());
    all.add(new OAuth2TokenSource.ClientCredentialsFactory());
    ServiceLoader.load(AuthSchemeFactory.class, loader).forEach(all::add);
    return of(all);
  }

  /**
   * Exactly these factories.
   *
   * @throws IllegalArgumentException if two serve one type
   */
  public static AuthSchemes of(Collection<? extends AuthSchemeFactory> factories) {
    Map<String, AuthSchemeFactory> map = new LinkedHashMap<>();
    for (AuthSchemeFactory f : factories) {
      AuthSchemeFactory before = map.putIfAbsent(f.type(), f);
      if (before != null) {
        throw new IllegalArgumentException("two auth plug-ins serve scheme '" + f.type() + "': "
            + before.getClass().getName() + " and " + f.getClass().getName() + "; remove one from the class path");
      }
    }
    return new AuthSchemes(map);
  }

  /** The factory for {@code type}, if installed. */
  public Optional<AuthSchemeFactory> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  /**
   * The factory for {@code type}.
   *
   * @throws IllegalArgumentException listing the installed types when none serves it
   */
  public AuthSchemeFactory require(String type) {
    AuthSchemeFactory f = byType.get(type);
    if (f == null) {
      throw new IllegalArgumentException("[Tributary/UNKNOWN_AUTH_SCHEME] no auth plug-in for scheme '" + type
          + "'. Installed: " + String.join(", ", types()));
    }
    return f;
  }

  /** The installed types, sorted. */
  public List<String> types() {
    return byType.keySet().stream().sorted().toList();
  }
}
