package io.coxswain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real pods on real agents: a server with its own agent (node "e2e-a") plus a second agent started
 * as its own JVM with {@code agent --join} (node "e2e-b"). kubectl applies pods pinned to each node
 * with nodeName; they run as processes; logs, exec, restarts and deletion work as on Kubernetes.
 * Then a ReplicaSet's pods are scheduled over both nodes, and when the second agent is killed its
 * pods are evicted and replaced on the first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeAgentEndToEndTest {
  static final String MARKER = "cx-e2e-" + UUID.randomUUID().toString().substring(0, 8);

  @TempDir
  static Path tmp;

  static TestServer server;
  static Kubectl kubectl;
  static Process agentB;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start("e2e-a");
    kubectl = new Kubectl(server.kubeconfig(), tmp.resolve("kube-cache"));
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), "io.coxswain.cli.Main", "agent",
        "--join", "127.0.0.1:" + server.clusterPort(), "--node-name", "e2e-b",
        "--data-dir", tmp.resolve("agent-b").toString(), "--pod-cidr", "10.244.251.0/24", "--labels", "zone=b"));
    agentB = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("agent-b.log").toFile()).start();
    await("both nodes Ready", Duration.ofSeconds(90), () ->
        kubectl.run("get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type==\"Ready\")].status} {end}")
            .stdout().contains("e2e-a=True") && kubectl.run("get", "nodes", "-o", "jsonpath={.items[*].metadata.name}").stdout().contains("e2e-b")
            && kubectl.run("get", "node", "e2e-b", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").stdout().equals("True"));
    kubectl.ok("create", "namespace", "agents");
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      // pods of the killed agent stay Terminating (no agent finishes them), so nothing waits for them
      if (kubectl != null) kubectl.run("delete", "pods", "--all", "-n", "agents", "--wait=false");
    } finally {
      if (agentB != null) {
        agentB.destroy();
        if (!agentB.waitFor(30, TimeUnit.SECONDS)) agentB.destroyForcibly();
      }
      if (server != null) server.close();
      // Pods outlive their agents by design; make sure none of this test's processes stay behind.
      new ProcessBuilder("pkill", "-KILL", "-f", MARKER).start().waitFor(10, TimeUnit.SECONDS);
      cleanUpAfterKilledAgent();
    }
  }

  private static String ticker(String name, String node) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: agents
        spec:
          nodeName: %s
          terminationGracePeriodSeconds: 2
          containers:
          - name: app
            image: busybox
            command: ["sh", "-c", "echo started %s; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done; : %s"]
        """.formatted(name, node, name, MARKER);
  }

  @Test
  @Order(1)
  void podsPinnedToEachNodeRunAsProcesses() throws Exception {
    Path manifest = tmp.resolve("pods.yaml");
    Files.writeString(manifest, ticker("on-a", "e2e-a") + "---\n" + ticker("on-b", "e2e-b"));
    kubectl.ok("apply", "-f", manifest.toString());
    kubectl.ok("wait", "-n", "agents", "--for=condition=Ready", "pod/on-a", "pod/on-b", "--timeout=60s");
    var wide = kubectl.ok("get", "pods", "-n", "agents", "-o", "wide").stdout();
    assertTrue(wide.contains("e2e-a") && wide.contains("e2e-b"), wide);
    assertTrue(pgrep("on-a").size() >= 1, "the pod's shell runs as a process on this machine");
    String ipA = kubectl.ok("get", "pod", "on-a", "-n", "agents", "-o", "jsonpath={.status.podIP}").stdout();
    String ipB = kubectl.ok("get", "pod", "on-b", "-n", "agents", "-o", "jsonpath={.status.podIP}").stdout();
    assertFalse(ipA.isEmpty() || ipA.equals(ipB), "each pod has its own address: " + ipA + " " + ipB);
  }

  @Test
  @Order(2)
  void logsFollowTheContainersOutputOnBothNodes() {
    for (String pod : List.of("on-a", "on-b")) {
      assertTrue(kubectl.ok("logs", pod, "-n", "agents").stdout().startsWith("started " + pod));
      try (Kubectl.Background follow = kubectl.background("logs", "-f", pod, "-n", "agents", "--tail=1")) {
        String out = follow.awaitOutput("three new ticks", s -> s.lines().filter(l -> l.startsWith("tick")).count() >= 3,
            Duration.ofSeconds(20));
        assertFalse(out.contains("started"), "--tail=1 starts at the end: " + out);
      }
      String stamped = kubectl.ok("logs", pod, "-n", "agents", "--tail=1", "--timestamps").stdout();
      assertTrue(stamped.matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z tick \\d+\\s*"), stamped);
    }
  }

  @Test
  @Order(3)
  void execPassesTheExitCodeAndOutputThrough() {
    for (String pod : List.of("on-a", "on-b")) {
      Kubectl.Result three = kubectl.run("exec", pod, "-n", "agents", "--", "sh", "-c", "exit 3");
      assertEquals(3, three.exitCode(), three.describe());
      assertEquals("hello from " + pod, kubectl.ok("exec", pod, "-n", "agents", "--", "sh", "-c", "echo hello from " + pod).stdout().trim());
      Kubectl.Result echoed = kubectl.runWithInput("piped in\n", "exec", "-i", pod, "-n", "agents", "--", "cat");
      assertEquals("piped in", echoed.stdout().trim(), echoed.describe());
    }
  }

  @Test
  @Order(4)
  void aKilledContainerIsRestartedAndCounted() throws Exception {
    for (String pod : List.of("on-a", "on-b")) {
      List<Long> pids = pgrep(pod);
      assertFalse(pids.isEmpty(), "the container's process is found");
      new ProcessBuilder("kill", "-KILL", String.valueOf(pids.get(0))).start().waitFor();
      await(pod + " restarted", Duration.ofSeconds(60), () -> restartCount(pod) >= 1 && ready(pod));
      assertTrue(kubectl.ok("logs", pod, "-n", "agents", "--previous").stdout().startsWith("started " + pod),
          "the previous attempt's log is kept");
    }
  }

  @Test
  @Order(5)
  void deletingAPodStopsItsProcesses() throws Exception {
    kubectl.ok("delete", "pod", "on-a", "on-b", "-n", "agents", "--timeout=60s");
    await("processes gone", Duration.ofSeconds(30), () -> pgrep("on-a").isEmpty() && pgrep("on-b").isEmpty());
    assertTrue(kubectl.run("get", "pod", "on-a", "-n", "agents").stderr().contains("NotFound"));
  }

  @Test
  @Order(6)
  void unscheduledPodsAreSpreadOverBothNodesByTheScheduler() throws Exception {
    Path manifest = tmp.resolve("spread.yaml");
    Files.writeString(manifest, """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: spread, namespace: agents}
        spec:
          replicas: 4
          selector: {matchLabels: {app: spread}}
          template:
            metadata: {labels: {app: spread}}
            spec:
              terminationGracePeriodSeconds: 1
              tolerations:
              - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
              containers:
              - name: app
                image: busybox
                command: ["sh", "-c", "sleep 3600; : %s"]
        """.formatted(MARKER));
    kubectl.ok("apply", "-f", manifest.toString());
    await("4 pods Running", Duration.ofSeconds(60), () -> runningOn("e2e-a") + runningOn("e2e-b") == 4);
    assertTrue(runningOn("e2e-a") >= 1 && runningOn("e2e-b") >= 1,
        kubectl.ok("get", "pods", "-n", "agents", "-o", "wide").stdout());
    String events = kubectl.ok("get", "events", "-n", "agents", "--field-selector", "reason=Scheduled").stdout();
    assertTrue(events.contains("Successfully assigned agents/spread-"), events);
  }

  @Test
  @Order(7)
  void podsOfAKilledAgentAreReplacedOnTheRemainingNode() throws Exception {
    agentB.destroyForcibly(); // kill -9: the agent's member becomes unreachable, nothing is said
    agentB.waitFor(30, TimeUnit.SECONDS);
    await("e2e-b is Ready=Unknown and tainted unreachable", Duration.ofSeconds(60), () -> {
      String node = kubectl.run("get", "node", "e2e-b", "-o",
          "jsonpath={.status.conditions[?(@.type==\"Ready\")].status} {.spec.taints[*].key}").stdout();
      return node.startsWith("Unknown") && node.contains("node.kubernetes.io/unreachable");
    });
    // Evicted after their 2 s toleration; the ReplicaSet replaces them on the node that is left.
    await("4 pods Running on e2e-a", Duration.ofSeconds(60), () -> runningOn("e2e-a") == 4);
    String pods = kubectl.ok("get", "pods", "-n", "agents", "-l", "app=spread", "-o",
        "jsonpath={range .items[*]}{.spec.nodeName}:{.metadata.deletionTimestamp} {end}").stdout();
    for (String p : pods.trim().split(" ")) {
      if (p.startsWith("e2e-b:")) assertFalse(p.equals("e2e-b:"), "every pod left on e2e-b is being deleted: " + pods);
    }
    kubectl.ok("delete", "replicaset", "spread", "-n", "agents", "--wait=false");
    // the garbage collector deletes the pods; those on e2e-a are stopped by its agent
    await("no pod left on e2e-a", Duration.ofSeconds(60), () -> kubectl.run("get", "pods", "-n", "agents", "-o",
        "jsonpath={.items[*].spec.nodeName}").stdout().contains("e2e-a") == false);
  }

  /**
   * The killed agent never tore down its pods' sandboxes: their mounts under the data directory,
   * their network namespaces and its bridge (the one holding 10.244.251.1) are removed here, and
   * so is its service proxy's ClusterIP interface.
   */
  private static void cleanUpAfterKilledAgent() throws IOException, InterruptedException {
    for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
      String[] f = line.split(" ");
      if (f.length > 1 && f[1].startsWith(tmp.toString())) run("umount", "-l", f[1]);
    }
    String bridges = output("ip", "-o", "-4", "addr", "show");
    for (String line : bridges.lines().toList()) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 3 && f[3].startsWith("10.244.251.1/")) {
        String bridge = f[1];
        for (String ns : output("ip", "netns", "list").lines().toList()) {
          String name = ns.split(" ")[0];
          if (name.startsWith(bridge + "-")) run("ip", "netns", "del", name);
        }
        run("ip", "link", "del", bridge);
      }
    }
    String proxyInterface = io.coxswain.agent.service.ClusterIPInterface.interfaceName("e2e-b");
    if (Files.exists(Path.of("/sys/class/net", proxyInterface))) run("ip", "link", "del", proxyInterface);
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
        .waitFor(10, TimeUnit.SECONDS);
  }

  private static String output(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  private static long runningOn(String node) {
    String out = kubectl.run("get", "pods", "-n", "agents", "-l", "app=spread", "-o",
        "jsonpath={range .items[*]}{.spec.nodeName}/{.status.phase}/{.metadata.deletionTimestamp} {end}").stdout();
    return out.lines().flatMap(l -> java.util.Arrays.stream(l.split(" "))).filter(s -> s.equals(node + "/Running/")).count();
  }

  private static int restartCount(String pod) {
    String s = kubectl.run("get", "pod", pod, "-n", "agents", "-o", "jsonpath={.status.containerStatuses[0].restartCount}").stdout();
    return s.isBlank() ? 0 : Integer.parseInt(s.trim());
  }

  private static boolean ready(String pod) {
    return kubectl.run("get", "pod", pod, "-n", "agents", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")
        .stdout().equals("True");
  }

  /** The container's own process: the shell of its command line (not the runtime's shim around it). */
  private static List<Long> pgrep(String pod) {
    try {
      Process p = new ProcessBuilder("pgrep", "-f", "^sh -c echo started " + pod + ";.*" + MARKER).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      return out.lines().filter(l -> !l.isBlank()).map(Long::parseLong).toList();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(250);
    }
  }
}
