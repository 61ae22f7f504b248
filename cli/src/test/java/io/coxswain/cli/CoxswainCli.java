package io.coxswain.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The {@code coxswain} command as a user runs it: its own JVM, output read from files. */
final class CoxswainCli {
  private final Path workDir;
  private int runs;

  CoxswainCli(Path workDir) {
    this.workDir = workDir;
  }

  record Result(List<String> args, int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }

    String describe() {
      return "coxswain " + String.join(" ", args) + "\n  exit: " + exitCode + "\n  stdout:\n" + stdout + "\n  stderr:\n" + stderr;
    }

    List<String> lines() {
      return stdout.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  Result run(String... args) {
    Running r = start(args);
    try {
      if (!r.process.waitFor(60, TimeUnit.SECONDS)) {
        r.stop();
        throw new AssertionError("coxswain " + String.join(" ", args) + " did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
    return r.result();
  }

  Result ok(String... args) {
    Result r = run(args);
    if (!r.ok()) throw new AssertionError("coxswain failed:\n" + r.describe());
    return r;
  }

  /** Starts a long-running command (such as {@code audit log --follow}). */
  Running start(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.coxswain.cli.Main"));
    cmd.addAll(List.of(args));
    int n = ++runs;
    Path out = workDir.resolve("cli-" + n + ".out");
    Path err = workDir.resolve("cli-" + n + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("KUBECONFIG");
    try {
      return new Running(List.of(args), pb.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final class Running implements AutoCloseable {
    private final List<String> args;
    private final Process process;
    private final Path out;
    private final Path err;

    private Running(List<String> args, Process process, Path out, Path err) {
      this.args = args;
      this.process = process;
      this.out = out;
      this.err = err;
    }

    String stdout() {
      return read(out);
    }

    String awaitOutput(String what, Predicate<String> condition, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        String text = stdout();
        if (condition.test(text)) return text;
        if (!process.isAlive()) break;
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      throw new AssertionError("coxswain " + String.join(" ", args) + ": expected " + what + " within " + timeout
          + "\n  stdout:\n" + stdout() + "\n  stderr:\n" + read(err));
    }

    boolean isAlive() {
      return process.isAlive();
    }

    Result result() {
      return new Result(args, process.exitValue(), read(out), read(err));
    }

    void stop() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      stop();
    }

    private static String read(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }
  }
}
