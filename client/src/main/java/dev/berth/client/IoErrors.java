package dev.berth.client;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Short lower-case reasons for I/O failures, as a person reads them: {@code connection refused},
 * {@code no such file}, never a native call's name or a bare errno.
 */
final class IoErrors {

  /**
   * Netty's native transports write {@code connect(..) failed: Connection refused}, {@code
   * finishConnect(..) failed with error(-111)} or {@code sendAddress(..) failed with error(-104):
   * Connection reset by peer}: the call, perhaps an errno, perhaps its text.
   */
  private static final Pattern NATIVE = Pattern.compile("^\\w+\\(\\.\\.\\) failed(?: with error\\((-?\\d+)\\))?(?:: (.*))?$");
  /** The errnos a client meets, as Linux's strerror words them. */
  private static final Map<Integer, String> ERRNO = Map.ofEntries(
      Map.entry(1, "operation not permitted"),
      Map.entry(13, "permission denied"),
      Map.entry(32, "broken pipe"),
      Map.entry(99, "cannot assign requested address (no local port left?)"),
      Map.entry(101, "network is unreachable"),
      Map.entry(103, "connection aborted"),
      Map.entry(104, "connection reset by peer"),
      Map.entry(110, "timed out"),
      Map.entry(111, "connection refused"),
      Map.entry(113, "no route to host"));

  private IoErrors() {}

  static String describe(Throwable cause) {
    if (cause instanceof NoSuchFileException) {
      return "no such file";
    }
    if (cause instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (cause instanceof FileSystemException) {
      String reason = ((FileSystemException) cause).getReason();
      return reason != null ? lowerFirst(reason) : cause.getClass().getSimpleName();
    }
    String message = cause.getMessage();
    if (message == null || message.isBlank()) {
      return cause.getClass().getSimpleName();
    }
    Matcher nativeCall = NATIVE.matcher(message);
    if (nativeCall.matches()) {
      if (nativeCall.group(2) != null && !nativeCall.group(2).isBlank()) {
        return lowerFirst(nativeCall.group(2));
      }
      if (nativeCall.group(1) != null) {
        int errno = Math.abs(Integer.parseInt(nativeCall.group(1)));
        return ERRNO.getOrDefault(errno, "error " + errno);
      }
    }
    return lowerFirst(message);
  }

  private static String lowerFirst(String text) {
    return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
  }
}
