package io.coxswain.agent.runtime.process;

import io.coxswain.agent.runtime.ExecResult;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands inside running containers through exec.sh, which joins the container's cgroups and
 * namespaces (nsenter -t &lt;pid&gt;) and takes its environment and working directory.
 *
 * <p>Each exec runs under setsid, so it is its own process group and a timeout or a kill reaches
 * everything it started.
 */
final class ProcessExec {
  /** Probe and hook messages quote this much output, as kubelet does. */
  static final int OUTPUT_LIMIT = 10 * 1024;

  private final Host host;
  private final Path execScript;

  ProcessExec(Host host, Path execScript) {
    this.host = host;
    this.execScript = execScript;
  }

  /**
   * Runs to completion or to the timeout. Output goes to a file rather than a pipe: no reader thread,
   * and a command that leaves a background process holding its output cannot make this hang.
   */
  ExecResult run(ContainerDirectory container, long containerPid, List<String> command, Duration timeout) throws IOException {
    Path output = Files.createTempFile(container.dir(), "exec-", ".out");
    try {
      ProcessBuilder builder = builder(container, containerPid, command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(output.toFile());
      Process process = builder.start();
      boolean finished;
      try {
        finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
          kill(process);
          process.waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill(process);
        throw new IOException("interrupted while running " + command, e);
      }
      return new ExecResult(process.exitValue(), head(output), !finished);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** Starts an interactive command; with a tty it runs on a pseudo-terminal made by script(1). */
  ExecSession start(ContainerDirectory container, long containerPid, List<String> command, boolean tty) throws IOException {
    if (!tty) {
      return new ExecSession(builder(container, containerPid, command).start(), false, host);
    }
    List<String> inner = new ArrayList<>(List.of(host.require("bash"), execScript.toString(), container.dir().toString(), Long.toString(containerPid)));
    inner.addAll(command);
    // script -q: no banner; -f: flush each write; -e: exit with the command's code; -c: run this.
    ProcessBuilder builder = new ProcessBuilder(host.require("setsid"), host.require("script"), "-qfec", shellQuote(inner), "/dev/null");
    builder.environment().clear();
    builder.environment().putAll(host.helperEnvironment());
    builder.environment().put("SHELL", host.require("bash"));
    // On a terminal the command's stderr is the terminal, as with kubectl exec -t.
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    return new ExecSession(builder.start(), true, host);
  }

  private ProcessBuilder builder(ContainerDirectory container, long containerPid, List<String> command) throws IOException {
    List<String> argv = new ArrayList<>(List.of(host.require("setsid"), host.require("bash"), execScript.toString(), container.dir().toString(), Long.toString(containerPid)));
    argv.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().clear();
    builder.environment().putAll(host.helperEnvironment());
    return builder;
  }

  /** Kills the exec's process group and whatever else descends from it. */
  static void kill(Process process) {
    ProcessKiller.killTree(process.toHandle());
    ProcessKiller.killGroup(process.pid());
  }

  private static String head(Path output) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(output)) {
      bytes = in.readNBytes(OUTPUT_LIMIT);
    }
    try {
      // a cut in the middle of a UTF-8 character must not fail the probe
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** POSIX single quoting: script(1) hands its command to a shell. */
  static String shellQuote(List<String> argv) {
    StringBuilder quoted = new StringBuilder();
    for (String arg : argv) {
      if (quoted.length() > 0) {
        quoted.append(' ');
      }
      quoted.append('\'').append(arg.replace("'", "'\\''")).append('\'');
    }
    return quoted.toString();
  }
}
