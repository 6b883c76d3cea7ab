package dev.tributary.core.webhook;

import dev.tributary.api.webhook.WebhookDelivery;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recorded delivery from {@code src/test/resources/vendors} (copied byte for byte from the shared
 * vendor samples): the {@code .headers} file's request line and headers, the {@code .json} body.
 */
final class VendorSample {

  private VendorSample() {}

  static WebhookDelivery load(String name, Instant receivedAt) {
    byte[] body = read(name + ".json");
    String[] lines = new String(read(name + ".headers"), StandardCharsets.UTF_8).split("\r?\n");
    String[] requestLine = lines[0].split(" ");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).strip(), List.of(lines[i].substring(colon + 1).strip()));
    }
    String host = headers.get("Host").get(0);
    return new WebhookDelivery(requestLine[0], "https://" + host + requestLine[1], headers, body, receivedAt);
  }

  static byte[] read(String resource) {
    try (InputStream in = VendorSample.class.getResourceAsStream("/vendors/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource /vendors/" + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
