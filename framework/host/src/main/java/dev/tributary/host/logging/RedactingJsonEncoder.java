package dev.tributary.host.logging;

import com.fasterxml.jackson.core.JsonStreamContext;
import dev.tributary.core.credential.Redactor;
import java.util.Locale;
import java.util.regex.Pattern;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.mask.FieldMasker;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;
import net.logstash.logback.mask.ValueMasker;

/**
 * One JSON object per line (Logstash layout: {@code @timestamp}, {@code level}, {@code logger_name},
 * {@code message}, every MDC entry — {@code correlationId}, {@code connection}, {@code stream},
 * {@code jobId} — SLF4J key-values and {@code stack_trace}) with the framework's redaction applied
 * to every string value written, whichever field it lands in, and fields named like secrets masked
 * whole. Use in logback.xml:
 *
 * <pre>{@code
 * <appender name="JSON" class="ch.qos.logback.core.ConsoleAppender">
 *   <encoder class="dev.tributary.host.logging.RedactingJsonEncoder"/>
 * </appender>
 * }</pre>
 */
public class RedactingJsonEncoder extends LogstashEncoder {

  private final MaskingJsonGeneratorDecorator masking = new MaskingJsonGeneratorDecorator();

  public RedactingJsonEncoder() {
    masking.addValueMasker(new RedactingValueMasker());
    masking.addFieldMasker(new SecretFieldMasker());
    setJsonGeneratorDecorator(masking);
  }

  @Override
  public void start() {
    masking.start();
    super.start();
  }

  /** Runs {@link Redactor#redact} over each string value; null means "leave as is" to the decorator. */
  static final class RedactingValueMasker implements ValueMasker {
    @Override
    public Object mask(JsonStreamContext context, Object value) {
      if (value instanceof CharSequence text) {
        String redacted = Redactor.redact(text);
        return redacted.contentEquals(text) ? null : redacted;
      }
      return null;
    }
  }

  /** Masks a field whose name says it holds a credential (an MDC or key-value entry named {@code password}). */
  static final class SecretFieldMasker implements FieldMasker {
    private static final Pattern NAME = Pattern.compile(".*(password|secret|token|authorization|api_?key|credential).*");

    @Override
    public Object mask(JsonStreamContext context) {
      String name = context.getCurrentName();
      return name != null && NAME.matcher(name.toLowerCase(Locale.ROOT)).matches() ? Redactor.MASK : null;
    }
  }
}
