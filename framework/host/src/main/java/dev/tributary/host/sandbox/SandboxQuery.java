package dev.tributary.host.sandbox;

import java.util.Map;

/** Query-string parsing shared by the sandbox and the loopback OAuth2 redirect. */
public final class SandboxQuery {

  private SandboxQuery() {}

  /** The decoded parameters of a raw query string; the last value of a repeated name wins. */
  public static Map<String, String> parse(String raw) {
    return SandboxServer.query(raw);
  }
}
