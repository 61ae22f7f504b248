package io.coxswain.agent.runtime.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the node machine offers the runtime: its external commands, found on a fixed search path,
 * and whether the agent runs as root on Linux. The service proxy uses it too, for the ClusterIP
 * interface.
 *
 * <p>Commands are resolved here rather than by name in ProcessBuilder because the JDK looks names
 * up on the agent's own PATH, which for a service or a non-login shell often lacks the sbin
 * directories where {@code ip} lives.
 */
public final class Host {
  /** The PATH given to the shim and helper scripts, and searched for commands. */
  static final String SEARCH_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private static final long COMMAND_TIMEOUT_SECONDS = 30;

  private final List<Path> searchPath;

  public Host() {
    List<Path> dirs = new ArrayList<>();
    for (String dir : SEARCH_PATH.split(":")) {
      dirs.add(Path.of(dir));
    }
    String agentPath = System.getenv("PATH");
    if (agentPath != null) {
      for (String dir : agentPath.split(File.pathSeparator)) {
        if (!dir.isEmpty() && !dirs.contains(Path.of(dir))) {
          dirs.add(Path.of(dir));
        }
      }
    }
    this.searchPath = List.copyOf(dirs);
  }

  public boolean isLinux() {
    return System.getProperty("os.name", "").toLowerCase().startsWith("linux");
  }

  /** Real uid 0, read from /proc so no extra JDK module is needed. */
  public boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.substring(4).trim().split("\\s+")[0].equals("0");
        }
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return false;
  }

  Optional<Path> find(String command) {
    for (Path dir : searchPath) {
      Path candidate = dir.resolve(command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The command's absolute path; the message names the Debian package that provides it. */
  String require(String command) throws IOException {
    return find(command)
        .map(Path::toString)
        .orElseThrow(() -> new IOException(command + " not found on " + searchPath + " (" + packageOf(command) + ")"));
  }

  /** The environment for helper processes: a known PATH, C locale, UTC; nothing of the agent's. */
  Map<String, String> helperEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", SEARCH_PATH);
    env.put("LC_ALL", "C");
    env.put("TZ", "UTC");
    return env;
  }

  /** Runs a short command to completion; returns its output, or throws with it on failure. */
  public String run(List<String> argv) throws IOException {
    return run(argv, null);
  }

  public String run(List<String> argv, String stdin) throws IOException {
    List<String> resolved = new ArrayList<>(argv);
    resolved.set(0, require(argv.get(0)));
    ProcessBuilder builder = new ProcessBuilder(resolved).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(helperEnvironment());
    if (stdin == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    Process process = builder.start();
    if (stdin != null) {
      try (var in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String output;
    try (InputStream out = process.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    try {
      if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", argv) + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while running " + argv.get(0), e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(String.join(" ", argv) + " failed (exit " + process.exitValue() + "): " + output);
    }
    return output;
  }

  /** Which Debian bookworm package provides a command, for error messages and the CI script. */
  static String packageOf(String command) {
    return switch (command) {
      case "ip" -> "package iproute2";
      case "nsenter", "unshare", "setsid" -> "package util-linux";
      case "script" -> "package bsdutils";
      case "mount", "umount" -> "package mount";
      case "bash" -> "package bash";
      default -> "package coreutils";
    };
  }
}
