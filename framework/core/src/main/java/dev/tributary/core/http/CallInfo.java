package dev.tributary.core.http;

import dev.tributary.api.errors.VendorCall;
import feign.MethodMetadata;
import feign.Request;
import feign.RequestTemplate;
import feign.Response;

/** Builds the loggable description of a call: path template only, never query values. */
final class CallInfo {

  /** Set by the client on the final response: how many attempts the call took. Never sent. */
  static final String ATTEMPTS_HEADER = "x-tributary-attempts";
  /** Set by the client on the final response: the call's correlation id. Never sent. */
  static final String CORRELATION_HEADER = "x-tributary-correlation";
  /** Marks a 304 the transport passed to the decoder as a bodiless 200. */
  static final String ORIGINAL_STATUS_HEADER = "x-tributary-original-status";
  static final String REQUEST_ID_HEADER = "X-Request-Id";

  private CallInfo() {}

  static String pathTemplate(Request request) {
    RequestTemplate template = request.requestTemplate();
    MethodMetadata meta = template == null ? null : template.methodMetadata();
    String path = meta != null && meta.template() != null ? meta.template().path() : null;
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    int q = path.indexOf('?');
    return q >= 0 ? path.substring(0, q) : path;
  }

  /** The final response's call; Feign puts its own request on the response, so the id comes from a header. */
  static VendorCall call(String connector, String connection, Response response) {
    String correlation = RetryAfter.header(response.headers(), CORRELATION_HEADER);
    return new VendorCall(connector, connection, response.request().httpMethod().name(),
        pathTemplate(response.request()), response.status(), correlation == null ? "-" : correlation);
  }

  static VendorCall call(String connector, String connection, Request request, int status) {
    String correlation = RetryAfter.header(request.headers(), REQUEST_ID_HEADER);
    return new VendorCall(connector, connection, request.httpMethod().name(), pathTemplate(request), status,
        correlation == null ? "-" : correlation);
  }
}
