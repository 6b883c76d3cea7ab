package dev.tributary.core.http;

import dev.tributary.api.connector.VendorResponse;
import java.lang.reflect.ParameterizedType;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.errors.MalformedResponseException;
import feign.Response;
import feign.Util;
import feign.codec.Decoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Reads a 2xx body as JSON through the shared mapper, within the response-size and JSON limits.
 * Any failure becomes a {@link MalformedResponseException} naming the limit; parse errors give
 * only the exception type and position, because Jackson's messages quote the body.
 */
final class BoundedJsonDecoder implements Decoder {

  private final String connector;
  private final String connection;
  private final ObjectMapper mapper;

  BoundedJsonDecoder(String connector, String connection, ObjectMapper mapper) {
    this.connector = connector;
    this.connection = connection;
    this.mapper = mapper;
  }

  @Override
  public Object decode(Response response, Type type) throws IOException {
    if (type instanceof ParameterizedType p && p.getRawType() == VendorResponse.class) {
      Collection<String> original = response.headers().get(CallInfo.ORIGINAL_STATUS_HEADER);
      int status = original == null || original.isEmpty() ? response.status() : Integer.parseInt(original.iterator().next());
      Map<String, List<String>> headers = new LinkedHashMap<>();
      response.headers().forEach((k, v) -> {
        if (!k.toLowerCase(java.util.Locale.ROOT).startsWith("x-tributary-")) {
          headers.put(k, List.copyOf(v));
        }
      });
      Object body = status == 304 ? null : decodeBody(response, p.getActualTypeArguments()[0]);
      return new VendorResponse<>(status, headers, body);
    }
    return decodeBody(response, type);
  }

  private Object decodeBody(Response response, Type type) throws IOException {
    if (response.body() == null) {
      return Util.emptyValueOf(type);
    }
    try (InputStream raw = response.body().asInputStream()) {
      if (type == byte[].class) {
        return raw.readAllBytes();
      }
      if (type == String.class) {
        return new String(raw.readAllBytes(), StandardCharsets.UTF_8);
      }
      PushbackInputStream in = new PushbackInputStream(raw, 1);
      int first = in.read();
      if (first < 0) {
        return Util.emptyValueOf(type);
      }
      in.unread(first);
      return mapper.readValue(in, mapper.constructType(type));
    } catch (IOException e) {
      throw malformed(response, e, type);
    }
  }

  MalformedResponseException malformed(Response response, Throwable e, Type type) {
    var call = CallInfo.call(connector, connection, response);
    JsonProcessingException innermost = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JsonProcessingException j) {
        innermost = j; // databind wraps the parser's exception, which names the actual problem
      }
      if (t instanceof ResponseTooLargeException) {
        return new MalformedResponseException(call, t.getMessage() + "; raise HttpSettings.maxResponseBytes if legitimate");
      }
      if (t instanceof StreamConstraintsException s) {
        return new MalformedResponseException(call, "response exceeds the JSON limits: " + s.getOriginalMessage());
      }
    }
    if (innermost != null) {
      JsonProcessingException j = innermost;
      var loc = j.getLocation();
      return new MalformedResponseException(call, "response is not the expected JSON for " + type.getTypeName()
          + " (" + j.getClass().getSimpleName() + (loc != null ? " at line " + loc.getLineNr() + ", column "
          + loc.getColumnNr() : "") + ")");
    }
    return new MalformedResponseException(call, "response body could not be read: " + e.getClass().getSimpleName(), e);
  }
}
