package dev.tributary.core.credential.logback;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tributary.core.credential.Redactor;

/**
 * {@code %ex} with exception messages (of the whole cause chain) and stack traces redacted:
 * {@code <conversionRule conversionWord="ex" converterClass="dev.tributary.core.credential.logback.RedactingThrowableConverter"/>}.
 */
public class RedactingThrowableConverter extends ExtendedThrowableProxyConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return Redactor.redact(super.convert(event));
  }
}
