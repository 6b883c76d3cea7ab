package dev.tributary.core.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails once more than {@code limit} bytes were read. Wraps the already decompressed stream, so a
 * small gzip body that inflates past the limit (a gzip bomb) fails after {@code limit} bytes.
 */
final class LimitedInputStream extends FilterInputStream {

  private final long limit;
  private long count;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    // Read at most one byte past the limit: enough to know it was exceeded.
    int n = super.read(buf, off, (int) Math.min(len, limit - count + 1));
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(Math.min(n, limit - count + 1));
    count(skipped);
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void count(long n) throws ResponseTooLargeException {
    count += n;
    if (count > limit) {
      throw new ResponseTooLargeException(limit);
    }
  }
}
