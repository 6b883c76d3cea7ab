package dev.tributary.host.server;

import dev.tributary.core.health.Colour;
import dev.tributary.core.health.HealthReport;
import dev.tributary.core.health.Slo;
import dev.tributary.core.queue.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Renders the status page: server-side HTML and SVG, no script, every value escaped. */
final class StatusPage {

  private StatusPage() {}

  static String render(HealthReport report, Slo slo, Function<String, List<StatusHistory.Sample>> history,
      List<DeadLetter> deadLetters, long deadLetterCount, Optional<String> csrf, Instant now,
      Function<String, Optional<java.net.URI>> supportUrl) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tributary status</title>")
        .append("<meta http-equiv=\"refresh\" content=\"60\"><style>")
        .append("body{font:14px system-ui,sans-serif;margin:2em;color:#222}h1{font-size:20px}")
        .append(".tiles{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}.tile{border:1px solid #ccc;border-left:8px solid;padding:10px;width:340px}")
        .append(".green{border-left-color:#2e7d32}.amber{border-left-color:#f9a825}.red{border-left-color:#c62828}")
        .append(".badge{font-weight:bold;text-transform:uppercase}.reasons{margin:4px 0;padding-left:18px}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}")
        .append("svg{background:#fafafa;border:1px solid #eee}</style></head><body>");
    h.append("<h1>Tributary status: <span id=\"overall\" class=\"badge\">").append(report.overall().name().toLowerCase(Locale.ROOT))
        .append("</span></h1><p>As of ").append(esc(now.toString())).append(". Objectives: updates visible within ")
        .append(esc(slo.updateLatency().toMinutes() + " min")).append(", error rate at most ")
        .append(Math.round(slo.errorRate() * 100)).append("%.</p><div class=\"tiles\">");
    for (HealthReport.Component c : report.components()) {
      String id = c.name().startsWith("connection:") ? c.name().substring("connection:".length()) : null;
      h.append("<div class=\"tile ").append(css(c.colour())).append("\" data-component=\"").append(esc(c.name()))
          .append("\" data-colour=\"").append(css(c.colour())).append("\"><div><b>").append(esc(c.name()))
          .append("</b> <span class=\"badge\">").append(css(c.colour())).append("</span></div>");
      if (!c.reasons().isEmpty()) {
        h.append("<ul class=\"reasons\">");
        c.reasons().forEach(r -> h.append("<li>").append(esc(r)).append("</li>"));
        h.append("</ul>");
      }
      if (id != null) {
        supportUrl.apply(id).filter(u -> "https".equals(u.getScheme()) || "http".equals(u.getScheme()))
            .ifPresent(u -> h.append("<div><a class=\"support\" href=\"").append(esc(u.toString()))
                .append("\" rel=\"noopener noreferrer\">vendor support</a></div>"));
        List<StatusHistory.Sample> samples = history.apply(id);
        h.append("<div>Sync lag (min), last hour</div>").append(chart(samples, s -> s.syncLag().map(d -> d.toSeconds() / 60.0),
            slo.syncCurrency(id).toSeconds() / 60.0, now, "sync lag"));
        h.append("<div>Error rate (%), last hour</div>").append(chart(samples, s -> s.errorRate().map(r -> r * 100),
            slo.errorRate() * 100, now, "error rate"));
      }
      h.append("</div>");
    }
    h.append("</div><h2>Dead letters (").append(deadLetterCount).append(")</h2>");
    if (deadLetters.isEmpty()) {
      h.append("<p id=\"no-dead-letters\">None.</p>");
    } else {
      h.append("<table id=\"dead-letters\"><tr><th>id</th><th>kind</th><th>connection</th><th>attempts</th><th>failed at</th><th>last error</th><th></th></tr>");
      for (DeadLetter d : deadLetters) {
        h.append("<tr data-dead-letter=\"").append(d.id()).append("\"><td>").append(d.id()).append("</td><td>")
            .append(esc(d.kind())).append("</td><td>").append(esc(d.connectionId().orElse("-"))).append("</td><td>")
            .append(d.attempts()).append("</td><td>").append(esc(d.failedAt().toString())).append("</td><td>")
            .append(esc(d.lastError())).append("</td><td>");
        csrf.ifPresent(token -> h.append("<form method=\"post\" action=\"/admin/dead-letters/").append(d.id())
            .append("/replay\"><input type=\"hidden\" name=\"csrf\" value=\"").append(esc(token))
            .append("\"><input type=\"password\" name=\"token\" placeholder=\"admin token\" autocomplete=\"off\">")
            .append("<button type=\"submit\" id=\"replay-").append(d.id()).append("\">Replay</button></form>"));
        h.append("</td></tr>");
      }
      h.append("</table>");
      csrf.ifPresent(token -> h.append("<form method=\"post\" action=\"/admin/dead-letters/replay-all\">")
          .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(esc(token)).append("\">")
          .append("<input type=\"password\" name=\"token\" placeholder=\"admin token\" autocomplete=\"off\">")
          .append("<button type=\"submit\" id=\"replay-all\">Replay all</button></form>"));
    }
    if (csrf.isEmpty()) {
      h.append("<p>Admin actions are disabled: set <code>server.adminToken</code>.</p>");
    }
    return h.append("</body></html>").toString();
  }

  /** A 300x60 line chart of the last hour, with the objective as a dashed line. */
  static String chart(List<StatusHistory.Sample> samples, Function<StatusHistory.Sample, Optional<Double>> value,
      double objective, Instant now, String label) {
    int w = 300;
    int ht = 60;
    double max = objective;
    for (StatusHistory.Sample s : samples) {
      max = Math.max(max, value.apply(s).orElse(0.0));
    }
    max = max <= 0 ? 1 : max * 1.1;
    StringBuilder points = new StringBuilder();
    Instant start = now.minus(Duration.ofHours(1));
    for (StatusHistory.Sample s : samples) {
      Optional<Double> v = value.apply(s);
      if (v.isEmpty() || s.at().isBefore(start)) {
        continue;
      }
      double x = (double) Duration.between(start, s.at()).toSeconds() / 3600 * w;
      double y = ht - v.get() / max * ht;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    double oy = ht - objective / max * ht;
    return String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">"
        + "<line x1=\"0\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c62828\" stroke-dasharray=\"4 3\"/>"
        + "<polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\" points=\"%s\"/></svg>",
        w, ht, w, ht, esc(label), oy, w, oy, points.toString().strip());
  }

  static String css(Colour c) {
    return c.name().toLowerCase(Locale.ROOT);
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
