package dev.tributary.core.webhook;

/**
 * HubSpot's v3 rule for the signed URI: decode exactly these percent-encoded characters, leave
 * every other escape as received ("Validating requests", v3):
 * {@code %3A : %2F / %3F ? %40 @ %21 ! %24 $ %27 ' %28 ( %29 ) %2A * %2C , %3B ;}.
 */
final class HubSpotUri {

  private HubSpotUri() {}

  static String decode(String uri) {
    if (uri.indexOf('%') < 0) {
      return uri;
    }
    StringBuilder out = new StringBuilder(uri.length());
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '%' && i + 2 < uri.length()) {
        char decoded = decoded(uri.charAt(i + 1), uri.charAt(i + 2));
        if (decoded != 0) {
          out.append(decoded);
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static char decoded(char hi, char lo) {
    String code = ("" + hi + lo).toUpperCase(java.util.Locale.ROOT);
    return switch (code) {
      case "3A" -> ':';
      case "2F" -> '/';
      case "3F" -> '?';
      case "40" -> '@';
      case "21" -> '!';
      case "24" -> '$';
      case "27" -> '\'';
      case "28" -> '(';
      case "29" -> ')';
      case "2A" -> '*';
      case "2C" -> ',';
      case "3B" -> ';';
      default -> 0;
    };
  }
}
