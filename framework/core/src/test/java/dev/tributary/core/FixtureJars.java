package dev.tributary.core;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds throwaway connector jars at test time: real sources compiled by javac against the test
 * class path, packed with a {@code META-INF/services} entry, and loaded in a class loader of their
 * own, exactly as a third-party connector jar would be.
 */
final class FixtureJars {

  private FixtureJars() {}

  /** Compiles {@code sources} (class name -> source) into {@code dir/name.jar} listing {@code services}. */
  static Path jar(Path dir, String name, Map<String, String> sources, List<String> services) throws IOException {
    return jar(dir, name, sources, services, List.of());
  }

  /** As {@link #jar(Path, String, Map, List)}, compiling against {@code extraClasspath} too. */
  static Path jar(Path dir, String name, Map<String, String> sources, List<String> services, List<Path> extraClasspath)
      throws IOException {
    Path src = Files.createDirectories(dir.resolve(name + "-src"));
    Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
        System.getProperty("java.class.path") + extraClasspath.stream().map(p -> java.io.File.pathSeparator + p).reduce("", String::concat),
        "--release", "21", "-proc:none", "-nowarn"));
    for (var e : sources.entrySet()) {
      Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (!sources.isEmpty() && javac.run(null, null, System.err, args.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("fixture " + name + " did not compile");
    }
    Path jar = dir.resolve(name + ".jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        jos.write(Files.readAllBytes(f));
        jos.closeEntry();
      }
      jos.putNextEntry(new JarEntry("META-INF/services/dev.tributary.api.connector.ConnectorProvider"));
      jos.write((String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
      jos.closeEntry();
    }
    return jar;
  }

  /** A class loader for {@code jar} alone, delegating the api and framework to the test's loader. */
  static URLClassLoader loader(Path jar) throws IOException {
    return new URLClassLoader(new URL[] {jar.toUri().toURL()}, FixtureJars.class.getClassLoader());
  }

  /**
   * The source of a small but complete connector: provider, manifest, a module binding one private
   * helper and its streams. {@code manifestTweak} is Java appended to the manifest builder chain.
   */
  static Map<String, String> connector(String pkg, String id, String manifestTweak, String... streams) {
    StringBuilder manifest = new StringBuilder()
        .append("ConnectorManifest.builder(\"").append(id).append("\", \"1.2.0\")\n")
        .append("      .baseUrl(java.net.URI.create(\"https://api.").append(id).append(".example\"))\n")
        .append("      .egressHosts(\"api.").append(id).append(".example\")\n")
        .append("      .auth(AuthScheme.none())\n");
    StringBuilder binds = new StringBuilder();
    for (String s : streams) {
      manifest.append("      .stream(").append(cls(s)).append("Stream.SPEC)\n");
      binds.append("    stream(").append(cls(s)).append("Stream.class);\n");
    }
    manifest.append(manifestTweak);
    String provider = """
        package %1$s;
        import dev.tributary.api.connector.*;
        public final class Provider implements ConnectorProvider {
          public ConnectorManifest manifest() {
            return %2$s
              .build();
          }
          public com.google.inject.Module module() { return new Module(); }
        }
        """.formatted(pkg, manifest);
    String module = """
        package %1$s;
        import dev.tributary.api.connector.ConnectorModule;
        final class Module extends ConnectorModule {
          @Override protected void configureConnector() {
            bind(Helper.class).to(HelperImpl.class);
        %2$s  }
        }
        """.formatted(pkg, binds);
    String helper = """
        package %1$s;
        public interface Helper { String owner(); }
        """.formatted(pkg, id);
    String helperImpl = """
        package %1$s;
        final class HelperImpl implements Helper { public String owner() { return "%2$s"; } }
        """.formatted(pkg, id);
    var out = new java.util.LinkedHashMap<String, String>();
    out.put(pkg + ".Provider", provider);
    out.put(pkg + ".Module", module);
    out.put(pkg + ".Helper", helper);
    out.put(pkg + ".HelperImpl", helperImpl);
    for (String s : streams) {
      out.put(pkg + "." + cls(s) + "Stream", stream(pkg, s, "Helper"));
    }
    return out;
  }

  /** A stream that depends on {@code helperType}, which must be bound where it is wired. */
  static String stream(String pkg, String name, String helperType) {
    return """
        package %1$s;
        import dev.tributary.api.stream.*;
        import java.time.Instant;
        import java.util.List;
        public final class %2$sStream implements Stream<String> {
          public static final StreamSpec SPEC = StreamSpec.builder("%3$s").build();
          private final %4$s helper;
          @jakarta.inject.Inject public %2$sStream(%4$s helper) { this.helper = helper; }
          public StreamSpec spec() { return SPEC; }
          public Mapper<String> mapper() { return s -> MappedRecord.of(s, Instant.EPOCH, s); }
          public Page<String> read(StreamContext ctx, Cursor cursor) { return Page.last(List.of(helper.owner())); }
        }
        """.formatted(pkg, cls(name), name, helperType);
  }

  private static String cls(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
