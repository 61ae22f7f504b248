package io.coxswain.agent.runtime.process;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts containers through shim.sh (see that script for what the shim does) and installs the
 * scripts into the runtime's bin directory.
 *
 * <p>The shim's stdout is a pipe for exactly one handshake line ("I am running, and this is the
 * container's pid"), which ends when the container's namespaces, mounts and working directory are
 * in place (an exec right after the start then finds them); its stderr goes to a file. So the agent
 * holds no pipe to a running container and may exit at any time.
 */
final class ContainerShim {
  static final List<String> SCRIPTS = List.of("shim.sh", "start.sh", "exec.sh");
  private static final long HANDSHAKE_TIMEOUT_SECONDS = 10;

  private final Host host;
  private final Path bin;
  private final ScheduledExecutorService watchdog;

  ContainerShim(Host host, Path bin, ScheduledExecutorService watchdog) throws IOException {
    this.host = host;
    this.bin = bin;
    this.watchdog = watchdog;
    install();
  }

  Path execScript() {
    return bin.resolve("exec.sh");
  }

  /**
   * Writes the scripts, each to a new file moved into place: a running shim reads its script as it
   * goes, so overwriting the file in place could change it under a live container.
   */
  private void install() throws IOException {
    Files.createDirectories(bin);
    for (String script : SCRIPTS) {
      byte[] content;
      try (InputStream in = ContainerShim.class.getResourceAsStream(script)) {
        if (in == null) {
          throw new IOException("resource " + script + " is missing from the agent");
        }
        content = in.readAllBytes();
      }
      Path target = bin.resolve(script);
      if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), content)) {
        continue;
      }
      Path temporary = Files.createTempFile(bin, script, ".tmp");
      Files.write(temporary, content);
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** A started shim: the JDK process (for an exact onExit) and what it recorded. */
  record Started(Process shim, ContainerDirectory.Pids pids) {}

  /** Starts the shim for a prepared container directory and waits for its handshake. */
  Started launch(ContainerDirectory container, Path logFile) throws IOException {
    Files.createDirectories(logFile.getParent());
    Files.deleteIfExists(logFile);
    Files.createFile(logFile);
    ProcessBuilder builder = new ProcessBuilder(
        host.require("setsid"), host.require("bash"), bin.resolve("shim.sh").toString(),
        container.dir().toString(), logFile.toString());
    builder.environment().clear();
    builder.environment().putAll(host.helperEnvironment());
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.redirectError(ProcessBuilder.Redirect.appendTo(container.dir().resolve("shim.log").toFile()));
    Process shim = builder.start();
    // If the shim hangs before its handshake, killing it closes the pipe and ends the read below.
    ScheduledFuture<?> timeout = watchdog.schedule(() -> ProcessKiller.killTree(shim.toHandle()), HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    String handshake;
    try (InputStream out = shim.getInputStream()) {
      // the line comes right after the fork; the end of the stream once the container is set up
      handshake = readLine(out);
      out.transferTo(OutputStream.nullOutputStream());
    } finally {
      timeout.cancel(false);
    }
    var pids = container.pids();
    if (pids.isEmpty()) {
      ProcessKiller.killTree(shim.toHandle());
      throw new IOException("the container shim did not start the container"
          + (handshake.isEmpty() ? "" : " (said: " + handshake + ")") + ": " + container.shimLogTail());
    }
    return new Started(shim, pids.get());
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
