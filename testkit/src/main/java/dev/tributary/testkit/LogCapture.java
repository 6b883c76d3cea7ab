package dev.tributary.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import dev.tributary.core.credential.logback.RedactingPatternLayoutEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of the process at DEBUG twice: as the framework's redacting encoder
 * writes it (what an operator would see), and raw (formatted message, MDC and exception messages
 * before redaction), so the kit can tell "the connector logged a secret and redaction saved it"
 * from "a secret reached the log output".
 */
final class LogCapture implements AutoCloseable {

  static final String PATTERN = "%d %-5level [%thread] [%mdc] %logger - %msg%n%ex";
  /** The fake vendor's own loggers: they see the kit's test traffic, not the system under test. */
  private static final List<String> QUIET = List.of("org.eclipse.jetty", "com.github.tomakehurst", "wiremock",
      "org.flywaydb", "com.zaxxer", "org.jooq", "org.h2", "com.tngtech");

  /** One raw event. */
  record Event(String logger, String level, String text) {}

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
  private final List<Event> raw = new ArrayList<>();
  private final AppenderBase<ILoggingEvent> rawAppender = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent e) {
      StringBuilder sb = new StringBuilder(e.getFormattedMessage()).append(' ').append(e.getMDCPropertyMap());
      for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        sb.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
      }
      synchronized (raw) {
        raw.add(new Event(e.getLoggerName(), e.getLevel().toString(), sb.toString()));
      }
    }
  };
  private final Logger root;
  private final Level before;
  private final Map<Logger, Level> quieted = new java.util.HashMap<>();

  private LogCapture(LoggerContext ctx) {
    root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    before = root.getLevel();
    RedactingPatternLayoutEncoder encoder = new RedactingPatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern(PATTERN);
    encoder.start();
    appender.setContext(ctx);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    rawAppender.setContext(ctx);
    rawAppender.start();
    for (String name : QUIET) {
      Logger l = ctx.getLogger(name);
      quieted.put(l, l.getLevel());
      l.setLevel(Level.WARN);
    }
    root.addAppender(appender);
    root.addAppender(rawAppender);
    root.setLevel(Level.DEBUG);
  }

  /** Starts capturing; fails the check when Logback is not the SLF4J backend. */
  static LogCapture start() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      throw new AssertionError("the canary check needs Logback as the SLF4J backend, found "
          + LoggerFactory.getILoggerFactory().getClass().getName() + ": put logback-classic on the test class path");
    }
    return new LogCapture(ctx);
  }

  /** Everything logged, as the redacting encoder wrote it. */
  String redacted() {
    synchronized (appender) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** Every event before redaction. */
  List<Event> raw() {
    synchronized (raw) {
      return List.copyOf(raw);
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.detachAppender(rawAppender);
    appender.stop();
    rawAppender.stop();
    root.setLevel(before);
    quieted.forEach(Logger::setLevel);
  }
}
