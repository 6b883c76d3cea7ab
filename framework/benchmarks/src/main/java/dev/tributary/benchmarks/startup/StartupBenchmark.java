package dev.tributary.benchmarks.startup;

import dev.tributary.core.Tributary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Start-up: a fresh JVM per measurement, timed from {@code main} to a built {@link Tributary}
 * (ServiceLoader discovery, manifests checked, H2 opened and migrated, one Guice injector with a
 * private module per connector, every stream and Feign client instantiated), first with the real
 * connectors on the class path (github, stripe, hubspot: 5 providers), then with 50 more connectors
 * generated as source, compiled with javax.tools and discovered the same way. The difference over 50
 * is the cost of one more connector.
 *
 * <pre>
 * java -cp "$(cat framework/benchmarks/target/bench.cp)" dev.tributary.benchmarks.startup.StartupBenchmark 50 5
 * </pre>
 */
public final class StartupBenchmark {

  /** Medians over the runs of each mode, in milliseconds. */
  public record Result(int realProviders, double realMainToReadyMs, double realJvmToReadyMs, double realCpuMs,
      int withGenerated, double generatedMainToReadyMs, double generatedJvmToReadyMs, double generatedCpuMs, int generated) {

    public double perConnectorMs() {
      return (generatedMainToReadyMs - realMainToReadyMs) / generated;
    }

    /** Process CPU per added connector: steadier than wall time on a shared machine. */
    public double perConnectorCpuMs() {
      return (generatedCpuMs - realCpuMs) / generated;
    }
  }

  private StartupBenchmark() {}

  public static void main(String[] args) throws Exception {
    int generated = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    run(generated, runs, System.out);
  }

  /** The child: builds the runtime once and prints how long it took. */
  public static final class Probe {
    public static void main(String[] args) {
      long t0 = System.nanoTime();
      dev.tributary.benchmarks.Logs.init();
      try (Tributary t = Tributary.builder()
          .database("jdbc:h2:mem:startup;DB_CLOSE_DELAY=-1", "sa", "")
          .build()) {
        long ready = System.nanoTime();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        System.out.printf(Locale.ROOT, "STARTUP %d %.3f %d %.3f%n", t.connectors().size(), (ready - t0) / 1e6,
            System.currentTimeMillis() - jvmStart, cpu / 1e6);
      }
    }
  }

  public static Result run(int generated, int runs, PrintStream out) throws Exception {
    String cp = System.getProperty("java.class.path");
    Path dir = Files.createTempDirectory("tributary-startup");
    compileConnectors(dir, generated, cp);
    double[] real = measure(cp, runs);
    double[] gen = measure(cp + java.io.File.pathSeparator + dir.resolve("classes"), runs);
    Result r = new Result((int) real[0], real[1], real[2], real[3], (int) gen[0], gen[1], gen[2], gen[3], generated);
    out.printf(Locale.ROOT, "startup: %d providers main->ready %.0f ms (JVM start->ready %.0f ms, CPU %.0f ms); %d providers"
            + " %.0f ms (%.0f ms, CPU %.0f ms); per added connector %.1f ms wall, %.1f ms CPU (median of %d runs each)%n",
        r.realProviders(), r.realMainToReadyMs(), r.realJvmToReadyMs(), r.realCpuMs(), r.withGenerated(),
        r.generatedMainToReadyMs(), r.generatedJvmToReadyMs(), r.generatedCpuMs(), r.perConnectorMs(),
        r.perConnectorCpuMs(), runs);
    if (r.withGenerated() != r.realProviders() + generated) {
      throw new IllegalStateException("expected " + (r.realProviders() + generated) + " connectors, found " + r.withGenerated());
    }
    return r;
  }

