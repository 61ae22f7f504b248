package io.coxswain.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A local Apache Cassandra server in its own JVM, for multi-member control planes on one machine and
 * for tests: its jars come from the build (the {@code conf/cassandra} module copies them), its
 * configuration from {@code cassandra/cassandra.yaml} with loopback addresses and the data
 * directory filled in. The process outlives the JVM that started it; its pid is kept in the data
 * directory so {@link #stop} can find it.
 */
public final class LocalCassandra {
  /** Where the Cassandra jars are, relative to the project's root directory. */
  public static final String LIB = "conf/cassandra/target/lib";
  private static final String PID_FILE = "cassandra.pid";
  private static final String DAEMON = "org.apache.cassandra.service.CassandraDaemon";
  private static final Duration STOP_GRACE = Duration.ofSeconds(60);

  /**
   * The JVM flags Cassandra 5.0 needs on Java 17 (from its jvm17-server.options): it reaches into
   * JDK internals for off-heap memory, JMX and its security manager.
   */
  private static final List<String> JAVA17_FLAGS = List.of(
      "-Djdk.attach.allowAttachSelf=true",
      "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
      "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
      "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
      "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
      "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
      "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
      "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.base/java.io=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/java.util=ALL-UNNAMED",
      "-Dio.netty.tryReflectionSetAccessible=true",
      "-Dio.netty.allocator.useCacheForAllThreads=true",
      "-Dio.netty.allocator.maxOrder=11");

  /**
   * @param dataDir where data, commit log, logs and the pid file live
   * @param host the loopback address it listens on
   * @param cqlPort the CQL (native transport) port clients connect to
   * @param storagePort the inter-node port
   * @param heap the heap size, e.g. "1g"
   */
  public record Settings(Path dataDir, String host, int cqlPort, int storagePort, String heap) {
    public Settings {
      dataDir = dataDir.toAbsolutePath().normalize();
    }

    public String contactPoint() {
      return host + ":" + cqlPort;
    }
  }

  private LocalCassandra() {}

  /** The jars of the build under {@code projectRoot}, or a message that says how to get them. */
  public static Path libDir(Path projectRoot) {
    Path lib = projectRoot.resolve(LIB);
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException("Cassandra's jars are not built: run `mvn -B -pl conf/cassandra package` in " + projectRoot);
    }
    return lib;
  }

  /** The running server of this data directory, if any. */
  public static Optional<ProcessHandle> running(Path dataDir) {
    Path pidFile = dataDir.toAbsolutePath().resolve(PID_FILE);
    if (!Files.exists(pidFile)) return Optional.empty();
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(p -> p.info().commandLine().map(c -> c.contains(DAEMON)).orElse(true));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Starts the server in the background (output in {@code dataDir/cassandra.out}) and returns its
   * process; it accepts CQL once {@link #awaitCql} returns.
   */
  public static ProcessHandle start(Path libDir, Settings s) throws IOException {
    Optional<ProcessHandle> already = running(s.dataDir());
    if (already.isPresent()) {
      throw new IllegalStateException("Cassandra is already running for " + s.dataDir() + " (pid " + already.get().pid() + ")");
    }
    Path logDir = s.dataDir().resolve("log");
    Files.createDirectories(logDir);
    Path yaml = s.dataDir().resolve("cassandra.yaml");
    Files.writeString(yaml, fill(resource("cassandra/cassandra.yaml"), Map.of(
        "listen_address", s.host(),
        "storage_port", String.valueOf(s.storagePort()),
        "native_transport_port", String.valueOf(s.cqlPort()),
        "data_dir", s.dataDir().toString())));
    Path logback = s.dataDir().resolve("logback.xml");
    Files.writeString(logback, resource("cassandra/logback.xml"));

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xms" + s.heap(), "-Xmx" + s.heap(), "-Xss256k",
        "-XX:+UseG1GC", "-XX:+ParallelRefProcEnabled", "-XX:MaxTenuringThreshold=1",
        "-XX:G1HeapRegionSize=16m", "-XX:MaxGCPauseMillis=300", "-XX:+HeapDumpOnOutOfMemoryError",
        "-XX:HeapDumpPath=" + s.dataDir()));
    cmd.addAll(JAVA17_FLAGS);
    cmd.addAll(List.of(
        "-Dcassandra.config=" + yaml.toUri(),
        "-Dcassandra-foreground=yes",
        "-Dcassandra.storagedir=" + s.dataDir(),
        "-Dcassandra.logdir=" + logDir,
        "-Dlogback.configurationFile=" + logback.toUri(),
        "-cp", libDir.toAbsolutePath() + "/*",
        DAEMON));
    Path out = s.dataDir().resolve("cassandra.out");
    Process p = new ProcessBuilder(cmd)
        .directory(s.dataDir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    Files.writeString(s.dataDir().resolve(PID_FILE), p.pid() + "\n");
    return p.toHandle();
  }

  /**
   * Waits until the server accepts connections on its CQL port (the last step of its start-up),
   * reporting progress every ten seconds; fails early when the process dies.
   */
  public static void awaitCql(ProcessHandle process, Settings s, Duration timeout, Consumer<String> progress)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long started = System.nanoTime();
    while (true) {
      if (accepts(s.host(), s.cqlPort())) return;
      if (!process.isAlive()) {
        throw new IllegalStateException("Cassandra exited during start-up; see " + s.dataDir().resolve("cassandra.out")
            + " and " + s.dataDir().resolve("log/system.log"));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Cassandra did not accept CQL on " + s.contactPoint() + " within "
            + timeout.toSeconds() + " s; see " + s.dataDir().resolve("log/system.log"));
      }
      if (System.nanoTime() > nextReport) {
        progress.accept("still starting (" + (System.nanoTime() - started) / 1_000_000_000 + " s)…");
        nextReport += Duration.ofSeconds(10).toNanos();
      }
      Thread.sleep(250);
    }
  }

  /** Whether something accepts TCP connections on host:port. */
  public static boolean accepts(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Stops the server of this data directory: SIGTERM (Cassandra drains and flushes), then SIGKILL
   * after a minute. Returns false when none was running.
   */
  public static boolean stop(Path dataDir) throws InterruptedException {
    Optional<ProcessHandle> p = running(dataDir);
    if (p.isEmpty()) return false;
    ProcessHandle process = p.get();
    process.destroy();
    try {
      process.onExit().get(STOP_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      process.destroyForcibly();
      try {
        process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e2) {
        throw new IllegalStateException("Cassandra (pid " + process.pid() + ") did not stop");
      }
    }
    try {
      Files.deleteIfExists(dataDir.toAbsolutePath().resolve(PID_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return true;
  }

  static String fill(String template, Map<String, String> values) {
    String result = template;
    for (Map.Entry<String, String> e : values.entrySet()) {
      result = result.replace("${" + e.getKey() + "}", e.getValue());
    }
    if (result.contains("${")) throw new IllegalStateException("unfilled placeholder in the Cassandra configuration");
    return result;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = LocalCassandra.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException(name + " is missing from the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
