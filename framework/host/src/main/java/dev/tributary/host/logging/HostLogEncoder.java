package dev.tributary.host.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.tributary.core.credential.logback.RedactingPatternLayoutEncoder;
import java.util.Locale;

/**
 * The host's encoder: {@code format} {@code json} writes {@link RedactingJsonEncoder} lines,
 * {@code text} (default) the redacting pattern layout. One appender serves both, chosen by
 * {@code TRIBUTARY_LOG_FORMAT} in logback.xml, so no appender sits unused.
 */
public class HostLogEncoder extends EncoderBase<ILoggingEvent> {

  private String format = "text";
  private String pattern = "%d{HH:mm:ss.SSS} %-5level %msg%n";
  private Encoder<ILoggingEvent> delegate;

  /** {@code json} or {@code text}, any case. */
  public void setFormat(String format) {
    this.format = format == null ? "text" : format.strip().toLowerCase(Locale.ROOT);
  }

  /** The text layout's pattern. */
  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  @Override
  public void start() {
    switch (format) {
      case "json" -> delegate = new RedactingJsonEncoder();
      case "text" -> {
        RedactingPatternLayoutEncoder text = new RedactingPatternLayoutEncoder();
        text.setPattern(pattern);
        delegate = text;
      }
      default -> {
        addError("TRIBUTARY_LOG_FORMAT '" + format + "' is not known; expected json or text. Using text.");
        format = "text";
        start();
        return;
      }
    }
    delegate.setContext(getContext());
    delegate.start();
    super.start();
  }

  @Override
  public void stop() {
    if (delegate != null) {
      delegate.stop();
    }
    super.stop();
  }

  /** The encoder in use, for tests. */
  Encoder<ILoggingEvent> delegate() {
    return delegate;
  }

  @Override
  public byte[] headerBytes() {
    return delegate.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return delegate.encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return delegate.footerBytes();
  }
}
