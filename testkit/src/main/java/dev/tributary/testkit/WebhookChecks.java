package dev.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.connector.ConnectorManifest;
import dev.tributary.api.connector.WebhookScheme;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.store.StateStore;
import dev.tributary.api.webhook.WebhookDelivery;
import dev.tributary.api.webhook.WebhookRejectedException;
import dev.tributary.core.webhook.VerifiedDelivery;
import dev.tributary.core.webhook.WebhookEndpoint;
import dev.tributary.core.webhook.WebhookIntake;
import dev.tributary.core.webhook.WebhookOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The webhook part of the contract: every recorded delivery in {@code golden/webhooks/} (a body
 * {@code <name>.json} and its {@code <name>.headers}: request line, then one header a line, as the
 * vendor sent them) verifies through the framework's intake under the scheme the manifest declares,
 * and the intake refuses the same delivery with one byte changed, replayed, or unsigned — so a
 * connector's declared scheme and its recorded vendor traffic are proven to agree.
 */
final class WebhookChecks {

  private final ConnectorManifest manifest;
  private final Path dir;
  private final Optional<String> secret;

  WebhookChecks(ConnectorManifest manifest, Path goldenRoot, Optional<String> secret) {
    this.manifest = manifest;
    this.dir = goldenRoot.resolve("webhooks");
    this.secret = secret;
  }

  boolean declared() {
    return !WebhookScheme.NONE.equals(manifest.webhook().type());
  }

  /** The recorded deliveries' names; fails when the manifest declares webhooks but none are recorded. */
  List<String> deliveries() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".headers"))
          .map(n -> n.substring(0, n.length() - ".headers".length())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void recordingsExist() {
    assertThat(deliveries()).as("connector '%s' declares webhook scheme '%s': record deliveries under %s "
        + "(<name>.json body + <name>.headers with the request line and headers)", manifest.id(),
        manifest.webhook().type(), dir).isNotEmpty();
    assertThat(secret).as("connector '%s' declares webhook scheme '%s': give the recordings' signing secret with "
        + "ContractSettings.builder().webhookSecret(...)", manifest.id(), manifest.webhook().type()).isPresent();
  }

  void deliveryVerifiesAndForgeriesAreRefused(String name) throws IOException {
    recordingsExist();
    byte[] body = Files.readAllBytes(dir.resolve(name + ".json"));
    List<String> lines = Files.readAllLines(dir.resolve(name + ".headers"), StandardCharsets.UTF_8);
    String[] requestLine = lines.get(0).split(" ");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim(), List.of(line.substring(colon + 1).trim()));
      }
    }
    String host = header(headers, "host").orElse("hooks.example.com");
    String uri = "https://" + host + requestLine[1];
    Instant at = signedAt(headers).orElse(Instant.now());

    List<VerifiedDelivery> queued = new ArrayList<>();
    WebhookIntake intake = WebhookIntake.builder(new MemoryState(at), queued::add).build();
    intake.register(WebhookEndpoint.builder("contract", manifest.webhook())
        .secrets(List.of(Secret.of(secret.orElseThrow(), "contract:webhookSecret"))).build());

    WebhookOutcome ok = intake.receive("contract", new WebhookDelivery(requestLine[0], uri, headers, body, at));
    assertThat(ok).as("recorded delivery '%s' under scheme '%s'", name, manifest.webhook().type())
        .isInstanceOf(WebhookOutcome.Accepted.class);
    assertThat(queued).hasSize(1);

    assertThat(reason(intake.receive("contract", new WebhookDelivery(requestLine[0], uri, headers, body, at))))
        .as("the same delivery again").isEqualTo(WebhookRejectedException.Reason.REPLAY);

    byte[] changed = body.clone();
    changed[changed.length / 2] ^= 1;
    assertThat(reason(intake.receive("contract", new WebhookDelivery(requestLine[0], uri, headers, changed, at))))
        .as("the delivery with one byte of its body changed").isEqualTo(WebhookRejectedException.Reason.BAD_SIGNATURE);

    Map<String, List<String>> unsigned = new LinkedHashMap<>(headers);
    unsigned.keySet().removeIf(h -> h.toLowerCase(Locale.ROOT).contains("signature"));
    assertThat(reason(intake.receive("contract", new WebhookDelivery(requestLine[0], uri, unsigned, body, at))))
        .as("the delivery without its signature header").isEqualTo(WebhookRejectedException.Reason.MISSING_HEADER);
    assertThat(queued).as("only the genuine delivery is queued").hasSize(1);
  }

  private static WebhookRejectedException.Reason reason(WebhookOutcome outcome) {
    assertThat(outcome).isInstanceOf(WebhookOutcome.Rejected.class);
    return ((WebhookOutcome.Rejected) outcome).reason();
  }

  /** When the vendor signed the delivery, so the timestamp window is checked at the right moment. */
  private static Optional<Instant> signedAt(Map<String, List<String>> headers) {
    Optional<String> stripe = header(headers, "stripe-signature");
    if (stripe.isPresent()) {
      for (String part : stripe.get().split(",")) {
        if (part.startsWith("t=")) {
          return Optional.of(Instant.ofEpochSecond(Long.parseLong(part.substring(2).trim())));
        }
      }
    }
    Optional<String> hubspot = header(headers, "x-hubspot-request-timestamp");
    if (hubspot.isPresent()) {
      return Optional.of(Instant.ofEpochMilli(Long.parseLong(hubspot.get())));
    }
    return header(headers, "webhook-timestamp").map(s -> Instant.ofEpochSecond(Long.parseLong(s)));
  }

  private static Optional<String> header(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst();
  }

  /** A state store for one check: TTLs against the delivery's own time. */
  private static final class MemoryState implements StateStore {
    private final Map<String, byte[]> values = new ConcurrentHashMap<>();
    private final Instant now;

    MemoryState(Instant now) {
      this.now = now;
    }

    @Override
    public Optional<byte[]> get(String key) {
      return Optional.ofNullable(values.get(key));
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
      values.put(key, value);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
      return values.putIfAbsent(key, value) == null;
    }

    @Override
    public void delete(String key) {
      values.remove(key);
    }
  }
}
