package dev.tributary.core.discovery;

import dev.tributary.api.SpiVersion;
import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.ConnectorProvider;
import dev.tributary.core.config.Problem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds {@link ConnectorProvider}s with {@link ServiceLoader} and validates them, collecting every
 * problem instead of stopping at the first. Each problem names the provider class and the jar or
 * directory it came from, because "two connectors claim hubspot" is useless without knowing which
 * two jars to look at.
 */
public final class ConnectorDiscovery {

  private static final String SERVICE_FILE = "META-INF/services/" + ConnectorProvider.class.getName();

  private final SpiVersion runtimeSpi;
  private final Set<String> installedAuthSchemes;

  /**
   * @param runtimeSpi the SPI version this runtime implements
   * @param installedAuthSchemes custom auth scheme types that an installed plug-in supplies
   */
  public ConnectorDiscovery(SpiVersion runtimeSpi, Set<String> installedAuthSchemes) {
    this.runtimeSpi = Objects.requireNonNull(runtimeSpi, "runtimeSpi");
    this.installedAuthSchemes = Set.copyOf(installedAuthSchemes);
  }

  /** What discovery found: valid connectors by id, and the problems. */
  public record Result(Map<String, InstalledConnector> connectors, List<Problem> problems) {
    public Result {
      connectors = Collections.unmodifiableMap(new LinkedHashMap<>(connectors));
      problems = List.copyOf(problems);
    }
  }

  /** Discovers the providers visible from each class loader (providers seen twice count once). */
  public Result discover(List<ClassLoader> loaders) {
    return discover(loaders, List.of());
  }

  /** Discovers as {@link #discover(List)}, plus providers the host hands over directly. */
  public Result discover(List<ClassLoader> loaders, List<ConnectorProvider> explicit) {
    List<Problem> problems = new ArrayList<>();
    Map<Class<?>, Boolean> seenTypes = new IdentityHashMap<>();
    List<InstalledConnector> candidates = new ArrayList<>();
    for (ConnectorProvider provider : explicit) {
      if (seenTypes.put(provider.getClass(), Boolean.TRUE) == null) {
        InstalledConnector candidate = inspect(provider, problems);
        if (candidate != null) {
          candidates.add(candidate);
        }
      }
    }
    for (ClassLoader loader : loaders) {
      for (var it = ServiceLoader.load(ConnectorProvider.class, loader).stream().iterator(); ; ) {
        ServiceLoader.Provider<ConnectorProvider> p;
        try {
          if (!it.hasNext()) {
            break;
          }
          p = it.next();
        } catch (ServiceConfigurationError e) {
          problems.add(new Problem(Problem.Id.PROVIDER_LOAD_FAILED, loadFailure(e, loader)));
          continue;
        }
        Class<? extends ConnectorProvider> type;
        ConnectorProvider provider;
        try {
          type = p.type();
          if (seenTypes.put(type, Boolean.TRUE) != null) {
            continue;
          }
          provider = p.get();
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
          problems.add(new Problem(Problem.Id.PROVIDER_LOAD_FAILED, loadFailure(e, loader)));
          continue;
        }
        InstalledConnector candidate = inspect(provider, problems);
        if (candidate != null) {
          candidates.add(candidate);
        }
      }
    }
    return new Result(dropDuplicates(candidates, problems), problems);
  }

