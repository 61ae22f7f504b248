package io.coxswain.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coxswain agent}: a node agent JVM that joins a control plane's cluster and runs pods. */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = "Start a node agent (kubelet) that joins a control plane through its cluster port and runs the pods bound to its node.")
public final class AgentCommand implements Callable<Integer> {

  @Option(names = "--join", required = true, split = ",", paramLabel = "HOST:PORT",
      description = "Cluster ports of control-plane members (their server --cluster-port), comma separated.")
  List<String> join;

  @Option(names = "--node-name", description = "The Node's name (default: this machine's host name).")
  String nodeName;

  @Option(names = "--data-dir", description = "Where pod files, logs and runtime state live (default: .coxswain-agent-<node>).")
  Path dataDir;

  @Option(names = "--labels", split = ",", paramLabel = "KEY=VALUE", description = "Extra Node labels.")
  List<String> labels = new ArrayList<>();

  @Option(names = "--taints", split = ",", paramLabel = "KEY[=VALUE]:EFFECT", description = "Node taints (NoSchedule, PreferNoSchedule, NoExecute).")
  List<String> taints = new ArrayList<>();

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address this agent's cluster endpoint binds (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--cluster-port", defaultValue = "0", description = "This agent's own cluster port (default: any free one).")
  int clusterPort;

  @Option(names = "--pod-cidr", description = "The node's pod address range, e.g. 10.244.3.0/24 (default: derived from the node name).")
  String podCidr;

  @Option(names = "--simulated-nodes", defaultValue = "0", paramLabel = "N",
      description = "Run N hollow nodes (simulated runtime, no processes) named <node-name>-0..N-1 instead of one real node.")
  int simulatedNodes;

  @Override
  public Integer call() throws Exception {
    AgentProcess.Options options = new AgentProcess.Options(join, nodeName, dataDir, labels, taints, host, clusterPort,
        podCidr, simulatedNodes);
    AgentProcess agent;
    try {
      agent = AgentProcess.start(options, System.out::println);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("coxswain agent: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("coxswain agent: shutting down (pods keep running; a restarted agent adopts them)");
      agent.close();
      stopped.countDown();
    }, "coxswain-agent-shutdown"));
    stopped.await();
    return 0;
  }
}
