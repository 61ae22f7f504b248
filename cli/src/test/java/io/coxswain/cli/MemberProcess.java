package io.coxswain.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A control-plane member in its own JVM on the Cassandra journal ({@code coxswain server --journal
 * cassandra}), for tests that kill and restart members: same ports and data directory on every
 * start, so a restarted member is the same member to its peers and clients.
 */
final class MemberProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Path dataDir;
  private final String cassandra;
  private final String keyspace;
  private final List<Integer> seedPorts;
  final int apiPort;
  final int clusterPort;
  private Process process;
  private int starts;

  MemberProcess(String name, Path dir, String cassandra, String keyspace, int clusterPort, List<Integer> seedPorts) {
    this.name = name;
    this.dataDir = dir.resolve(name);
    this.cassandra = cassandra;
    this.keyspace = keyspace;
    this.apiPort = TestServer.freePort();
    this.clusterPort = clusterPort;
    this.seedPorts = List.copyOf(seedPorts);
  }

  String name() {
    return name;
  }

  String url() {
    return "http://127.0.0.1:" + apiPort;
  }

  /** Starts the JVM (output in the data directory's member-N.log); {@link #awaitReady} waits for it. */
  void start() {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:+UseParallelGC",
        "-cp", System.getProperty("java.class.path"), "io.coxswain.cli.Main", "server",
        "--journal", "cassandra", "--cassandra", cassandra, "--keyspace", keyspace,
        "--data-dir", dataDir.toString(), "--port", String.valueOf(apiPort),
        "--cluster-port", String.valueOf(clusterPort), "--no-agent"));
    if (!seedPorts.isEmpty()) {
      cmd.add("--seed-nodes");
      cmd.add(String.join(",", seedPorts.stream().map(p -> "127.0.0.1:" + p).toList()));
    }
    try {
      Files.createDirectories(dataDir);
      starts++;
      process = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(dataDir.resolve("member-" + starts + ".log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the member answers /readyz; fails if its JVM exits first. */
  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new AssertionError(name + " exited during start-up; see " + dataDir);
      if (ready()) return;
      Thread.sleep(250);
    }
    throw new AssertionError(name + " was not ready within " + timeout.toSeconds() + " s; see " + dataDir);
  }

  boolean ready() {
    try {
      HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/readyz")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** kill -9: the member says nothing to its peers; they find out through the failure detector. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: a graceful leave that hands shards and singletons over first. */
  void stop() throws InterruptedException {
    if (process == null || !process.isAlive()) return;
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) kill();
  }
}
