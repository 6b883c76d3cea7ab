package dev.tributary.host;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.api.credential.SecretRef;
import dev.tributary.core.config.ConnectionConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads and validates {@code tributary.yaml}. Invalid configuration is rejected before anything
 * runs, with every error at once, each naming the file, the field and what is expected.
 */
final class ConfigLoader {

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
      .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  /** Settings the runtime needs, validated. */
  record Loaded(Path file, HostConfig raw, List<ConnectionConfig> connections, dev.tributary.core.health.Slo slo) {
    Loaded(Path file, HostConfig raw, List<ConnectionConfig> connections) {
      this(file, raw, connections, dev.tributary.core.health.Slo.defaults());
    }
  }

  /** Loads {@code file}; a missing default file means an empty configuration. */
  Loaded load(Path file, boolean mustExist) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      if (mustExist) {
        throw new ConfigException(List.of(file + ": file not found; pass an existing file with --config"));
      }
      return new Loaded(file, HostConfig.empty(), List.of());
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot be read: " + e.getMessage()));
    }
    return parse(file, text);
  }

  Loaded parse(Path file, String text) {
    HostConfig raw;
    try {
      raw = text.isBlank() ? HostConfig.empty() : yaml.readValue(text, HostConfig.class);
      if (raw == null) {
        raw = HostConfig.empty();
      }
    } catch (JsonProcessingException e) {
      throw new ConfigException(List.of(describe(file, e)));
    }
    List<String> errors = new ArrayList<>();
    List<ConnectionConfig> connections = new ArrayList<>();
    checkDatabase(file, raw.database(), errors);
    checkServer(file, raw.server(), errors);
    checkKeys(file, raw.keys(), errors);
    checkPersonalDataKeys(file, raw.keys(), errors);
    if (raw.sync().budget().isNegative() || raw.sync().budget().isZero()) {
      errors.add(file + ": sync.budget: " + raw.sync().budget() + " must be positive, e.g. PT2M");
    }
    Map<String, java.time.Duration> currency = new java.util.LinkedHashMap<>();
    raw.connections().forEach((id, c) -> {
      String where = file + ": connections." + id;
      if (c == null) {
        errors.add(where + ": is empty; expected at least 'connector: <connector id>'");
        return;
      }
      checkWebhookSecrets(where, c.webhookSecrets(), errors);
      if (c.syncCurrency() != null) {
        if (c.syncCurrency().isNegative() || c.syncCurrency().isZero()) {
          errors.add(where + ".syncCurrency: " + c.syncCurrency() + " must be positive, e.g. PT30M");
        } else {
          currency.put(id, c.syncCurrency());
        }
      }
      if (c.connector() == null) {
        errors.add(where + ": required field 'connector' is missing; expected the id of an installed connector (see 'tributary connectors list')");
        return;
      }
      try {
        ConnectionConfig.Builder b = ConnectionConfig.builder(id, c.connector()).enabled(c.enabled());
        if (c.baseUrl() != null) {
          b.baseUrl(c.baseUrl());
        }
        if (c.schedule() != null) {
          try {
            // Checked now, with the scheduler's own parser: a bad expression never reaches serve.
            dev.tributary.core.schedule.SyncSchedule.of("check", id, List.of("any"), c.schedule(),
                c.timezone() == null ? java.time.ZoneOffset.UTC : c.timezone());
          } catch (IllegalArgumentException e) {
            errors.add(where + ".schedule: " + e.getMessage().replace("schedule 'check': ", ""));
          }
          b.schedule(c.schedule());
        }
        c.options().forEach((k, v) -> b.option(k, String.valueOf(v)));
        c.optionalScopes().forEach(b::optionalScope);
        for (Map.Entry<String, String> s : c.secrets().entrySet()) {
          try {
            SecretRef.parse(s.getValue());
            b.secret(s.getKey(), s.getValue());
          } catch (IllegalArgumentException e) {
            errors.add(where + ".secrets." + s.getKey() + ": " + e.getMessage());
          }
        }
        c.personalFields().forEach((stream, fields) -> fields.forEach((path, classification) -> {
          try {
            new dev.tributary.api.stream.PersonalField(path, classification);
          } catch (IllegalArgumentException | NullPointerException e) {
            errors.add(where + ".personalFields." + stream + ": " + e.getMessage());
          }
        }));
        c.retention().forEach((stream, period) -> {
          if (period == null || period.isNegative() || period.isZero()) {
            errors.add(where + ".retention." + stream + ": " + period + " must be positive, e.g. P365D");
          }
        });
        connections.add(b.build());
      } catch (IllegalArgumentException | NullPointerException e) {
        errors.add(where + ": " + e.getMessage());
      }
    });
    dev.tributary.core.health.Slo slo = checkSlo(file, raw.slo(), currency, errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new Loaded(file, raw, List.copyOf(connections), slo);
  }

  private static dev.tributary.core.health.Slo checkSlo(Path file, HostConfig.SloConfig s,
      Map<String, java.time.Duration> currency, List<String> errors) {
    int before = errors.size();
    if (s.updatesVisibleWithin().isNegative() || s.updatesVisibleWithin().isZero()) {
      errors.add(file + ": slo.updatesVisibleWithin: " + s.updatesVisibleWithin() + " must be positive, e.g. PT15M");
    }
    if (s.syncCurrency().isNegative() || s.syncCurrency().isZero()) {
      errors.add(file + ": slo.syncCurrency: " + s.syncCurrency() + " must be positive, e.g. PT1H");
    }
    if (!(s.errorRate() > 0 && s.errorRate() <= 1)) {
      errors.add(file + ": slo.errorRate: " + s.errorRate() + " is out of range; expected a share of calls in (0, 1], e.g. 0.25");
    }
    if (s.minCalls() < 1) {
      errors.add(file + ": slo.minCalls: " + s.minCalls() + " must be at least 1");
    }
    if (!(s.warnAt() > 0 && s.warnAt() < 1)) {
      errors.add(file + ": slo.warnAt: " + s.warnAt() + " is out of range; expected a share of each objective in (0, 1), e.g. 0.8");
    }
    if (errors.size() > before) {
      return dev.tributary.core.health.Slo.defaults();
    }
    return dev.tributary.core.health.Slo.builder().updateLatency(s.updatesVisibleWithin()).syncCurrency(s.syncCurrency())
        .syncCurrencyByConnection(currency).errorRate(s.errorRate()).minCalls(s.minCalls()).warnFraction(s.warnAt()).build();
  }

  private static void checkWebhookSecrets(String where, List<String> refs, List<String> errors) {
    if (refs.size() > 2) {
      errors.add(where + ".webhookSecrets: " + refs.size() + " given; at most 2 (the current secret, then the previous one while rotating)");
    }
    for (int i = 0; i < refs.size(); i++) {
      try {
        SecretRef.parse(refs.get(i));
      } catch (IllegalArgumentException | NullPointerException e) {
        errors.add(where + ".webhookSecrets[" + i + "]: " + e.getMessage());
      }
    }
  }

  private static void checkDatabase(Path file, HostConfig.Database db, List<String> errors) {
    if (!db.url().startsWith("jdbc:h2:") && !db.url().startsWith("jdbc:postgresql:")) {
      errors.add(file + ": database.url: '" + db.url() + "' is not supported; expected jdbc:h2:... or jdbc:postgresql://host/db");
    }
    if (db.password() != null) {
      try {
        SecretRef.parse(db.password());
      } catch (IllegalArgumentException e) {
        errors.add(file + ": database.password: " + e.getMessage());
      }
    }
  }

  private static void checkKeys(Path file, HostConfig.Keys keys, List<String> errors) {
    List<HostConfig.Key> all = new ArrayList<>();
    if (keys.tokens() != null) {
      all.add(keys.tokens());
    } else if (!keys.previous().isEmpty()) {
      errors.add(file + ": keys.tokens: is missing; keys.previous only decrypts, an active key is needed");
    }
    all.addAll(keys.previous());
    for (int i = 0; i < all.size(); i++) {
      String where = file + ": keys." + (i == 0 && keys.tokens() != null ? "tokens" : "previous[" + (keys.tokens() != null ? i - 1 : i) + "]");
      HostConfig.Key k = all.get(i);
      if (k.id() == null || !k.id().matches("[A-Za-z0-9._-]{1,64}")) {
        errors.add(where + ".id: '" + k.id() + "' is invalid; expected 1-64 letters, digits, '.', '_' or '-'");
      }
      if (k.secret() == null) {
        errors.add(where + ".secret: is missing; expected a secret reference such as env:TRIBUTARY_TOKEN_KEY");
      } else {
        try {
          SecretRef.parse(k.secret());
        } catch (IllegalArgumentException e) {
          errors.add(where + ".secret: " + e.getMessage());
        }
      }
    }
  }

  private static void checkPersonalDataKeys(Path file, HostConfig.Keys keys, List<String> errors) {
    if (keys.personalData() == null && !keys.personalDataPrevious().isEmpty()) {
      errors.add(file + ": keys.personalData: is missing; keys.personalDataPrevious only decrypts, an active key is needed");
    }
    List<HostConfig.Key> all = new ArrayList<>();
    if (keys.personalData() != null) {
      all.add(keys.personalData());
    }
    all.addAll(keys.personalDataPrevious());
    for (int i = 0; i < all.size(); i++) {
      boolean active = i == 0 && keys.personalData() != null;
      String where = file + ": keys." + (active ? "personalData" : "personalDataPrevious[" + (keys.personalData() != null ? i - 1 : i) + "]");
      HostConfig.Key k = all.get(i);
      if (k.id() == null || !k.id().matches("[A-Za-z0-9._-]{1,64}")) {
        errors.add(where + ".id: '" + k.id() + "' is invalid; expected 1-64 letters, digits, '.', '_' or '-'");
      }
      if (k.secret() == null) {
        errors.add(where + ".secret: is missing; expected a secret reference such as env:TRIBUTARY_PERSONAL_DATA_KEY");
      } else {
        try {
          SecretRef.parse(k.secret());
        } catch (IllegalArgumentException e) {
          errors.add(where + ".secret: " + e.getMessage());
        }
      }
    }
  }

  private static void checkServer(Path file, HostConfig.Server server, List<String> errors) {
    if (server.port() < 0 || server.port() > 65535) {
      errors.add(file + ": server.port: " + server.port() + " is out of range; expected 0-65535 (0 picks a free port)");
    }
    if (server.workers() < 0 || server.workers() > 64) {
      errors.add(file + ": server.workers: " + server.workers() + " is out of range; expected 0-64 queue worker threads (0: no workers)");
    }
    if (server.publicUrl() != null) {
      java.net.URI u = null;
      try {
        u = URI.create(server.publicUrl());
      } catch (IllegalArgumentException e) {
        // reported below
      }
      if (u == null || u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))
          || (u.getPath() != null && !u.getPath().isEmpty())) {
        errors.add(file + ": server.publicUrl: '" + server.publicUrl() + "' is invalid; expected the URL vendors call, "
            + "without a path, e.g. https://hooks.example.com");
      }
    }
    if (server.adminToken() != null) {
      try {
        SecretRef.parse(server.adminToken());
      } catch (IllegalArgumentException e) {
        errors.add(file + ": server.adminToken: " + e.getMessage());
      }
    }
  }

  private static String describe(Path file, JsonProcessingException e) {
    JsonLocation loc = e.getLocation();
    String at = loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    if (e instanceof UnrecognizedPropertyException u) {
      String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream().map(String::valueOf).sorted()
          .collect(Collectors.joining(", "));
      // No line number: records buffer their fields, so Jackson's location is the object's end.
      return file + ": " + path(u) + ": unknown field '" + u.getPropertyName() + "'; expected one of: " + known;
    }
    if (e instanceof InvalidFormatException f) {
      return file + ": " + path(f) + at + ": '" + f.getValue() + "' is not a valid " + simpleName(f.getTargetType());
    }
    if (e instanceof MismatchedInputException m) {
      String msg = m.getOriginalMessage();
      if (msg.contains("Missing required creator property")) {
        return file + ": " + path(m) + at + ": " + msg.replaceAll("Missing required creator property '([^']*)'.*", "required field '$1' is missing");
      }
      return file + ": " + path(m) + at + ": expected " + (m.getTargetType() == null ? "another value" : "a " + simpleName(m.getTargetType()));
    }
    if (e instanceof JsonMappingException m && m.getCause() instanceof IllegalArgumentException iae) {
      return file + ": " + path(m) + at + ": " + iae.getMessage();
    }
    return file + at + ": not valid YAML: " + e.getOriginalMessage();
  }

  private static String simpleName(Class<?> type) {
    if (type == URI.class) {
      return "URL";
    }
    if (type == Integer.class || type == int.class) {
      return "whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true/false value";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "mapping of names to values";
    }
    if (List.class.isAssignableFrom(type)) {
      return "list";
    }
    return type.getSimpleName();
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.isEmpty() ? "(top level)" : sb.toString();
  }
}
