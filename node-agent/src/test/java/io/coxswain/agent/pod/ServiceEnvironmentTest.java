package io.coxswain.agent.pod;

import static io.coxswain.agent.pod.Manifests.FACTS;
import static io.coxswain.agent.pod.Manifests.pod;
import static io.coxswain.agent.pod.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

  static ObjectNode service(String ns, String name, String spec) {
    return yaml("apiVersion: v1\nkind: Service\nmetadata: {name: " + name + ", namespace: " + ns + "}\nspec:\n" + spec.indent(2));
  }

  private static final ObjectNode KUBERNETES = service("default", "kubernetes",
      "clusterIP: 10.96.0.1\nports: [{name: https, port: 443, protocol: TCP}]");
  private static final ObjectNode WEB = service("default", "my-web",
      "clusterIP: 10.96.1.5\nports: [{name: http, port: 80, protocol: TCP}, {name: metrics-port, port: 9090, protocol: UDP}]");

  @Test
  void givesEveryVariableKubeletGivesForAService() {
    Map<String, String> env = ServiceEnvironment.of(pod("containers: [{name: app}]"), List.of(WEB));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("MY_WEB_SERVICE_HOST", "10.96.1.5");
    expected.put("MY_WEB_SERVICE_PORT", "80");
    expected.put("MY_WEB_SERVICE_PORT_HTTP", "80");
    expected.put("MY_WEB_SERVICE_PORT_METRICS_PORT", "9090");
    expected.put("MY_WEB_PORT", "tcp://10.96.1.5:80");
    expected.put("MY_WEB_PORT_80_TCP", "tcp://10.96.1.5:80");
    expected.put("MY_WEB_PORT_80_TCP_PROTO", "tcp");
    expected.put("MY_WEB_PORT_80_TCP_PORT", "80");
    expected.put("MY_WEB_PORT_80_TCP_ADDR", "10.96.1.5");
    expected.put("MY_WEB_PORT_9090_UDP", "udp://10.96.1.5:9090");
    expected.put("MY_WEB_PORT_9090_UDP_PROTO", "udp");
    expected.put("MY_WEB_PORT_9090_UDP_PORT", "9090");
    expected.put("MY_WEB_PORT_9090_UDP_ADDR", "10.96.1.5");
    assertEquals(expected, env);
  }

  @Test
  void takesTheNamespacesServicesAndTheKubernetesServiceOnly() {
    ObjectNode pod = yaml("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec: {containers: [{name: app}]}");
    ObjectNode cart = service("shop", "cart", "clusterIP: 10.96.2.1\nports: [{port: 8080}]");
    ObjectNode headless = service("shop", "db", "clusterIP: None\nports: [{port: 5432}]");
    ObjectNode external = service("shop", "ext", "type: ExternalName\nexternalName: example.com");
    Map<String, String> env = ServiceEnvironment.of(pod, List.of(KUBERNETES, WEB, cart, headless, external));
    assertEquals("10.96.0.1", env.get("KUBERNETES_SERVICE_HOST"));
    assertEquals("443", env.get("KUBERNETES_SERVICE_PORT_HTTPS"));
    assertEquals("tcp://10.96.2.1:8080", env.get("CART_PORT"));
    assertFalse(env.containsKey("MY_WEB_SERVICE_HOST"), "another namespace's Service");
    assertFalse(env.keySet().stream().anyMatch(k -> k.startsWith("DB_") || k.startsWith("EXT_")), "no cluster IP, no variables");
  }

  @Test
  void enableServiceLinksFalseLeavesOnlyTheKubernetesService() {
    ObjectNode pod = pod("enableServiceLinks: false\ncontainers: [{name: app}]");
    Map<String, String> env = ServiceEnvironment.of(pod, List.of(KUBERNETES, WEB));
    assertTrue(env.containsKey("KUBERNETES_SERVICE_HOST"));
    assertFalse(env.containsKey("MY_WEB_SERVICE_HOST"));
  }

  @Test
  void aKubernetesServiceInThePodsNamespaceWins() {
    ObjectNode pod = yaml("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec: {containers: [{name: app}]}");
    ObjectNode own = service("shop", "kubernetes", "clusterIP: 10.96.9.9\nports: [{port: 443}]");
    assertEquals("10.96.9.9", ServiceEnvironment.of(pod, List.of(own, KUBERNETES)).get("KUBERNETES_SERVICE_HOST"));
  }

  @Test
  void explicitEnvWinsAndReferencesSeeServiceVariables() throws Exception {
    ObjectNode pod = pod("""
        containers:
        - name: app
          env:
          - {name: MY_WEB_SERVICE_PORT, value: "8000"}
          - {name: URL, value: "http://$(MY_WEB_SERVICE_HOST):$(MY_WEB_SERVICE_PORT)/"}
        """);
    Map<String, String> env = ContainerEnvironment.resolve(pod, pod.path("spec").path("containers").get(0),
        new Manifests.Lookup(), FACTS, ServiceEnvironment.of(pod, List.of(WEB)));
    assertEquals("8000", env.get("MY_WEB_SERVICE_PORT"));
    assertEquals("http://10.96.1.5:8000/", env.get("URL"));
    assertEquals("10.96.1.5", env.get("MY_WEB_SERVICE_HOST"));
    assertEquals(List.of("MY_WEB_SERVICE_PORT", "URL"), List.copyOf(env.keySet()).subList(0, 2), "declared variables first");
  }
}
