package io.coxswain.agent.runtime.process;

import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.ContainerStatus.State;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * One container attempt's state directory: what the agent wrote before starting it (command,
 * environment, mounts, namespaces, cgroups) and what the shim writes while it runs (its pids, then
 * the exit code). Every status is read from these files, so a restarted agent sees what the old
 * one saw.
 *
 * <p>Files read by the scripts: argv, env, workdir, mounts (NUL-separated, so any byte but NUL
 * survives), cgroups, oom, enter, nsenter. Written by the shim: pid, exit, shim.log.
 */
record ContainerDirectory(Path dir) {
  /** Exit code and reason Kubernetes reports when a container's end was not observed. */
  static final int UNKNOWN_EXIT_CODE = 137;
  static final String UNKNOWN_REASON = "ContainerStatusUnknown";

  /** What the agent decided about one start; all of it is written before the shim runs. */
  record Launch(
      List<String> enter,
      List<String> nsenterFlags,
      List<ContainerConfig.Mount> mounts,
      Map<String, String> env,
      String workingDir,
      Cgroups.Placement cgroups,
      Path logFile) {}

  /** The shim's "pid" file: the shim and the container's main process, and when it started. */
  record Pids(ProcIdentity shim, ProcIdentity container, Instant startedAt) {}

  /** The shim's "exit" file. */
  record Exit(int exitCode, long oomKills, Instant finishedAt) {
    String reason() {
      if (exitCode == 0) {
        return "Completed";
      }
      return oomKills > 0 ? "OOMKilled" : "Error";
    }
  }

  /** The directory is private to root: env holds the container's environment, secrets included. */
  void create(ContainerId id, ContainerConfig config, Launch launch) throws IOException {
    Files.createDirectories(dir.getParent());
    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Properties meta = new Properties();
    meta.setProperty("id", id.toString());
    meta.setProperty("image", config.image() == null ? "" : config.image());
    meta.setProperty("createdAt", Instant.now().toString());
    // pids and start ticks mean something only within this boot
    meta.setProperty("bootId", ProcIdentity.currentBootId());
    meta.setProperty("logFile", launch.logFile().toString());
    try (Writer out = Files.newBufferedWriter(dir.resolve("container.properties"))) {
      meta.store(out, "coxswain process runtime container");
    }
    Files.write(dir.resolve("argv"), nulSeparated(config.argv()));
    List<String> env = new ArrayList<>();
    launch.env().forEach((key, value) -> env.add(key + "=" + value));
    Files.write(dir.resolve("env"), nulSeparated(env));
    Files.write(dir.resolve("workdir"), nulSeparated(List.of(launch.workingDir())));
    List<String> mounts = new ArrayList<>();
    for (ContainerConfig.Mount mount : launch.mounts()) {
      mounts.add(mount.source().toAbsolutePath().toString());
      mounts.add(mount.containerPath());
      mounts.add(mount.readOnly() ? "ro" : "rw");
    }
    Files.write(dir.resolve("mounts"), nulSeparated(mounts));
    Files.write(dir.resolve("enter"), nulSeparated(launch.enter()));
    Files.write(dir.resolve("nsenter"), lines(launch.nsenterFlags()));
    Files.write(dir.resolve("cgroups"), lines(launch.cgroups().directories().stream().map(Path::toString).toList()));
    Files.write(dir.resolve("oom"), lines(launch.cgroups().oomCounter().map(Path::toString).stream().toList()));
  }

  boolean exists() {
    return Files.isRegularFile(dir.resolve("container.properties"));
  }

  ContainerId id() throws IOException {
    return ContainerId.parse(meta().getProperty("id"));
  }

  Path logFile() throws IOException {
    return Path.of(meta().getProperty("logFile"));
  }

  Cgroups.Placement cgroups() throws IOException {
    List<Path> dirs = readLines("cgroups").stream().map(Path::of).toList();
    Optional<Path> oom = readLines("oom").stream().findFirst().map(Path::of);
    return new Cgroups.Placement(dirs, oom);
  }

