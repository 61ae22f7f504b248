package io.coxswain.actors.controller;

import static io.coxswain.actors.controller.ControlPlaneFixture.await;
import static io.coxswain.actors.controller.ControlPlaneFixture.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.kinds.NodeStrategy;
import io.coxswain.core.kinds.ServiceStrategy;
import io.coxswain.core.write.Subresource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service load balancer on a real control plane: ingress follows the Ready nodes. */
class LoadBalancerControllerTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static ControlPlaneFixture cp;
  static ActorRef<ControllerRunner.Command> controller;
  static Informer services;

  @BeforeAll
  static void start() {
    cp = new ControlPlaneFixture();
    services = cp.informers.get(ServiceStrategy.TYPE);
    controller = cp.run(new LoadBalancerController(cp.informers, cp.writes(LoadBalancerController.USER)));
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  static void node(String name, String ready, String ip) throws Exception {
    if (cp.informers.get(NodeStrategy.TYPE).get(name) == null) {
      cp.create(NodeStrategy.TYPE, manifest("{apiVersion: v1, kind: Node, metadata: {name: " + name + "}}"));
    }
    ObjectNode status = manifest("""
        status:
          conditions: [{type: Ready, status: '%s'}]
          addresses: [{type: InternalIP, address: %s}, {type: Hostname, address: %s}]
        """.formatted(ready, ip, name));
    cp.writes("kubelet").patch(NodeStrategy.TYPE, null, name, status, Subresource.STATUS).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  static String ingress(String key) {
    ObjectNode svc = services.get(key);
    return svc == null ? "" : svc.path("status").path("loadBalancer").path("ingress").toString();
  }

  @Test
  void listsTheReadyNodesAsIngressAndFollowsTheirReadiness() throws Exception {
    node("lb-a", "True", "192.168.50.11");
    node("lb-b", "True", "192.168.50.12");
    cp.create(ServiceStrategy.TYPE, manifest("""
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec: {type: LoadBalancer, clusterIP: 10.96.50.1, ports: [{port: 80, nodePort: 30500}]}
        """));
    cp.create(ServiceStrategy.TYPE, manifest("""
        apiVersion: v1
        kind: Service
        metadata: {name: other-class, namespace: default}
        spec: {type: LoadBalancer, loadBalancerClass: example.com/lb, clusterIP: 10.96.50.2, ports: [{port: 80, nodePort: 30501}]}
        """));
    String both = "[{\"ip\":\"192.168.50.11\",\"ipMode\":\"VIP\"},{\"ip\":\"192.168.50.12\",\"ipMode\":\"VIP\"}]";
    await("both nodes are the ingress", WAIT, () -> ingress("default/web").equals(both));

    node("lb-b", "False", "192.168.50.12");
    await("the NotReady node leaves the ingress", WAIT,
        () -> ingress("default/web").equals("[{\"ip\":\"192.168.50.11\",\"ipMode\":\"VIP\"}]"));
    node("lb-a", "Unknown", "192.168.50.11");
    await("no ingress without a Ready node", WAIT, () -> ingress("default/web").isEmpty());
    node("lb-a", "True", "192.168.50.11");
    await("the node is back", WAIT, () -> ingress("default/web").equals("[{\"ip\":\"192.168.50.11\",\"ipMode\":\"VIP\"}]"));
    assertEquals("", ingress("default/other-class"), "another implementation's service is left alone");
  }
}
