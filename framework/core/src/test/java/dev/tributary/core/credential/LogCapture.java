package dev.tributary.core.credential;

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
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of the process at DEBUG through the redacting encoder, as an operator
 * would see it, and also keeps the raw formatted messages (unredacted) so a test can show a secret
 * did reach the logging pipeline.
 */
public final class LogCapture implements AutoCloseable {

  public static final String PATTERN = "%d %-5level [%thread] [%mdc] %logger - %msg%n%ex";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
  private final List<String> raw = new ArrayList<>();
  private final AppenderBase<ILoggingEvent> rawAppender = new AppenderBase<>() {
    @Override
    protected synchronized void append(ILoggingEvent e) {
      StringBuilder sb = new StringBuilder(e.getFormattedMessage()).append(' ').append(e.getMDCPropertyMap());
      for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        sb.append(' ').append(t.getMessage());
      }
      raw.add(sb.toString());
    }
  };
  private final Logger root;
  private final Level before;

  private LogCapture() {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
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
    root.addAppender(appender);
    root.addAppender(rawAppender);
    root.setLevel(Level.DEBUG);
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  /** Everything logged so far, as written by the redacting encoder. */
  public synchronized String text() {
    synchronized (appender) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** The raw formatted messages, MDC and exception messages, before redaction. */
  public synchronized String rawText() {
    synchronized (rawAppender) {
      return String.join("\n", raw);
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.detachAppender(rawAppender);
    appender.stop();
    rawAppender.stop();
    root.setLevel(before);
  }
}
