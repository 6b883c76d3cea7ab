package dev.tributary.core.credential;

import dev.tributary.api.credential.CredentialProvider;
import dev.tributary.api.credential.Secret;
import dev.tributary.api.credential.SecretRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves {@code file:/run/secrets/name} from a file, as mounted by Docker, Kubernetes or systemd
 * credentials. One trailing newline ({@code \n} or {@code \r\n}) is dropped, because editors and
 * {@code echo} add it; other whitespace is kept. The file is re-read on every call, so a rotated
 * mount is picked up. A world-readable file is used but warned about once per path. Thread-safe.
 */
public final class FileCredentialProvider implements CredentialProvider {

  /** The scheme served: {@value}. */
  public static final String SCHEME = "file";

  private static final Logger LOG = LoggerFactory.getLogger(FileCredentialProvider.class);

  private final Set<Path> warned = ConcurrentHashMap.newKeySet();

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public Optional<Secret> resolve(SecretRef ref) {
    EnvCredentialProvider.requireScheme(ref, SCHEME);
    Path path = Path.of(ref.name());
    if (!path.isAbsolute()) {
      throw new IllegalStateException("secret reference " + ref + " is not an absolute path: write file:/run/secrets/name");
    }
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | SecurityException e) {
      // The exception text can only name the path; the value was never read.
      throw new IllegalStateException("cannot read secret " + ref + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }
    warnIfWorldReadable(path, ref);
    if (text.endsWith("\r\n")) {
      text = text.substring(0, text.length() - 2);
    } else if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(SecretRegistry.register(Secret.of(text, ref.toString())));
  }

  private void warnIfWorldReadable(Path path, SecretRef ref) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
      if (perms.contains(PosixFilePermission.OTHERS_READ) && warned.add(path)) {
        LOG.warn("secret file {} is readable by every user on this machine: run chmod o-r {} (or 0400)", ref, path);
      }
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system (Windows): nothing meaningful to check.
    }
  }
}
