package dev.tributary.host.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven over the DevTools protocol with the JDK's WebSocket client: enough to
 * open a page, read it with JavaScript, click at coordinates like a person and take a screenshot.
 */
final class Cdp implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  Cdp() throws Exception {
    profile = Files.createTempDirectory("tributary-chromium");
    process = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        "--window-size=1280,900", "about:blank")
        .redirectErrorStream(true).start();
    String browserWs = awaitDevTools();
    URI list = URI.create("http://" + URI.create(browserWs).getAuthority() + "/json/list");
    HttpClient http = HttpClient.newHttpClient();
    String pageWs = null;
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (pageWs == null && System.nanoTime() < deadline) {
      JsonNode targets = json.readTree(http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString()).body());
      for (JsonNode t : targets) {
        if (t.get("type").asText().equals("page")) {
          pageWs = t.get("webSocketDebuggerUrl").asText();
        }
      }
      if (pageWs == null) {
        Thread.onSpinWait();
      }
    }
    if (pageWs == null) {
      throw new IllegalStateException("Chromium opened no page target");
    }
    socket = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new Listener()).get(30, TimeUnit.SECONDS);
  }

  private String awaitDevTools() throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // keep the pipe from filling up
            }
          } catch (IOException ignored) {
            // the browser exited
          }
        }, "chromium-output");
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
    }
    throw new IllegalStateException("Chromium exited before opening DevTools:\n" + seen);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buffer = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        try {
          JsonNode msg = json.readTree(buffer.toString());
          if (msg.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
            if (f != null) {
              f.complete(msg);
            }
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        } finally {
          buffer.setLength(0);
        }
      }
      ws.request(1);
      return null;
    }
  }

  /** Sends a command and returns its {@code result}; a protocol error fails the test. */
  JsonNode send(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode msg = json.createObjectNode();
    msg.put("id", id);
    msg.put("method", method);
    msg.set("params", json.valueToTree(params));
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    socket.sendText(json.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
    JsonNode reply = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IllegalStateException(method + " failed: " + reply.get("error"));
    }
    return reply.get("result");
  }

  /** Evaluates {@code expression} in the page and returns its value. */
  JsonNode eval(String expression) throws Exception {
    JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("script failed: " + r.get("exceptionDetails"));
    }
    return r.get("result").get("value");
  }

  void navigate(String url) throws Exception {
    send("Page.navigate", Map.of("url", url));
    await(() -> evalQuietly("document.readyState === 'complete' && location.href === " + json.valueToTree(url)), "load " + url);
  }

  /** Clicks the centre of the element {@code selector} with real mouse events. */
  void click(String selector) throws Exception {
    JsonNode box = eval("(() => { const e = document.querySelector(" + json.valueToTree(selector)
        + "); e.scrollIntoView(); const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()");
    double x = box.get(0).asDouble();
    double y = box.get(1).asDouble();
    for (String type : List.of("mouseMoved", "mousePressed", "mouseReleased")) {
      send("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left", "clickCount", 1));
    }
  }

  void screenshot(Path file) throws Exception {
    JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png"));
    Files.createDirectories(file.getParent());
    Files.write(file, java.util.Base64.getDecoder().decode(shot.get("data").asText()));
  }

  boolean evalQuietly(String expression) {
    try {
      return eval(expression).asBoolean();
    } catch (Exception e) {
      return false;
    }
  }

  /** Polls {@code condition} (a page state, not a timer) until true or the timeout. */
  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (socket != null) {
        socket.abort();
      }
    } finally {
      List<ProcessHandle> children = process.descendants().toList();
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      for (ProcessHandle child : children) {
        child.destroy();
        child.onExit().get(10, TimeUnit.SECONDS);
      }
      deleteProfile();
    }
  }

  /** Removes the throw-away profile; a file vanishing under the walk (the browser's last writes) is fine. */
  private void deleteProfile() {
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      profile.toFile().deleteOnExit();
    }
  }
}
