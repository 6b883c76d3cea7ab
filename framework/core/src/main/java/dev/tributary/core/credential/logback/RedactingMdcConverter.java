package dev.tributary.core.credential.logback;

import ch.qos.logback.classic.pattern.MDCConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tributary.core.credential.Redactor;

/**
 * {@code %X} with MDC values redacted:
 * {@code <conversionRule conversionWord="X" converterClass="dev.tributary.core.credential.logback.RedactingMdcConverter"/>}.
 */
public class RedactingMdcConverter extends MDCConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return Redactor.redact(super.convert(event));
  }
}
