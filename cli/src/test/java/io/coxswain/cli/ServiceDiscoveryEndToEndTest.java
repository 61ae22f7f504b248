package io.coxswain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import io.coxswain.agent.NodeAgents;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real pod process finds a Service through the agent's cluster DNS and its environment: a server
 * with its node agent (as root, so the pod has its own network namespace and mount namespace), a
 * Service with an explicit cluster IP, and a pod that runs {@code getent hosts} on the Service's
 * names and prints its Service variables, /etc/resolv.conf and /etc/hosts.
 *
 * <p>The cluster DNS gets an address of its own for this test, and the node's resolvers are a
 * file naming nothing that answers, so no query leaves the machine.
 */
class ServiceDiscoveryEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String CLUSTER_IP = "10.96.77.7";

  @TempDir
  static Path tmp;

  static String dnsIP;
  static TestServer server;
  static Kubectl kubectl;

  @BeforeAll
  static void start() throws Exception {
    dnsIP = "10.97." + ThreadLocalRandom.current().nextInt(1, 250) + "." + ThreadLocalRandom.current().nextInt(1, 250);
    Path resolvConf = tmp.resolve("node-resolv.conf");
    Files.writeString(resolvConf, "nameserver 127.0.0.1:9\n");
    System.setProperty("coxswain.services.cluster-dns", dnsIP);
    System.setProperty("coxswain.agent.dns.resolv-conf", resolvConf.toString());
    ConfigFactory.invalidateCaches();
    server = TestServer.start("dns-node");
    kubectl = new Kubectl(server.kubeconfig(), tmp.resolve("kube-cache"));
  }

  @AfterAll
  static void stop() {
    try {
      if (kubectl != null) kubectl.run("delete", "pod", "dns-client", "--wait=true", "--timeout=60s");
    } finally {
      if (server != null) server.close();
      System.clearProperty("coxswain.services.cluster-dns");
      System.clearProperty("coxswain.agent.dns.resolv-conf");
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void aPodResolvesAServiceByNameAndSeesItsVariables() throws Exception {
    NodeAgents.Discovery discovery = server.plane().agents().discovery().orElseThrow();
    Optional<InetSocketAddress> dns = discovery.dns().address();
    assumeTrue(dns.isPresent() && dns.get().getPort() == 53, "the cluster DNS needs root to listen on its address");
    kubectl.ok("create", "-f", write("service.yaml", """
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          clusterIP: %s
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        """.formatted(CLUSTER_IP)));
    // The Service reaches the agent through the watch cache; the pod's variables are fixed when it starts.
    await("the agent's DNS knows the Service", () -> answer(dns.get(), "web.default.svc.cluster.local.").equals(CLUSTER_IP));
    kubectl.ok("create", "-f", write("pod.yaml", """
        apiVersion: v1
        kind: Pod
        metadata: {name: dns-client, namespace: default}
        spec:
          nodeName: dns-node
          terminationGracePeriodSeconds: 1
          containers:
          - name: app
            image: busybox
            command: ["sh", "-c", "getent hosts web.default.svc.cluster.local; getent hosts web; echo WEB_SERVICE_HOST=$WEB_SERVICE_HOST WEB_SERVICE_PORT_HTTP=$WEB_SERVICE_PORT_HTTP WEB_PORT=$WEB_PORT; cat /etc/resolv.conf /etc/hosts; echo done; sleep 3600"]
        """));
    await("the pod's output", () -> kubectl.run("logs", "dns-client").stdout().contains("done"));
    String out = kubectl.ok("logs", "dns-client").stdout();
    assertTrue(out.matches("(?s).*" + CLUSTER_IP.replace(".", "\\.") + "\\s+web\\.default\\.svc\\.cluster\\.local\\n"
        + CLUSTER_IP.replace(".", "\\.") + "\\s+web\\.default\\.svc\\.cluster\\.local\\n.*"), "both the full and the short name resolve:\n" + out);
    assertTrue(out.contains("WEB_SERVICE_HOST=" + CLUSTER_IP + " WEB_SERVICE_PORT_HTTP=80 WEB_PORT=tcp://" + CLUSTER_IP + ":80"), out);
    assertTrue(out.contains("search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver " + dnsIP + "\noptions ndots:5\n"), out);
    String podIP = kubectl.ok("get", "pod", "dns-client", "-o", "jsonpath={.status.podIP}").stdout();
    assertTrue(out.contains("# Kubernetes-managed hosts file.") && out.contains(podIP + "\tdns-client"), out);
  }

  private static String answer(InetSocketAddress dns, String name) {
    try {
      SimpleResolver resolver = new SimpleResolver(dns);
      resolver.setTimeout(Duration.ofSeconds(2));
      Message m = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
      return m.getSection(Section.ANSWER).stream().filter(r -> r instanceof ARecord)
          .map(r -> ((ARecord) r).getAddress().getHostAddress()).findFirst().orElse("");
    } catch (Exception e) {
      return "";
    }
  }

  private static String write(String name, String content) throws Exception {
    Path file = tmp.resolve(name);
    Files.writeString(file, content);
    return file.toString();
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(250);
    }
  }
}
