package io.coxswain.agent.runtime.process;

import io.coxswain.agent.runtime.ExecProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An interactive exec (kubectl exec). With a tty the process is script(1), which holds the
 * pseudo-terminal's master; the command runs on the slave, whose size {@link #resize} sets with
 * stty, which also sends the command SIGWINCH.
 */
final class ExecSession implements ExecProcess {
  private static final Logger log = LoggerFactory.getLogger(ExecSession.class);
  private static final long TERMINAL_WAIT_MILLIS = 2000;

  private final Process process;
  private final boolean tty;
  private final Host host;
  private volatile Path terminal;

  ExecSession(Process process, boolean tty, Host host) {
    this.process = process;
    this.tty = tty;
    this.host = host;
  }

  @Override
  public OutputStream stdin() {
    return process.getOutputStream();
  }

  @Override
  public InputStream stdout() {
    return process.getInputStream();
  }

  @Override
  public InputStream stderr() {
    return tty ? InputStream.nullInputStream() : process.getErrorStream();
  }

  @Override
  public CompletionStage<Integer> exitCode() {
    return process.onExit().thenApply(Process::exitValue);
  }

  @Override
  public void resize(int columns, int rows) {
    if (!tty || columns <= 0 || rows <= 0) {
      return;
    }
    try {
      Optional<Path> pts = terminal();
      if (pts.isPresent()) {
        host.run(List.of("stty", "-F", pts.get().toString(), "cols", Integer.toString(columns), "rows", Integer.toString(rows)));
      }
    } catch (IOException e) {
      log.debug("Could not resize exec terminal: {}", e.getMessage());
    }
  }

  @Override
  public void kill() {
    ProcessExec.kill(process);
  }

  /**
   * The slave side is script's child's standard input. A resize may come before script has forked
   * (kubectl sends the size at once), so this waits briefly for the child to appear.
   */
  private Optional<Path> terminal() throws IOException {
    if (terminal != null) {
      return Optional.of(terminal);
    }
    long deadline = System.currentTimeMillis() + TERMINAL_WAIT_MILLIS;
    while (process.isAlive()) {
      Optional<ProcessHandle> child = process.toHandle().children().findFirst();
      if (child.isPresent()) {
        Path fd = Path.of("/proc", Long.toString(child.get().pid()), "fd", "0");
        Path target = Files.readSymbolicLink(fd);
        if (target.toString().startsWith("/dev/pts/")) {
          terminal = target;
          return Optional.of(target);
        }
      }
      if (System.currentTimeMillis() > deadline) {
        return Optional.empty();
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
