package dev.tributary.core.db;

/** The framework database could not be reached, migrated or queried. */
public class DatabaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