  /** {providers, median main->ready ms, median JVM start->ready ms, median CPU ms} over {@code runs} fresh JVMs. */
  private static double[] measure(String cp, int runs) throws IOException, InterruptedException {
    List<double[]> samples = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", cp, Probe.class.getName()).redirectErrorStream(true).start();
      String line = null;
      StringBuilder all = new StringBuilder();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          all.append(l).append('\n');
          if (l.startsWith("STARTUP ")) {
            line = l;
          }
        }
      }
      if (p.waitFor() != 0 || line == null) {
        throw new IllegalStateException("start-up probe failed:\n" + all);
      }
      String[] f = line.split(" ");
      samples.add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
          Double.parseDouble(f[4])});
    }
    return new double[] {samples.get(0)[0], median(samples, 1), median(samples, 2), median(samples, 3)};
  }

  private static double median(List<double[]> samples, int k) {
    double[] v = samples.stream().mapToDouble(s -> s[k]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** Writes and compiles {@code n} distinct connectors (provider, module, Feign API, stream) with a services file. */
  static void compileConnectors(Path dir, int n, String cp) throws IOException {
    Path src = Files.createDirectories(dir.resolve("src"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", cp, "--release", "21", "-proc:none", "-nowarn"));
    List<String> services = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String pkg = "gen.c" + i;
      Path d = Files.createDirectories(src.resolve("gen").resolve("c" + i));
      String id = "gen-" + i;
      Files.writeString(d.resolve("GenProvider.java"), """
          package %1$s;
          import dev.tributary.api.connector.*;
          import java.net.URI;
          public final class GenProvider implements ConnectorProvider {
            static final ConnectorManifest MANIFEST = ConnectorManifest.builder("%2$s", "1.0.%3$d")
                .baseUrl(URI.create("https://api.%2$s.test")).egressHosts("api.%2$s.test")
                .auth(AuthScheme.bearer()).stream(ItemsStream.SPEC)
                .rateLimit(RateLimit.of(10, java.time.Duration.ofSeconds(1))).build();
            public ConnectorManifest manifest() { return MANIFEST; }
            public com.google.inject.Module module() { return new GenModule(); }
          }
          """.formatted(pkg, id, i));
      Files.writeString(d.resolve("GenModule.java"), """
          package %1$s;
          import com.google.inject.Provides;
          import com.google.inject.Singleton;
          import dev.tributary.api.connector.ConnectorModule;
          import dev.tributary.api.connector.VendorClients;
          final class GenModule extends ConnectorModule {
            @Override protected void configureConnector() { stream(ItemsStream.class); }
            @Provides @Singleton GenApi api(VendorClients clients) { return clients.create(GenApi.class); }
          }
          """.formatted(pkg));
      Files.writeString(d.resolve("GenApi.java"), """
          package %1$s;
          import feign.Param;
          import feign.RequestLine;
          public interface GenApi {
            record Item(String id, java.time.Instant updatedAt) {}
            record ItemsPage(java.util.List<Item> items, String next) {}
            @RequestLine("GET /v1/items?after={after}")
            ItemsPage items(@Param("after") String after);
          }
          """.formatted(pkg));
      Files.writeString(d.resolve("ItemsStream.java"), """
          package %1$s;
          import dev.tributary.api.stream.*;
          import jakarta.inject.Inject;
          final class ItemsStream implements Stream<GenApi.Item> {
            static final StreamSpec SPEC = StreamSpec.builder("items").requiredFields("id", "updatedAt").build();
            private final GenApi api;
            @Inject ItemsStream(GenApi api) { this.api = api; }
            public StreamSpec spec() { return SPEC; }
            public Mapper<GenApi.Item> mapper() { return i -> MappedRecord.of(i.id(), i.updatedAt(), i); }
            public Page<GenApi.Item> read(StreamContext context, Cursor cursor) {
              GenApi.ItemsPage p = api.items(cursor.valueOr(""));
              return p.next() == null ? Page.last(p.items()) : Page.of(p.items(), Cursor.of(p.next()));
            }
          }
          """.formatted(pkg));
      for (String f : List.of("GenProvider", "GenModule", "GenApi", "ItemsStream")) {
        args.add(d.resolve(f + ".java").toString());
      }
      services.add(pkg + ".GenProvider");
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no system Java compiler: run the start-up benchmark on a JDK, not a JRE");
    }
    if (javac.run(null, null, System.err, args.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("the generated connectors did not compile; sources in " + src);
    }
    Path servicesDir = Files.createDirectories(classes.resolve("META-INF/services"));
    Files.writeString(servicesDir.resolve("dev.tributary.api.connector.ConnectorProvider"), String.join("\n", services) + "\n");
  }
}
