package dev.tributary.core.http;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** W3C trace-context ids. The trace id doubles as the call's correlation id and X-Request-Id. */
final class Correlation {

  /** The SLF4J MDC key carrying the current vendor call's correlation id. */
  static final String MDC_KEY = "correlationId";

  private static final HexFormat HEX = HexFormat.of();

  private Correlation() {}

  /** 32 lower-case hex digits, never all zero (W3C forbids it). */
  static String newTraceId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long hi = r.nextLong();
    long lo = r.nextLong();
    if (hi == 0 && lo == 0) {
      lo = 1;
    }
    return HEX.toHexDigits(hi) + HEX.toHexDigits(lo);
  }

  /** A {@code traceparent} header value for one attempt: a fresh span id under {@code traceId}. */
  static String traceparent(String traceId) {
    long span = ThreadLocalRandom.current().nextLong();
    if (span == 0) {
      span = 1;
    }
    return "00-" + traceId + "-" + HEX.toHexDigits(span) + "-01";
  }
}
