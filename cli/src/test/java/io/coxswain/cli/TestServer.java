package io.coxswain.cli;

import io.coxswain.persistence.Journal;
import io.coxswain.persistence.TestJournals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A really started control plane for tests: the real embedded journal in a temporary data
 * directory (or a real Cassandra's, in the Cassandra test run: see TestJournals), the real HTTP API on a free loopback port, and a kubeconfig for kubectl. Restartable on
 * the same data directory.
 */
public final class TestServer implements AutoCloseable {
  private final Path dataDir;
  private final int apiPort;
  private final int clusterPort;
  private ControlPlane plane;
  private Path kubeconfig;

  private final String agentNode;
  /** The journal, kept across restarts (on Cassandra: this server's own keyspace). */
  private final Journal journal = TestJournals.fresh();

  private TestServer(Path dataDir, String agentNode) {
    this.dataDir = dataDir;
    this.agentNode = agentNode;
    this.apiPort = freePort();
    this.clusterPort = freePort();
  }

  public static TestServer start() {
    return start(null);
  }

  /** A server whose own node agent runs pods as the given node (null: no agent inside). */
  public static TestServer start(String agentNode) {
    try {
      TestServer s = new TestServer(Files.createTempDirectory("coxswain-test"), agentNode);
      s.startPlane();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startPlane() throws IOException {
    plane = ControlPlane.start(new ControlPlane.Settings(dataDir, "127.0.0.1", apiPort, clusterPort, agentNode, journal, List.of()));
    kubeconfig = Kubeconfig.write(dataDir, plane.apiUrl(), "admin");
  }

  /** Stops the server cleanly and starts it again on the same data directory and ports. */
  public void restart() {
    plane.close();
    try {
      startPlane();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return plane.apiUrl();
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public int clusterPort() {
    return clusterPort;
  }

  public ControlPlane plane() {
    return plane;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The control plane's actor system, for tests that run cluster members (a node agent's actors) beside it. */
  public org.apache.pekko.actor.typed.ActorSystem<Void> system() {
    return plane.system();
  }

  @Override
  public void close() {
    if (plane != null) plane.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temporary directory is harmless
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
