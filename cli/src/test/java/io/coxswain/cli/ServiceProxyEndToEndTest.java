package io.coxswain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
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
 * Services carrying traffic between real processes: a server with its own agent plus a second
 * agent JVM (both proxy every Service, sharing its addresses), a 3-replica Deployment of a small
 * HTTP server that answers with its pod's name, and a NodePort Service in front. Requests through
 * the NodePort on 127.0.0.1 and through the ClusterIP from inside a pod's network namespace reach
 * all three pods; a replica failing its readiness probe stops getting traffic; at zero replicas
 * connections are refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.Tag("fails-on-cassandra") // see the cli pom: not yet passing on the Cassandra journal
class ServiceProxyEndToEndTest {
  static final String MARKER = "cx-svc-" + UUID.randomUUID().toString().substring(0, 8);
  static final Random RANDOM = new Random();
  /** Distinct per run, so parallel runs on one machine never share an address. */
  static final String SUFFIX = Integer.toHexString(RANDOM.nextInt(0x10000));
  static final String NODE_A = "svc-a-" + SUFFIX;
  static final String NODE_B = "svc-b-" + SUFFIX;
  static final String CLUSTER_IP = "10.96." + (100 + RANDOM.nextInt(100)) + "." + (2 + RANDOM.nextInt(250));
  static final int REQUESTS = 60;
  /** The pods' HTTP server: / answers "pod=NAME", /ready is 503 after /fail. */
  static final String SERVER = """
      import http.server, os
      name = os.environ["POD_NAME"]
      state = {"ready": True}
      class H(http.server.BaseHTTPRequestHandler):
          def do_GET(self):
              if self.path == "/fail":
                  state["ready"] = False
              code = 503 if self.path == "/ready" and not state["ready"] else 200
              body = ("pod=" + name + "\\n").encode()
              self.send_response(code)
              self.send_header("Content-Length", str(len(body)))
              self.end_headers()
              self.wfile.write(body)
          def log_message(self, *args):
              pass
      http.server.ThreadingHTTPServer(("0.0.0.0", 8080), H).serve_forever()
      """;

  @TempDir
  static Path tmp;

  static TestServer server;
  static Kubectl kubectl;
  static Process agentB;
  static int nodePort;

