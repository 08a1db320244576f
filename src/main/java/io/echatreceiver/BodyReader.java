package io.echatreceiver;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads a request body up to a limit and a deadline. A body announced as larger is refused before
 * a byte is read; one that turns out larger is refused as soon as the limit is passed, and the
 * rest is never buffered. A body still arriving at the deadline is refused when its next bytes
 * come: a sender trickling a byte at a time holds a thread for the deadline, not for as long as
 * the container's idle timeout allows between two bytes.
 */
final class BodyReader {

  private BodyReader() {}

  static byte[] read(InputStream in, long contentLength, long maxBytes, Clock clock,
      Instant deadline) throws IOException, Refusal {
    if (contentLength > maxBytes) {
      throw new Refusal(Reason.BODY_TOO_LARGE);
    }
    int expected = contentLength >= 0 ? (int) contentLength : 8192;
    byte[] buffer = new byte[Math.max(expected, 16)];
    int length = 0;
    while (true) {
      if (length == buffer.length) {
        int beyond = -1;
        if (length == contentLength) {
          // The announced body is all there if the stream ends here: no larger buffer for that.
          beyond = in.read();
          if (beyond < 0) {
            return buffer;
          }
        }
        if (length > maxBytes) {
          throw new Refusal(Reason.BODY_TOO_LARGE);
        }
        // Grow to one byte past the limit at most: enough to tell that the limit was passed.
        buffer = Arrays.copyOf(buffer, (int) Math.min((long) length * 2, maxBytes + 1));
        if (beyond >= 0) {
          buffer[length++] = (byte) beyond;
        }
      }
      int read = in.read(buffer, length, buffer.length - length);
      if (read < 0) {
        break;
      }
      if (clock.instant().isAfter(deadline)) {
        throw new Refusal(Reason.BODY_TOO_SLOW);
      }
      length += read;
      if (length > maxBytes) {
        throw new Refusal(Reason.BODY_TOO_LARGE);
      }
    }
    return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
  }
}
