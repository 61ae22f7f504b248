package io.coxswain.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fresh server in a child process, on a temporary data directory and free loopback ports. The
 * child runs the same Java and class path as this process; closing it (or Ctrl-C) kills it by pid
 * and deletes the directory.
 */
public final class BenchServer implements AutoCloseable {
  private static final Pattern GC_PAUSE = Pattern.compile("Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");

  private final Process process;
  private final Path dir;
  private final String baseUrl;
  private final Thread cleanupOnExit;
  private boolean closed;

  private BenchServer(Process process, Path dir, String baseUrl) {
    this.process = process;
    this.dir = dir;
    this.baseUrl = baseUrl;
    this.cleanupOnExit = new Thread(this::destroy, "bench-server-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanupOnExit);
  }

  /** Starts the child without a node agent and waits until /readyz answers 200. */
  public static BenchServer start(List<String> extraJvmOptions, Duration startupTimeout) throws IOException, InterruptedException {
    return start(extraJvmOptions, List.of("--no-agent"), startupTimeout);
  }

  /** Starts the child with these server options and waits until /readyz answers 200. */
  public static BenchServer start(List<String> extraJvmOptions, List<String> serverOptions, Duration startupTimeout)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("coxswain-bench-");
    int[] ports = freePorts(2);
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(heapOptionsOfThisJvm());
    cmd.add("-Xlog:gc:file=" + dir.resolve("gc.log"));
    cmd.addAll(extraJvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.coxswain.cli.Main", "server",
        "--data-dir", dir.resolve("data").toString(), "--port", String.valueOf(ports[0]),
        "--cluster-port", String.valueOf(ports[1])));
    cmd.addAll(serverOptions);
    Process process = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile())
        .start();
    BenchServer server = new BenchServer(process, dir, "http://127.0.0.1:" + ports[0]);
    try {
      server.awaitReady(startupTimeout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    BenchClient probe = new BenchClient(baseUrl);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!probe.ready()) {
      if (!process.isAlive()) {
        throw new IOException("the server exited with code " + process.exitValue() + " before it was ready:\n" + logTail(30));
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("the server was not ready within " + timeout.toSeconds() + " s:\n" + logTail(30));
      }
      Thread.sleep(200);
    }
  }

  /**
   * The heap and collector options this process was started with, so the child gets the same, and
   * any -Dcoxswain.… setting. COXSWAIN_BENCH_SERVER_OPTS adds options for the server alone (say a
   * flight recording: -XX:StartFlightRecording=filename=server.jfr).
   */
  private static List<String> heapOptionsOfThisJvm() {
    List<String> options = new ArrayList<>();
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-Xms") || arg.startsWith("-Xmx") || arg.matches("-XX:\\+Use\\w*GC")
          || arg.startsWith("-Dcoxswain.")) {
        options.add(arg);
      }
    }
    String extra = System.getenv("COXSWAIN_BENCH_SERVER_OPTS");
    if (extra != null && !extra.isBlank()) options.addAll(List.of(extra.trim().split("\\s+")));
    if (options.stream().noneMatch(o -> o.startsWith("-Xmx"))) options.add("-Xmx1g");
    return options;
  }

  private static int[] freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) s.close();
    }
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** The admin kubeconfig the server wrote, for kubectl. */
  public Path kubeconfig() {
    return dir.resolve("data").resolve("kubeconfig.yaml");
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Resident set size of the child, from /proc, in bytes; empty where /proc is not available. */
  public OptionalLong rssBytes() {
    return procStatusKb("VmRSS:");
  }

  /** Peak resident set size of the child so far. */
  public OptionalLong peakRssBytes() {
    return procStatusKb("VmHWM:");
  }

  private OptionalLong procStatusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
        if (line.startsWith(field)) {
          return OptionalLong.of(Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the child is gone
    }
    return OptionalLong.empty();
  }

  /** CPU time (user + system) the child has used, in seconds; NaN where /proc is not available. */
  public double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields 14 and 15 of stat (utime, stime), counted after the command name
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** What the collector log says: heap after the last pause, its capacity, and pauses so far. */
  public record HeapFigures(long afterLastGcMb, long capacityMb, int pauses, double pauseMillisTotal) {}

  public HeapFigures heap() {
    long after = -1, capacity = -1;
    int pauses = 0;
    double total = 0;
    try (Stream<String> lines = Files.lines(dir.resolve("gc.log"))) {
      for (String line : (Iterable<String>) lines::iterator) {
        Matcher m = GC_PAUSE.matcher(line);
        if (m.find()) {
          after = Long.parseLong(m.group(2));
          capacity = Long.parseLong(m.group(3));
          pauses++;
          total += Double.parseDouble(m.group(4));
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // no log yet
    }
    return new HeapFigures(after, capacity, pauses, total);
  }

  /** The last lines the child printed. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(dir.resolve("server.log"));
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no server output)";
    }
  }

  @Override
  public void close() {
    destroy();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running or has run
    }
  }

  private synchronized void destroy() {
    if (closed) return;
    closed = true;
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteRecursively(dir);
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("coxswain bench: could not delete " + root + ": " + e.getMessage());
    }
  }
}
