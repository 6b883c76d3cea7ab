package dev.tributary.host;

import java.util.List;

/** The configuration file is invalid; every error names the file, the field and what is expected. */
final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> errors;

  ConfigException(List<String> errors) {
    super("Invalid configuration:" + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", errors));
    this.errors = List.copyOf(errors);
  }

  List<String> errors() {
    return errors;
  }
}
