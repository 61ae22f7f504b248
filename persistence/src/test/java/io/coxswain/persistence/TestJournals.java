package io.coxswain.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The journal behaviour tests run on: the embedded one, or Cassandra when the build says
 * {@code -Dcoxswain.test.journal=cassandra} (the Cassandra test run of each module does). One real
 * Cassandra is started per test JVM, on free loopback ports, the first time a test asks for it, and
 * stopped when the JVM exits; each control plane a test starts gets keyspaces of its own, so tests
 * never see each other's objects. {@code -Dcoxswain.test.cassandra=host:port} uses a running one.
 */
public final class TestJournals {
  private static final AtomicInteger KEYSPACES = new AtomicInteger();
  private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
  private static LocalCassandra.Settings cassandra;

  private TestJournals() {}

  public static boolean cassandra() {
    return "cassandra".equals(System.getProperty("coxswain.test.journal"));
  }

  /** A fresh journal for one control plane (its members share it). */
  public static Journal fresh() {
    if (!cassandra()) return new Journal.Embedded();
    return new Journal.Cassandra(List.of(contactPoint()), 1, "t" + RUN + "_" + KEYSPACES.incrementAndGet());
  }

  /** The shared test Cassandra's host:port, started on first use. */
  public static synchronized String contactPoint() {
    String external = System.getProperty("coxswain.test.cassandra");
    if (external != null && !external.isBlank()) return external;
    if (cassandra == null) cassandra = startCassandra();
    return cassandra.contactPoint();
  }

  private static LocalCassandra.Settings startCassandra() {
    try {
      Path root = Path.of(System.getProperty("coxswain.home", "..")).toAbsolutePath().normalize();
      Path dir = Files.createTempDirectory("coxswain-test-cassandra");
      LocalCassandra.Settings s = new LocalCassandra.Settings(dir, "127.0.0.1", freePort(), freePort(), "768m");
      ProcessHandle p = LocalCassandra.start(LocalCassandra.libDir(root), s);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(dir), "test-cassandra-stop"));
      LocalCassandra.awaitCql(p, s, Duration.ofMinutes(4), line -> System.out.println("test Cassandra: " + line));
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void stopAndDelete(Path dir) {
    try {
      LocalCassandra.stop(dir);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temporary directory is harmless
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