  Optional<Pids> pids() {
    String bootId;
    try {
      bootId = meta().getProperty("bootId", "unknown");
    } catch (IOException e) {
      return Optional.empty();
    }
    return completeLine("pid").flatMap(line -> {
      String[] f = line.split(" ");
      if (f.length < 5) {
        return Optional.empty();
      }
      return Optional.of(new Pids(
          new ProcIdentity(bootId, Long.parseLong(f[0]), Long.parseLong(f[1])),
          new ProcIdentity(bootId, Long.parseLong(f[2]), Long.parseLong(f[3])),
          epoch(f[4])));
    });
  }

  Optional<Exit> exit() {
    return completeLine("exit").flatMap(line -> {
      String[] f = line.split(" ");
      if (f.length < 3) {
        return Optional.empty();
      }
      return Optional.of(new Exit(Integer.parseInt(f[0]), Long.parseLong(f[1]), epoch(f[2])));
    });
  }

  /** The last lines the shim itself wrote (why it failed to start a container, for instance). */
  String shimLogTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("shim.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /** The container's status as the files (and the liveness of the recorded processes) tell it. */
  ContainerStatus status() throws IOException {
    ContainerId id = id();
    Properties meta = meta();
    String image = meta.getProperty("image");
    Instant createdAt = Instant.parse(meta.getProperty("createdAt"));
    Optional<Pids> pids = pids();
    Optional<Exit> exit = exit();
    if (exit.isEmpty() && pids.isEmpty()) {
      return new ContainerStatus(id.toString(), id.podUid(), id.name(), id.attempt(), image, State.UNKNOWN,
          createdAt, null, 0, null, "the container is being started", 0);
    }
    if (exit.isEmpty()) {
      Pids running = pids.get();
      boolean shimAlive = running.shim().isAlive();
      if (shimAlive || running.container().isAlive()) {
        String message = shimAlive ? null : "the container shim is gone; the exit code will be unknown";
        return new ContainerStatus(id.toString(), id.podUid(), id.name(), id.attempt(), image, State.RUNNING,
            running.startedAt(), null, 0, null, message, running.container().pid());
      }
      exit = exit(); // the shim may have finished between the two reads
    }
    long pid = pids.map(p -> p.container().pid()).orElse(0L);
    Instant startedAt = pids.map(Pids::startedAt).orElse(createdAt);
    if (exit.isEmpty()) {
      return new ContainerStatus(id.toString(), id.podUid(), id.name(), id.attempt(), image, State.EXITED,
          startedAt, Instant.now(), UNKNOWN_EXIT_CODE, UNKNOWN_REASON,
          "the container shim ended without recording an exit code", pid);
    }
    Exit done = exit.get();
    return new ContainerStatus(id.toString(), id.podUid(), id.name(), id.attempt(), image, State.EXITED,
        startedAt, done.finishedAt(), done.exitCode(), done.reason(), null, pid);
  }

  private Properties meta() throws IOException {
    Properties meta = new Properties();
    try (Reader in = Files.newBufferedReader(dir.resolve("container.properties"))) {
      meta.load(in);
    }
    return meta;
  }

  /** The file's first line, only once it is complete: the shim writes each with one write(). */
  private Optional<String> completeLine(String file) {
    try {
      String text = Files.readString(dir.resolve(file));
      int end = text.indexOf('\n');
      return end < 0 ? Optional.empty() : Optional.of(text.substring(0, end).trim());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private List<String> readLines(String file) throws IOException {
    return Files.readAllLines(dir.resolve(file)).stream().filter(line -> !line.isBlank()).toList();
  }

  /** bash's $EPOCHREALTIME: seconds, a dot, microseconds. */
  static Instant epoch(String text) {
    int dot = text.indexOf('.');
    if (dot < 0) {
      return Instant.ofEpochSecond(Long.parseLong(text));
    }
    String micros = (text.substring(dot + 1) + "000000").substring(0, 6);
    return Instant.ofEpochSecond(Long.parseLong(text.substring(0, dot)), Long.parseLong(micros) * 1000);
  }

  private static byte[] nulSeparated(Collection<String> values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String value : values) {
      if (value.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("a NUL character cannot be passed to a process: " + value.replace('\0', '?'));
      }
      out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return out.toByteArray();
  }

  private static byte[] lines(Collection<String> values) {
    StringBuilder text = new StringBuilder();
    values.forEach(value -> text.append(value).append('\n'));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
