package io.coxswain.cli;

import io.coxswain.persistence.Journal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coxswain server}: a control-plane member, on the embedded journal or on Cassandra. */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Start a control-plane member serving the Kubernetes API on 127.0.0.1.")
public final class ServerCommand implements java.util.concurrent.Callable<Integer> {

  @Option(names = "--data-dir", defaultValue = ".coxswain",
      description = "Where the journal, snapshots and kubeconfig live (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--port", defaultValue = "6443", description = "API port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--cluster-port", defaultValue = "2552",
      description = "Pekko cluster port that node agents and further members join (default: ${DEFAULT-VALUE}).")
  int clusterPort;

  @Option(names = "--no-agent", description = "Do not run a node agent inside the server.")
  boolean noAgent;

  @Option(names = "--node-name", description = "The node name of the agent inside the server (default: this machine's host name).")
  String nodeName;

  @Option(names = "--journal", defaultValue = "embedded",
      description = "Where objects are stored: embedded (an H2 file in the data directory, one member) or cassandra "
          + "(several members; see --cassandra). Default: ${DEFAULT-VALUE}.")
  String journal;

  @Option(names = "--cassandra", split = ",", defaultValue = "127.0.0.1:9042",
      description = "Cassandra contact points host:port[,host:port…] for --journal cassandra (default: ${DEFAULT-VALUE}).")
  List<String> cassandra;

  @Option(names = "--replication-factor", defaultValue = "1",
      description = "Replication factor of the keyspaces created on first start with --journal cassandra (default: ${DEFAULT-VALUE}).")
  int replicationFactor;

  @Option(names = "--keyspace", defaultValue = Journal.Cassandra.DEFAULT_KEYSPACE,
      description = "Keyspace for --journal cassandra; members of one control plane use the same (default: ${DEFAULT-VALUE}).")
  String keyspace;

  @Option(names = "--seed-nodes", split = ",",
      description = "Cluster members host:port[,…] to join (their --cluster-port); without it this member forms a new cluster.")
  List<String> seedNodes = List.of();

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    Journal store;
    switch (journal) {
      case "embedded" -> store = new Journal.Embedded();
      case "cassandra" -> store = new Journal.Cassandra(cassandra, replicationFactor, keyspace);
      default -> {
        System.err.println("coxswain: --journal is embedded or cassandra, not " + journal);
        return 2;
      }
    }
    if (store instanceof Journal.Embedded && !seedNodes.isEmpty()) {
      System.err.println("coxswain: --seed-nodes needs --journal cassandra: the embedded journal is one member's file");
      return 2;
    }
    System.out.println("coxswain: starting a control-plane member (" + store.describe() + ", data in "
        + dataDir.toAbsolutePath().normalize() + (seedNodes.isEmpty() ? "" : ", joining " + String.join(",", seedNodes)) + ")");
    ControlPlane plane;
    try {
      plane = ControlPlane.start(new ControlPlane.Settings(dataDir, "127.0.0.1", port, clusterPort,
          noAgent ? null : nodeName != null ? nodeName : io.coxswain.agent.AgentLauncher.hostName(), store, seedNodes));
    } catch (IllegalStateException e) {
      System.err.println("coxswain: " + e.getMessage());
      if (String.valueOf(e.getMessage()).contains("Address already in use") || String.valueOf(e.getCause()).contains("BindException")) {
        System.err.println("coxswain: a port is taken; pick others with --port and --cluster-port");
      }
      return 1;
    }
    Path kubeconfig = Kubeconfig.write(plane.settings().dataDir().toAbsolutePath().normalize(), plane.apiUrl(), "admin");
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean closing = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      closing.set(true);
      System.out.println("coxswain: shutting down");
      plane.close();
      stopped.countDown();
    }, "coxswain-shutdown"));
    // A member the cluster downed (unreachable too long, or on the minority side of a partition)
    // has stopped its actor system; serving on would answer nothing. Exit so a supervisor restarts it.
    plane.system().getWhenTerminated().thenRun(() -> {
      if (closing.get()) return;
      System.err.println("coxswain: this member was removed from the cluster (downed); it stops now — start it again to rejoin");
      Runtime.getRuntime().halt(3);
    });
    System.out.printf("coxswain: serving the Kubernetes API at %s (ready in %.1f s)%n",
        plane.apiUrl(), (System.nanoTime() - started) / 1e9);
    System.out.println("coxswain: cluster port " + clusterPort + "; node agents join with: coxswain agent --join 127.0.0.1:" + clusterPort);
    if (plane.agents() != null) {
      io.coxswain.agent.AgentLauncher.describe(plane.agents()).forEach(line -> System.out.println("coxswain: " + line));
    } else {
      System.out.println("coxswain: no node agent in this server (--no-agent): pods run once an agent joins");
    }
    System.out.println("coxswain: admin kubeconfig written; to use it:");
    System.out.println("  export KUBECONFIG=" + kubeconfig);
    stopped.await();
    return 0;
  }
}
