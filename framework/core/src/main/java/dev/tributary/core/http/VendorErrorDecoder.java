package dev.tributary.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.connector.VendorErrorParser;
import dev.tributary.api.connector.VendorErrorParser.VendorError;
import dev.tributary.api.errors.AuthenticationException;
import dev.tributary.api.errors.PermissionDeniedException;
import dev.tributary.api.errors.RateLimitedException;
import dev.tributary.api.errors.VendorCall;
import dev.tributary.api.errors.VendorRequestException;
import dev.tributary.api.errors.VendorTimeoutException;
import dev.tributary.api.errors.VendorUnavailableException;
import feign.Response;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Maps a final non-2xx response to the api's error taxonomy. */
final class VendorErrorDecoder implements ErrorDecoder {

  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final String connector;
  private final String connection;
  private final ObjectMapper mapper;
  private final VendorErrorParser parser;
  private final Clock clock;
  private final HttpSettings settings;

  VendorErrorDecoder(String connector, String connection, ObjectMapper mapper, VendorErrorParser parser, Clock clock,
      HttpSettings settings) {
    this.connector = connector;
    this.connection = connection;
    this.mapper = mapper;
    this.parser = parser;
    this.clock = clock;
    this.settings = settings;
  }

  @Override
  public Exception decode(String methodKey, Response response) {
    int status = response.status();
    VendorCall call = CallInfo.call(connector, connection, response);
    String attempts = RetryAfter.header(response.headers(), CallInfo.ATTEMPTS_HEADER);
    String after = attempts != null && !attempts.equals("1") ? " after " + attempts + " attempts" : "";
    try {
      if (status == 401) {
        return new AuthenticationException(call, "the vendor refused the credentials" + after);
      }
      if (status == 429 || RetryAfter.isRateLimited403(response)) {
        Optional<Duration> wait = RetryAfter.of(response, clock);
        String why = wait.filter(w -> w.compareTo(settings.retryAfterCap()) > 0)
            .map(w -> "; it asked to wait " + w + ", longer than the in-line cap " + settings.retryAfterCap())
            .orElse("");
        return new RateLimitedException(call, "the vendor's rate limit was hit" + why + after, wait.orElse(null));
      }
      if (status == 403) {
        return new PermissionDeniedException(call, "the credentials lack a permission or scope"
            + vendorError(status, response).map(e -> ": " + e.message()).orElse(""));
      }
      if (status == 408) {
        return new VendorTimeoutException(call, "the vendor timed out reading the request" + after);
      }
      if (status >= 400 && status < 500) {
        VendorError e = vendorError(status, response).orElse(new VendorError(null, null, null));
        return new VendorRequestException(call, e.type(), e.code(), e.message());
      }
      if (status >= 500) {
        return new VendorUnavailableException(call, "the vendor is unavailable" + after);
      }
      return new VendorUnavailableException(call, "unexpected status " + status
          + " (redirects are not followed: point the base URL at the final location)");
    } finally {
      response.close();
    }
  }

  private Optional<VendorError> vendorError(int status, Response response) {
    if (response.body() == null) {
      return Optional.empty();
    }
    try (InputStream in = response.body().asInputStream()) {
      byte[] bytes = in.readNBytes(MAX_ERROR_BODY);
      if (bytes.length == 0) {
        return Optional.empty();
      }
      JsonNode node = mapper.readTree(bytes);
      return parser.parse(status, node);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // not JSON or not the vendor's shape: the status alone must do
    }
  }
}