  @BeforeAll
  static void start() throws Exception {
    nodePort = freeNodePort();
    server = TestServer.start(NODE_A);
    kubectl = new Kubectl(server.kubeconfig(), tmp.resolve("kube-cache"));
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), "io.coxswain.cli.Main", "agent",
        "--join", "127.0.0.1:" + server.clusterPort(), "--node-name", NODE_B,
        "--data-dir", tmp.resolve("agent-b").toString(), "--pod-cidr", freePodCidr()));
    agentB = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("agent-b.log").toFile()).start();
    await("both nodes Ready", Duration.ofSeconds(90), () -> ready("node", NODE_A, null) && ready("node", NODE_B, null));
    kubectl.ok("create", "namespace", "svc");
    for (ObjectNode manifest : List.of(deployment(3), service())) {
      Kubectl.Result applied = kubectl.runWithInput(manifest.toString(), "apply", "-f", "-");
      assertTrue(applied.ok(), applied.describe());
    }
    try {
      await("3 ready endpoints", Duration.ofSeconds(90), () -> readyEndpoints() == 3);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + kubectl.run("get", "pods,svc,endpointslices", "-n", "svc", "-o", "wide").stdout()
          + kubectl.run("get", "endpointslices", "-n", "svc", "-o", "yaml").stdout(), e);
    }
  }

  /**
   * A 10.244.N.0/24 (N in 200..239) that no interface of this machine holds: a bridge another
   * agent left behind with the same subnet would take the route to the pod's address.
   */
  static String freePodCidr() throws Exception {
    Process p = new ProcessBuilder("ip", "-o", "-4", "addr", "show").redirectErrorStream(true).start();
    String held = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    for (int tries = 0; tries < 100; tries++) {
      int n = 200 + RANDOM.nextInt(40);
      if (!held.contains(" 10.244." + n + ".")) return "10.244." + n + ".0/24";
    }
    throw new IllegalStateException("every 10.244.200-239.0/24 is held by an interface of this machine");
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (kubectl != null) kubectl.run("delete", "deployment", "echo", "-n", "svc", "--wait=false");
      if (kubectl != null) kubectl.run("delete", "pods", "--all", "-n", "svc", "--timeout=60s");
    } finally {
      if (agentB != null) {
        agentB.destroy();
        if (!agentB.waitFor(30, TimeUnit.SECONDS)) agentB.destroyForcibly();
      }
      if (server != null) server.close();
      new ProcessBuilder("pkill", "-KILL", "-f", MARKER).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  static ObjectNode deployment(int replicas) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    d.put("apiVersion", "apps/v1").put("kind", "Deployment");
    d.putObject("metadata").put("name", "echo").put("namespace", "svc");
    ObjectNode spec = d.putObject("spec").put("replicas", replicas);
    spec.putObject("selector").putObject("matchLabels").put("app", "echo");
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", "echo");
    ObjectNode pod = template.putObject("spec").put("terminationGracePeriodSeconds", 1);
    ObjectNode c = pod.putArray("containers").addObject().put("name", "http").put("image", "python");
    c.putArray("command").add("python3").add("-c").add(SERVER).add(MARKER);
    c.putArray("ports").addObject().put("containerPort", 8080).put("name", "http");
    c.putArray("env").addObject().put("name", "POD_NAME").putObject("valueFrom").putObject("fieldRef")
        .put("fieldPath", "metadata.name");
    c.putObject("readinessProbe").put("periodSeconds", 1).put("failureThreshold", 1)
        .putObject("httpGet").put("path", "/ready").put("port", 8080);
    return d;
  }

  /** ClusterIP and NodePort given explicitly: valid Kubernetes input, honoured once they are free. */
  static ObjectNode service() {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("apiVersion", "v1").put("kind", "Service");
    s.putObject("metadata").put("name", "echo").put("namespace", "svc");
    ObjectNode spec = s.putObject("spec").put("type", "NodePort").put("clusterIP", CLUSTER_IP);
    spec.putObject("selector").put("app", "echo");
    spec.putArray("ports").addObject().put("name", "http").put("port", 80).put("targetPort", "http").put("nodePort", nodePort);
    return s;
  }

  @Test
  @Order(1)
  void requestsThroughTheNodePortReachAllThreePods() throws Exception {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < REQUESTS; i++) seen.add(get("127.0.0.1", nodePort));
    assertEquals(podNames(), seen);
  }

  @Test
  @Order(2)
  void requestsThroughTheClusterIPFromAPodReachAllThreePods() {
    String pod = podNames().iterator().next().substring("pod=".length());
    // kubectl exec runs in the pod's network namespace: the ClusterIP is reached over its default route.
    String script = "import urllib.request\nfor i in range(" + REQUESTS + "):\n"
        + "    print(urllib.request.urlopen('http://" + CLUSTER_IP + ":80/', timeout=5).read().decode().strip())\n";
    Kubectl.Result r = kubectl.run("exec", pod, "-n", "svc", "--", "python3", "-c", script);
    assertTrue(r.ok(), r.describe());
    assertEquals(podNames(), new HashSet<>(r.lines()));
    assertTrue(ipAddresses().contains(CLUSTER_IP + "/32"), "the ClusterIP is a local address of the node");
  }

  @Test
  @Order(3)
  void aReplicaFailingItsReadinessProbeGetsNoTraffic() throws Exception {
    String failing = podNames().iterator().next().substring("pod=".length());
    String ip = kubectl.ok("get", "pod", failing, "-n", "svc", "-o", "jsonpath={.status.podIP}").stdout().trim();
    get(ip, 8080, "/fail");
    await(failing + " not ready", Duration.ofSeconds(30), () -> !ready("pod", failing, "svc"));
    await("2 ready endpoints", Duration.ofSeconds(30), () -> readyEndpoints() == 2);
    Set<String> expected = new HashSet<>(podNames());
    expected.remove("pod=" + failing);
    // the proxies learn of the slice change shortly after the API has it
    await("no more traffic to " + failing, Duration.ofSeconds(10), () -> {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 20; i++) seen.add(get("127.0.0.1", nodePort));
      return !seen.contains("pod=" + failing);
    });
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < REQUESTS; i++) seen.add(get("127.0.0.1", nodePort));
    assertEquals(expected, seen);
  }

  @Test
  @Order(4)
  void atZeroReplicasConnectionsAreRefused() throws Exception {
    kubectl.ok("scale", "deployment", "echo", "-n", "svc", "--replicas=0");
    await("no endpoints", Duration.ofSeconds(60), () -> readyEndpoints() == 0);
    // refused, not left to time out: nobody listens, so the node answers the SYN with a reset
    await("the NodePort refuses", Duration.ofSeconds(10), () -> refuses("127.0.0.1", nodePort));
    assertTrue(refuses(CLUSTER_IP, 80), "the ClusterIP refuses too");
  }

  @Test
  @Order(5)
  void deletingTheServiceRemovesItsClusterIPFromTheNode() throws Exception {
    kubectl.ok("delete", "service", "echo", "-n", "svc");
    await("the ClusterIP removed", Duration.ofSeconds(20), () -> !ipAddresses().contains(CLUSTER_IP + "/32"));
  }

  /** One HTTP/1.0 request on a new connection; the body's first line. */
  static String get(String host, int port) {
    return get(host, port, "/");
  }

  static String get(String host, int port, String path) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 5000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.0\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int body = response.indexOf("\r\n\r\n");
      return body < 0 ? response : response.substring(body + 4).trim();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(host + ":" + port + path, e);
    }
  }

  static boolean refuses(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2000);
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static Set<String> podNames() {
    String names = kubectl.ok("get", "pods", "-n", "svc", "-l", "app=echo", "-o",
        "jsonpath={range .items[*]}{.metadata.name}{\" \"}{end}").stdout().trim();
    Set<String> out = new HashSet<>();
    for (String n : names.split("\\s+")) if (!n.isEmpty()) out.add("pod=" + n);
    return out;
  }

  static int readyEndpoints() {
    var slices = kubectl.run("get", "endpointslices", "-n", "svc", "-l", "kubernetes.io/service-name=echo", "-o", "json");
    if (!slices.ok()) return -1;
    int n = 0;
    for (var slice : slices.json().path("items")) {
      for (var e : slice.path("endpoints")) if (e.path("conditions").path("ready").asBoolean(true)) n++;
    }
    return n;
  }

  static boolean ready(String kind, String name, String namespace) {
    List<String> args = new ArrayList<>(List.of("get", kind, name, "-o",
        "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"));
    if (namespace != null) args.addAll(List.of("-n", namespace));
    return kubectl.run(args.toArray(String[]::new)).stdout().equals("True");
  }

  static String ipAddresses() {
    try {
      Process p = new ProcessBuilder("ip", "-o", "-4", "addr", "show").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A NodePort nobody on this machine listens on. */
  static int freeNodePort() throws IOException {
    for (int i = 0; i < 100; i++) {
      int port = 30000 + RANDOM.nextInt(2768);
      try (ServerSocket s = new ServerSocket(port)) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port in the NodePort range");
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(250);
    }
  }
}
