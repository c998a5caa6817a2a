package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class IoErrorsTest {

  @Test
  void nativeCallsAndErrnosBecomeWords() {
    assertThat(IoErrors.describe(new ConnectException("finishConnect(..) failed with error(-111)")))
        .isEqualTo("connection refused");
    assertThat(IoErrors.describe(new IOException("sendAddress(..) failed with error(-104): Connection reset by peer")))
        .isEqualTo("connection reset by peer");
    assertThat(IoErrors.describe(new ConnectException("connect(..) failed: Connection refused")))
        .isEqualTo("connection refused");
    assertThat(IoErrors.describe(new IOException("finishConnect(..) failed with error(-9999)"))).isEqualTo("error 9999");
  }

  @Test
  void fileProblemsSayTheReasonNotThePathAgain() {
    assertThat(IoErrors.describe(new NoSuchFileException("nope.txt"))).isEqualTo("no such file");
    assertThat(IoErrors.describe(new AccessDeniedException("/root/x"))).isEqualTo("permission denied");
    assertThat(IoErrors.describe(new FileSystemException("/tmp", null, "Is a directory"))).isEqualTo("is a directory");
  }

  @Test
  void otherMessagesAreKeptInLowerCase() {
    assertThat(IoErrors.describe(new IOException("Broken pipe"))).isEqualTo("broken pipe");
    assertThat(IoErrors.describe(new IOException())).isEqualTo("IOException");
  }
}
