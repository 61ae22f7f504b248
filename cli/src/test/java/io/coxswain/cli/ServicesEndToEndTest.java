package io.coxswain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.cli.Kubectl.Result;
import io.coxswain.core.services.ServiceCidr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service addresses through the real kubectl against a really started server with its own node
 * agent (node "svc-a", pods as processes): the cluster's own Services, expose and create service
 * of every type (protobuf bodies), the columns of get svc, describe svc with endpoints from
 * EndpointSlices, refused requests, races over one address through the HTTP API, and addresses
 * that are free again after a delete.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicesEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ServiceCidr RANGE = ServiceCidr.parse("10.96.0.0/12");

  @TempDir
  static Path tmp;

  static TestServer server;
  static Kubectl kubectl;
  static RawApi api;

  @BeforeAll
  static void start() {
    server = TestServer.start("svc-a");
    kubectl = new Kubectl(server.kubeconfig(), tmp.resolve("kube-cache"));
    api = new RawApi(server.url());
    kubectl.ok("create", "namespace", "shop");
  }

  @AfterAll
  static void stop() {
    try {
      // Pods are processes that outlive their agent: remove them while the agent still runs.
      if (kubectl != null) {
        kubectl.run("delete", "deployments,pods", "--all", "-n", "shop", "--grace-period=1");
        await("the pods are gone", WAIT, () -> kubectl.run("get", "pods", "-n", "shop", "-o", "name").stdout().isBlank());
      }
    } finally {
      if (server != null) server.close();
    }
  }

  @Test
  @Order(1)
  void theClusterHasItsOwnServices() {
    Result svc = kubectl.ok("get", "svc", "-A");
    assertEquals(List.of("NAMESPACE", "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"),
        List.of(svc.lines().get(0).split("\\s+")), svc.describe());
    assertLine(svc, "default\\s+kubernetes\\s+ClusterIP\\s+10\\.96\\.0\\.1\\s+<none>\\s+443/TCP\\s+\\S+");
    assertLine(svc, "kube-system\\s+kube-dns\\s+ClusterIP\\s+10\\.96\\.0\\.10\\s+<none>\\s+53/UDP,53/TCP,9153/TCP\\s+\\S+");
    JsonNode dns = kubectl.ok("get", "svc", "kube-dns", "-n", "kube-system", "-o", "json").json();
    assertEquals("node-agent", dns.at("/metadata/annotations/coxswain.io~1served-by").asText(), dns.toString());
    assertEquals("kube-dns", dns.at("/metadata/labels/k8s-app").asText(), dns.toString());

    String port = Integer.toString(server.plane().apiPort());
    JsonNode ep = kubectl.ok("get", "endpoints", "kubernetes", "-o", "json").json();
    assertEquals("127.0.0.1", ep.at("/subsets/0/addresses/0/ip").asText(), ep.toString());
    assertEquals(port, ep.at("/subsets/0/ports/0/port").asText(), ep.toString());
    assertLine(kubectl.ok("get", "endpointslices", "-n", "default"), "kubernetes\\s+IPv4\\s+" + port + "\\s+127\\.0\\.0\\.1\\s+\\S+");
    Result describe = kubectl.ok("describe", "svc", "kubernetes");
    assertLine(describe, "TargetPort:\\s+" + port + "/TCP");
    assertLine(describe, "Endpoints:\\s+127\\.0\\.0\\.1:" + port);

    Result ips = kubectl.ok("get", "ipaddresses");
    assertLine(ips, "10\\.96\\.0\\.1\\s+services/default/kubernetes");
    assertLine(ips, "10\\.96\\.0\\.10\\s+services/kube-system/kube-dns");
  }

  @Test
  @Order(2)
  void exposeGivesADeploymentAStableAddressWithItsPodsBehindIt() {
    kubectl.ok("create", "deployment", "web", "-n", "shop", "--image=busybox", "--replicas=2", "--", "sleep", "3600");
    assertLine(kubectl.ok("expose", "deployment", "web", "-n", "shop", "--port=80", "--target-port=8080"), "service/web exposed");
    JsonNode svc = kubectl.ok("get", "svc", "web", "-n", "shop", "-o", "json").json();
    String ip = svc.at("/spec/clusterIP").asText();
    assertTrue(RANGE.contains(ip), svc.toString());
    assertEquals("[\"" + ip + "\"]", svc.at("/spec/clusterIPs").toString());
    assertEquals("[\"IPv4\"]", svc.at("/spec/ipFamilies").toString());
    assertEquals("SingleStack", svc.at("/spec/ipFamilyPolicy").asText());
    JsonNode address = kubectl.ok("get", "ipaddress", ip, "-o", "json").json();
    assertEquals("services", address.at("/spec/parentRef/resource").asText(), address.toString());
    assertEquals("shop", address.at("/spec/parentRef/namespace").asText(), address.toString());
    assertEquals("web", address.at("/spec/parentRef/name").asText(), address.toString());

    kubectl.ok("rollout", "status", "deployment/web", "-n", "shop", "--timeout=90s");
    await("both pods are endpoints", WAIT, () -> kubectl.run("get", "endpointslices", "-n", "shop",
        "-l", "kubernetes.io/service-name=web", "-o", "jsonpath={.items[*].endpoints[*].addresses[0]}").stdout().split(" ").length == 2);
    Result describe = kubectl.ok("describe", "svc", "web", "-n", "shop");
    assertLine(describe, "Type:\\s+ClusterIP");
    assertLine(describe, "IP:\\s+" + Pattern.quote(ip));
    assertLine(describe, "IPs:\\s+" + Pattern.quote(ip));
    assertLine(describe, "Port:\\s+<unset>\\s+80/TCP");
    assertLine(describe, "TargetPort:\\s+8080/TCP");
    assertLine(describe, "Endpoints:\\s+\\S+:8080,\\S+:8080");

    kubectl.ok("run", "single", "-n", "shop", "--image=busybox", "--labels=app=single", "--", "sleep", "3600");
    assertLine(kubectl.ok("expose", "pod", "single", "-n", "shop", "--port=81", "--name=single"), "service/single exposed");
    assertLine(kubectl.ok("get", "svc", "single", "-n", "shop", "-o", "wide"),
        "single\\s+ClusterIP\\s+10\\.\\S+\\s+<none>\\s+81/TCP\\s+\\S+\\s+app=single");
  }

  @Test
  @Order(3)
  void createServiceMakesEveryType() {
    assertLine(kubectl.ok("create", "service", "nodeport", "np", "-n", "shop", "--tcp=80:8080", "--node-port=30080"),
        "service/np created");
    assertLine(kubectl.ok("create", "service", "nodeport", "np-any", "-n", "shop", "--tcp=8443:8443"), "service/np-any created");
    assertLine(kubectl.ok("create", "service", "loadbalancer", "lb", "-n", "shop", "--tcp=443:8443"), "service/lb created");
    assertLine(kubectl.ok("create", "service", "externalname", "ext", "-n", "shop", "--external-name=db.example.com"),
        "service/ext created");
    assertLine(kubectl.ok("create", "service", "clusterip", "headless", "-n", "shop", "--clusterip=None", "--tcp=80:80"),
        "service/headless created");

    String node = kubectl.ok("get", "node", "svc-a", "-o",
        "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}").stdout().strip();
    assertFalse(node.isEmpty());
    await("the load balancer lists the node", WAIT, () -> kubectl.run("get", "svc", "lb", "-n", "shop", "-o",
        "jsonpath={.status.loadBalancer.ingress[*].ip}").stdout().strip().equals(node));

    Result wide = kubectl.ok("get", "svc", "-n", "shop", "-o", "wide");
    assertEquals(List.of("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"),
        List.of(wide.lines().get(0).split("\\s+")), wide.describe());
    assertLine(wide, "np\\s+NodePort\\s+10\\.\\S+\\s+<none>\\s+80:30080/TCP\\s+\\S+\\s+app=np");
    assertLine(wide, "np-any\\s+NodePort\\s+10\\.\\S+\\s+<none>\\s+8443:3\\d{4}/TCP\\s+\\S+\\s+app=np-any");
    assertLine(wide, "lb\\s+LoadBalancer\\s+10\\.\\S+\\s+" + Pattern.quote(node) + "\\s+443:3\\d{4}/TCP\\s+\\S+\\s+app=lb");
    assertLine(wide, "ext\\s+ExternalName\\s+<none>\\s+db\\.example\\.com\\s+<none>\\s+\\S+\\s+app=ext");
    assertLine(wide, "headless\\s+ClusterIP\\s+None\\s+<none>\\s+80/TCP\\s+\\S+\\s+app=headless");
    assertLine(kubectl.ok("describe", "svc", "np", "-n", "shop"), "NodePort:\\s+80-8080\\s+30080/TCP");
    assertLine(kubectl.ok("get", "nodeportallocations"), "30080\\s+services/shop/np\\s+\\S+");
  }

  @Test
  @Order(4)
  void refusesTakenAndOutOfRangeAddressesWithKubernetesMessages() {
    Result taken = kubectl.runWithInput(service("copy", "clusterIP: 10.96.0.10", "ClusterIP", ""), "apply", "-f", "-");
    assertFalse(taken.ok(), taken.describe());
    assertTrue(taken.stderr().contains("Service \"copy\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.10\"}: "
        + "failed to allocate IP 10.96.0.10: provided IP is already allocated"), taken.describe());
    Result outside = kubectl.runWithInput(service("outside", "clusterIP: 192.168.7.7", "ClusterIP", ""), "apply", "-f", "-");
    assertTrue(outside.stderr().contains("the provided IP (192.168.7.7) is not in the valid range. The range of valid IPs is "
        + "10.96.0.0/12"), outside.describe());
    Result port = kubectl.runWithInput(service("copy-np", "", "NodePort", ", nodePort: 30080"), "apply", "-f", "-");
    assertTrue(port.stderr().contains("spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated"),
        port.describe());
    Result range = kubectl.runWithInput(service("low-np", "", "NodePort", ", nodePort: 8080"), "apply", "-f", "-");
    assertTrue(range.stderr().contains("provided port is not in the valid range. The range of valid ports is 30000-32767"),
        range.describe());
    assertTrue(kubectl.run("get", "svc", "copy", "-n", "shop").stderr().contains("NotFound"), "nothing was stored");
  }

  @Test
  @Order(5)
  void concurrentRequestsForOneAddressThroughTheApiLetExactlyOneWin() {
    for (String field : List.of("\"clusterIP\": \"10.96.200.7\"", "\"type\": \"NodePort\"")) {
      List<CompletableFuture<RawApi.Answer>> posts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String nodePort = field.contains("NodePort") ? ", \"nodePort\": 31999" : "";
        String body = "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"race-"
            + (nodePort.isEmpty() ? "ip-" : "np-") + i + "\"}, \"spec\": {" + field
            + ", \"ports\": [{\"port\": 80" + nodePort + "}]}}";
        posts.add(CompletableFuture.supplyAsync(() -> api.post("/api/v1/namespaces/shop/services", body)));
      }
      int created = 0;
      for (CompletableFuture<RawApi.Answer> post : posts) {
        RawApi.Answer a = post.join();
        if (a.code() == 201) {
          created++;
        } else {
          assertEquals(422, a.code(), a.text());
          assertEquals("Invalid", a.json().path("reason").asText(), a.text());
          assertTrue(a.json().path("message").asText().contains("already allocated"), a.text());
        }
      }
      assertEquals(1, created, "one create wins for " + field);
    }
  }

  @Test
  @Order(6)
  void aDeletedServicesAddressesAreFreeAgain() {
    JsonNode np = kubectl.ok("get", "svc", "np", "-n", "shop", "-o", "json").json();
    String ip = np.at("/spec/clusterIP").asText();
    kubectl.ok("delete", "svc", "np", "-n", "shop");
    assertTrue(kubectl.run("get", "ipaddress", ip).stderr().contains("NotFound"), "the cluster IP is freed");
    assertFalse(kubectl.ok("get", "nodeportallocations").stdout().contains("30080"), "the node port is freed");
    Result again = kubectl.runWithInput(service("np-again", "clusterIP: " + ip, "NodePort", ", nodePort: 30080"), "apply", "-f", "-");
    assertTrue(again.ok(), again.describe());
    assertLine(kubectl.ok("get", "svc", "np-again", "-n", "shop"),
        "np-again\\s+NodePort\\s+" + Pattern.quote(ip) + "\\s+<none>\\s+80:30080/TCP\\s+\\S+");
  }

  @Test
  @Order(7)
  void typeChangesTakeAndGiveBackNodePorts() {
    kubectl.ok("patch", "svc", "web", "-n", "shop", "-p", "{\"spec\":{\"type\":\"NodePort\"}}");
    String nodePort = kubectl.ok("get", "svc", "web", "-n", "shop", "-o", "jsonpath={.spec.ports[0].nodePort}").stdout().strip();
    assertTrue(nodePort.matches("3\\d{4}"), nodePort);
    assertLine(kubectl.ok("get", "nodeportallocations"), nodePort + "\\s+services/shop/web\\s+\\S+");
    kubectl.ok("patch", "svc", "web", "-n", "shop", "-p", "{\"spec\":{\"type\":\"ClusterIP\"}}");
    assertLine(kubectl.ok("get", "svc", "web", "-n", "shop"), "web\\s+ClusterIP\\s+10\\.\\S+\\s+<none>\\s+80/TCP\\s+\\S+");
    assertFalse(kubectl.ok("get", "nodeportallocations").stdout().contains(nodePort + " "), "the node port is freed");
  }

  @Test
  @Order(8)
  void serverSideApplyCreatesAndUpdatesAServiceKeepingItsAddress() {
    String v1 = service("applied", "", "NodePort", "");
    assertTrue(kubectl.runWithInput(v1, "apply", "--server-side", "-f", "-").ok());
    JsonNode first = kubectl.ok("get", "svc", "applied", "-n", "shop", "-o", "json").json();
    String ip = first.at("/spec/clusterIP").asText();
    int nodePort = first.at("/spec/ports/0/nodePort").asInt();
    assertTrue(RANGE.contains(ip) && nodePort >= 30000, first.toString());
    Result again = kubectl.runWithInput(v1.replace("ports: [{port: 80", "selector: {app: applied}\n  ports: [{port: 80"),
        "apply", "--server-side", "-f", "-");
    assertTrue(again.ok(), again.describe());
    JsonNode second = kubectl.ok("get", "svc", "applied", "-n", "shop", "-o", "json").json();
    assertEquals(ip, second.at("/spec/clusterIP").asText(), second.toString());
    assertEquals(nodePort, second.at("/spec/ports/0/nodePort").asInt(), second.toString());
    assertEquals("applied", second.at("/spec/selector/app").asText(), second.toString());
    assertLine(kubectl.ok("get", "endpoints", "web", "-n", "shop"), "web\\s+\\S+:8080,\\S+:8080\\s+\\S+");
  }

  private static String service(String name, String clusterIp, String type, String nodePort) {
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: %s, namespace: shop}
        spec:
          type: %s
          %s
          ports: [{port: 80%s}]
        """.formatted(name, type, clusterIp, nodePort);
  }

  private static void assertLine(Result r, String regex) {
    Pattern p = Pattern.compile(regex);
    for (String line : r.lines()) {
      if (p.matcher(line).matches()) return;
    }
    throw new AssertionError("no line matches " + regex + ":\n" + r.describe());
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
