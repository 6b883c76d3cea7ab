package dev.tributary.core.credential.logback;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tributary.core.credential.Redactor;

/**
 * A Logback {@link PatternLayout} whose whole output — message, arguments, MDC, exception
 * messages and stack traces, whatever the pattern prints — passes through {@link Redactor}.
 * Usually configured through {@link RedactingPatternLayoutEncoder}.
 */
public class RedactingPatternLayout extends PatternLayout {

  @Override
  public String doLayout(ILoggingEvent event) {
    return Redactor.redact(super.doLayout(event));
  }
}
