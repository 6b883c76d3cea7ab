package dev.tributary.core.webhook;

import dev.tributary.api.webhook.WebhookDelivery;
import dev.tributary.api.webhook.WebhookRejectedException;
import dev.tributary.api.webhook.WebhookRejectedException.Reason;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.regex.Pattern;

/** Header reading shared by the verifiers. Messages name headers, never echo their values. */
final class Headers {

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

  private Headers() {}

  static String required(WebhookDelivery delivery, String name) {
    String value = delivery.header(name).map(String::strip).orElse("");
    if (value.isEmpty()) {
      throw new WebhookRejectedException(Reason.MISSING_HEADER, "missing header " + name);
    }
    return value;
  }

  /** Parses an epoch timestamp in seconds or milliseconds. */
  static Instant epoch(String value, boolean millis, String what) {
    if (!DIGITS.matcher(value).matches()) {
      throw malformed(what + " is not an epoch timestamp in " + (millis ? "milliseconds" : "seconds"));
    }
    try {
      long n = Long.parseLong(value);
      return millis ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
    } catch (DateTimeException | ArithmeticException e) {
      throw malformed(what + " is out of range");
    }
  }

  static WebhookRejectedException malformed(String message) {
    return new WebhookRejectedException(Reason.MALFORMED_HEADER, message);
  }
}
