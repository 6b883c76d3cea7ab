package dev.tributary.core.credential.logback;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tributary.core.credential.Redactor;

/**
 * {@code %msg} with secrets redacted, for layouts other than {@link RedactingPatternLayout} (for
 * example a JSON encoder's pattern). Register it in logback.xml:
 * {@code <conversionRule conversionWord="msg" converterClass="dev.tributary.core.credential.logback.RedactingMessageConverter"/>}.
 */
public class RedactingMessageConverter extends MessageConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return Redactor.redact(super.convert(event));
  }
}