  private InstalledConnector inspect(ConnectorProvider provider, List<Problem> problems) {
    String who = provider.getClass().getName() + " (" + origin(provider.getClass()) + ")";
    ConnectorManifest manifest;
    try {
      manifest = provider.manifest();
    } catch (RuntimeException | LinkageError e) {
      problems.add(new Problem(Problem.Id.INVALID_MANIFEST,
          "Connector provider " + who + " failed to build its manifest: " + e));
      return null;
    }
    if (manifest == null) {
      problems.add(new Problem(Problem.Id.INVALID_MANIFEST, "Connector provider " + who + " returned no manifest"));
      return null;
    }
    boolean ok = true;
    List<String> manifestProblems = manifest.problems();
    if (!manifestProblems.isEmpty()) {
      problems.add(new Problem(Problem.Id.INVALID_MANIFEST,
          "Connector '" + manifest.id() + "' from " + who + " has an invalid manifest: " + String.join("; ", manifestProblems)));
      ok = false;
    }
    if (manifest.builtAgainst() != null && !runtimeSpi.canLoad(manifest.builtAgainst())) {
      problems.add(new Problem(Problem.Id.INCOMPATIBLE_SPI,
          "Connector '" + manifest.id() + "' from " + who + " was built against SPI " + manifest.builtAgainst()
              + " but this runtime implements SPI " + runtimeSpi
              + (manifest.builtAgainst().major() != runtimeSpi.major()
                  ? ": a different major version is not compatible; use a connector release built for SPI " + runtimeSpi.major() + ".x"
                  : ": upgrade Tributary to " + manifest.builtAgainst() + " or newer, or use an older connector release")));
      ok = false;
    }
    if (manifest.auth() != null && !manifest.auth().isBuiltIn() && !installedAuthSchemes.contains(manifest.auth().type())) {
      Set<String> known = new java.util.TreeSet<>(dev.tributary.api.connector.AuthScheme.BUILT_IN);
      known.addAll(installedAuthSchemes);
      problems.add(new Problem(Problem.Id.UNKNOWN_AUTH_SCHEME,
          "Connector '" + manifest.id() + "' from " + who + " uses auth scheme '" + manifest.auth().type()
              + "', which no installed auth plug-in provides. Known schemes: " + known));
      ok = false;
    }
    return ok ? new InstalledConnector(provider, manifest, origin(provider.getClass())) : null;
  }

  private static Map<String, InstalledConnector> dropDuplicates(List<InstalledConnector> candidates, List<Problem> problems) {
    Map<String, List<InstalledConnector>> byId = candidates.stream()
        .collect(Collectors.groupingBy(InstalledConnector::id, LinkedHashMap::new, Collectors.toList()));
    Map<String, InstalledConnector> result = new LinkedHashMap<>();
    byId.forEach((id, list) -> {
      if (list.size() == 1) {
        result.put(id, list.get(0));
      } else {
        // Refuse all of them: picking one by class-path order would make behaviour depend on jar order.
        problems.add(new Problem(Problem.Id.DUPLICATE_CONNECTOR_ID,
            list.size() + " connectors claim id '" + id + "': "
                + list.stream().sorted(Comparator.comparing(InstalledConnector::describe))
                    .map(c -> c.describe() + " version " + c.manifest().version()).collect(Collectors.joining(", "))
                + ". Remove all but one of these jars from the class path."));
      }
    });
    return result;
  }

  /** A jar file name or directory for a class, for messages. */
  public static String origin(Class<?> type) {
    try {
      CodeSource cs = type.getProtectionDomain().getCodeSource();
      if (cs != null && cs.getLocation() != null) {
        URL url = cs.getLocation();
        if ("file".equals(url.getProtocol())) {
          Path path = Path.of(url.toURI());
          return path.toString();
        }
        return url.toString();
      }
    } catch (Exception ignored) {
      // fall through: origin is a courtesy for messages, never a reason to fail
    }
    return "unknown location";
  }

  private static String loadFailure(Throwable e, ClassLoader loader) {
    String detail = e.getMessage() == null ? e.toString() : e.getMessage();
    Throwable cause = e.getCause();
    String causeText = cause == null ? "" : "; cause: " + cause;
    return "A connector provider failed to load: " + detail + causeText + ". Listed in "
        + listingFiles(loader, detail) + ". Fix or remove that jar, or remove the class from its "
        + SERVICE_FILE + ".";
  }

  /** The service files that list the class named in a ServiceLoader error message. */
  private static String listingFiles(ClassLoader loader, String detail) {
    List<String> hits = new ArrayList<>();
    try {
      for (URL url : Collections.list(loader.getResources(SERVICE_FILE))) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            String name = line.replaceAll("#.*", "").trim();
            if (!name.isEmpty() && detail.contains(name)) {
              hits.add(url.toString());
              break;
            }
          }
        }
      }
    } catch (IOException ignored) {
      // best effort, for the message only
    }
    return hits.isEmpty() ? "a " + SERVICE_FILE + " on the class path" : String.join(", ", hits);
  }
}
