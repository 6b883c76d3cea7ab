package dev.tributary.core.credential.logback;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;

/**
 * Drop-in replacement for Logback's {@link PatternLayoutEncoder} that redacts every line:
 *
 * <pre>{@code
 * <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
 *   <encoder class="dev.tributary.core.credential.logback.RedactingPatternLayoutEncoder">
 *     <pattern>%d %-5level [%X{correlationId}] %logger{36} - %msg%n%ex</pattern>
 *   </encoder>
 * </appender>
 * }</pre>
 */
public class RedactingPatternLayoutEncoder extends PatternLayoutEncoder {

  @Override
  public void start() {
    super.start();
    if (!isStarted()) {
      return;
    }
    // The base class built a plain PatternLayout; swap in the redacting one with the same settings.
    RedactingPatternLayout redacting = new RedactingPatternLayout();
    redacting.setContext(context);
    redacting.setPattern(getPattern());
    redacting.setOutputPatternAsHeader(outputPatternAsHeader);
    redacting.start();
    this.layout = redacting;
  }
}
