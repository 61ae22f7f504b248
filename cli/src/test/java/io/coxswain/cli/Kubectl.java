package io.coxswain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real kubectl, run as a subprocess against a test server: its own kubeconfig, a discovery
 * cache private to the test class, and a time limit on every call.
 */
final class Kubectl {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(45);

  private final Path kubeconfig;
  private final Path cacheDir;

  Kubectl(Path kubeconfig, Path cacheDir) {
    this.kubeconfig = kubeconfig;
    this.cacheDir = cacheDir;
  }

  /** What one kubectl call did. */
  record Result(List<String> args, int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }

    /** The whole call, for assertion messages. */
    String describe() {
      return "kubectl " + String.join(" ", args) + "\n  exit: " + exitCode
          + "\n  stdout:\n" + indent(stdout) + "\n  stderr:\n" + indent(stderr);
    }

    /** The output parsed as JSON; fails with the whole call described when it is not. */
    JsonNode json() {
      if (!ok()) throw new AssertionError("kubectl failed:\n" + describe());
      try {
        return JSON.readTree(stdout);
      } catch (IOException e) {
        throw new AssertionError("kubectl output is not JSON (" + e.getMessage() + "):\n" + describe());
      }
    }

    /** Output lines without trailing blanks, empty lines dropped. */
    List<String> lines() {
      List<String> out = new ArrayList<>();
      for (String l : stdout.split("\n")) {
        String t = l.stripTrailing();
        if (!t.isEmpty()) out.add(t);
      }
      return out;
    }

    private static String indent(String s) {
      return s.isEmpty() ? "    <empty>" : "    " + s.strip().replace("\n", "\n    ");
    }
  }

  Result run(String... args) {
    return exec(null, DEFAULT_TIMEOUT, args);
  }

  /** Runs with the given text on standard input (for {@code -f -}). */
  Result runWithInput(String stdin, String... args) {
    return exec(stdin, DEFAULT_TIMEOUT, args);
  }

  /** Runs and fails the test with the whole call described unless kubectl exits 0. */
  Result ok(String... args) {
    Result r = run(args);
    if (!r.ok()) throw new AssertionError("kubectl failed:\n" + r.describe());
    return r;
  }

  Result exec(String stdin, Duration timeout, String... args) {
    Process process = startProcess(args);
    try {
      Drain out = new Drain(process.getInputStream());
      Drain err = new Drain(process.getErrorStream());
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        out.join();
        err.join();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within " + timeout
            + "\n  stdout so far:\n" + out.text() + "\n  stderr so far:\n" + err.text());
      }
      out.join();
      err.join();
      return new Result(List.of(args), process.exitValue(), out.text(), err.text());
    } catch (IOException e) {
      kill(process);
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running kubectl " + String.join(" ", args));
    }
  }

  /** Starts a long-running call (such as {@code get -w}) whose output can be awaited, then stopped. */
  Background background(String... args) {
    Process process = startProcess(args);
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      kill(process);
      throw new UncheckedIOException(e);
    }
    return new Background(List.of(args), process, new Drain(process.getInputStream()), new Drain(process.getErrorStream()));
  }

  /** A kubectl process running in the background. */
  static final class Background implements AutoCloseable {
    private final List<String> args;
    private final Process process;
    private final Drain out;
    private final Drain err;

    private Background(List<String> args, Process process, Drain out, Drain err) {
      this.args = args;
      this.process = process;
      this.out = out;
      this.err = err;
    }

    String stdout() {
      return out.text();
    }

    String stderr() {
      return err.text();
    }

    /** Waits until standard output satisfies the condition; fails with everything seen so far if it never does. */
    String awaitOutput(String what, Predicate<String> condition, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        boolean alive = process.isAlive();
        if (!alive) out.join();
        String text = out.text();
        if (condition.test(text)) return text;
        if (!alive || System.nanoTime() >= deadline) break;
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      throw new AssertionError("kubectl " + String.join(" ", args) + ": expected " + what + " within " + timeout
          + (process.isAlive() ? "" : " (the process exited with " + process.exitValue() + ")")
          + "\n  stdout:\n" + out.text() + "\n  stderr:\n" + err.text());
    }

    boolean isAlive() {
      return process.isAlive();
    }

    /** Waits for kubectl to exit by itself; fails with everything seen so far if it does not. */
    Result awaitExit(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError("kubectl " + String.join(" ", args) + " did not exit within " + timeout
              + "\n  stdout:\n" + out.text() + "\n  stderr:\n" + err.text());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for kubectl " + String.join(" ", args));
      }
      out.join();
      err.join();
      return new Result(args, process.exitValue(), out.text(), err.text());
    }

    @Override
    public void close() {
      kill(process);
      out.join();
      err.join();
    }
  }

  private Process startProcess(String... args) {
    List<String> command = new ArrayList<>();
    command.add("kubectl");
    command.add("--kubeconfig");
    command.add(kubeconfig.toString());
    command.add("--cache-dir");
    command.add(cacheDir.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("KUBECONFIG");
    pb.environment().remove("KUBECTL_EXTERNAL_DIFF");
    // Plain, stable output: no colour, no interactive pager.
    pb.environment().put("TERM", "dumb");
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start kubectl: " + e.getMessage(), e);
    }
  }

  /** Ends a process and the ones it started (kubectl may run a version-specific child). */
  private static void kill(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /** Reads a stream to the end on its own thread, so the process never blocks on a full pipe. */
  private static final class Drain {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Thread thread;

    Drain(InputStream in) {
      thread = new Thread(() -> {
        byte[] chunk = new byte[8192];
        try (in) {
          int n;
          while ((n = in.read(chunk)) >= 0) {
            synchronized (buffer) {
              buffer.write(chunk, 0, n);
            }
          }
        } catch (IOException ignored) {
          // the process was stopped; what was read so far stays
        }
      }, "kubectl-output");
      thread.setDaemon(true);
      thread.start();
    }

    String text() {
      synchronized (buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
      }
    }

    void join() {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
