package dev.tributary.core.http;

import java.io.IOException;

/** A response body outgrew {@link HttpSettings#maxResponseBytes()}; mapped to MalformedResponseException. */
final class ResponseTooLargeException extends IOException {

  private static final long serialVersionUID = 1L;

  ResponseTooLargeException(long limit) {
    super("response body exceeds the limit of " + limit + " bytes (counted after decompression)");
  }
}
