package io.coxswain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Deployment's life with the real kubectl against a real server whose own node agent runs the
 * pods as processes: apply, self-healing, a rolling update watched by {@code rollout status},
 * undo, and deletion of the Deployment and of a whole namespace, after which nothing of it remains.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutEndToEndTest {
  /** In every container's command line, so the test can tell its own processes on this machine. */
  static final String MARKER = "cx-rollout-" + UUID.randomUUID().toString().substring(0, 8);
  static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  static Path tmp;

  static TestServer server;
  static Kubectl kubectl;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start("rollout-node");
    kubectl = new Kubectl(server.kubeconfig(), tmp.resolve("kube-cache"));
    await("the node is Ready", WAIT, () -> kubectl.run("get", "node", "rollout-node", "-o",
        "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").stdout().equals("True"));
    kubectl.ok("create", "namespace", "roll");
  }

  @AfterAll
  static void stop() {
    try {
      if (kubectl != null) {
        kubectl.run("delete", "namespace", "roll", "doomed", "--ignore-not-found", "--timeout=60s");
      }
    } finally {
      if (server != null) server.close();
    }
  }

  private static String deployment(String name, String namespace, int replicas, String image) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          namespace: %s
        spec:
          replicas: %d
          selector:
            matchLabels: {app: %s}
          template:
            metadata:
              labels: {app: %s}
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - name: app
                image: %s
                command: ["sh", "-c", "sleep 3600; : %s"]
        """.formatted(name, namespace, replicas, name, name, image, MARKER);
  }

  @Test
  @Order(1)
  void anAppliedDeploymentRunsItsReplicas() {
    Kubectl.Result applied = kubectl.runWithInput(deployment("web", "roll", 3, "busybox:1"), "apply", "-f", "-");
    assertTrue(applied.ok(), applied.describe());
    await("3 pods Running", WAIT, () -> runningPods("roll").size() == 3);
    Kubectl.Result status = kubectl.exec(null, Duration.ofSeconds(130), "rollout", "status", "deploy/web", "-n", "roll",
        "--timeout=120s");
    assertEquals(0, status.exitCode(), status.describe());
    assertTrue(status.stdout().contains("deployment \"web\" successfully rolled out"), status.describe());
    assertEquals(List.of("busybox:1"), replicaSetImages("roll"));
    assertTrue(processCount() >= 3, "the pods run as processes on this machine");
  }

  @Test
  @Order(2)
  void aDeletedPodIsReplaced() {
    Set<String> before = runningPods("roll");
    String victim = before.iterator().next();
    kubectl.ok("delete", "pod", victim, "-n", "roll", "--timeout=60s");
    await("a replacement Running", WAIT, () -> {
      Set<String> now = runningPods("roll");
      return now.size() == 3 && !now.contains(victim);
    });
  }

  @Test
  @Order(3)
  void aNewImageRollsOutThroughANewReplicaSet() {
    String first = replicaSetWithImage("roll", "busybox:1");
    kubectl.ok("set", "image", "deploy/web", "-n", "roll", "app=busybox:2");
    Kubectl.Result status = kubectl.exec(null, Duration.ofSeconds(130), "rollout", "status", "deploy/web", "-n", "roll",
        "--timeout=120s");
    assertEquals(0, status.exitCode(), status.describe());
    String second = replicaSetWithImage("roll", "busybox:2");
    assertEquals(3, specReplicas("roll", second));
    assertEquals(0, specReplicas("roll", first));
    await("3 pods of the new template Running", WAIT, () -> runningPods("roll").size() == 3
        && images("roll").equals(List.of("busybox:2")));
    String history = kubectl.ok("rollout", "history", "deploy/web", "-n", "roll").stdout();
    assertTrue(history.matches("(?s).*\\n1\\s+<none>\\s*\\n2\\s+<none>.*"), history);
    String revisionOne = kubectl.ok("rollout", "history", "deploy/web", "-n", "roll", "--revision=1").stdout();
    assertTrue(revisionOne.contains("busybox:1"), revisionOne);
    String described = kubectl.ok("describe", "deploy", "web", "-n", "roll").stdout();
    assertTrue(described.matches("(?s).*\\nNewReplicaSet:\\s+" + second + " \\(3/3 replicas created\\).*"), described);
    assertTrue(described.contains("Scaled up replica set " + second + " from 0 to 1"), described);
    assertTrue(described.contains("Scaled down replica set " + first + " from "), described);
  }

  @Test
  @Order(4)
  void undoScalesThePreviousReplicaSetBackUp() {
    String first = replicaSetWithImage("roll", "busybox:1");
    String second = replicaSetWithImage("roll", "busybox:2");
    Kubectl.Result undo = kubectl.ok("rollout", "undo", "deploy/web", "-n", "roll");
    assertTrue(undo.stdout().contains("rolled back"), undo.describe());
    Kubectl.Result status = kubectl.exec(null, Duration.ofSeconds(130), "rollout", "status", "deploy/web", "-n", "roll",
        "--timeout=120s");
    assertEquals(0, status.exitCode(), status.describe());
    assertEquals(3, specReplicas("roll", first));
    assertEquals(0, specReplicas("roll", second));
    assertEquals(List.of("busybox:1", "busybox:2"), replicaSetImages("roll"), "the old ReplicaSet is reused, not copied");
    JsonNode rs = kubectl.ok("get", "rs", first, "-n", "roll", "-o", "json").json();
    assertEquals("3", rs.path("metadata").path("annotations").path("deployment.kubernetes.io/revision").asText());
    await("3 pods of the first template Running", WAIT, () -> runningPods("roll").size() == 3
        && images("roll").equals(List.of("busybox:1")));
  }

  @Test
  @Order(5)
  void aListAtResourceVersionZeroSeesTheWriteJustAcknowledged() {
    // Informers list at resourceVersion 0; kubectl rollout status starts one right after its user's write.
    RawApi api = new RawApi(server.url());
    kubectl.ok("create", "configmap", "fresh", "-n", "roll");
    for (int i = 0; i < 20; i++) {
      byte[] patch = ("{\"data\":{\"n\":\"" + i + "\"}}").getBytes(StandardCharsets.UTF_8);
      RawApi.Answer written = api.send("PATCH", "/api/v1/namespaces/roll/configmaps/fresh", "application/merge-patch+json", patch);
      assertEquals(200, written.code(), written.text());
      RawApi.Answer list = api.get("/api/v1/namespaces/roll/configmaps?resourceVersion=0&fieldSelector=metadata.name%3Dfresh");
      assertEquals(200, list.code(), list.text());
      assertEquals(String.valueOf(i), list.json().path("items").path(0).path("data").path("n").asText(), "write " + i);
    }
  }

  @Test
  @Order(6)
  void deletingTheDeploymentRemovesItsReplicaSetsAndPods() {
    kubectl.ok("delete", "deploy", "web", "-n", "roll", "--timeout=60s");
    await("no ReplicaSets and no pods left", WAIT, () -> kubectl.ok("get", "rs", "-n", "roll", "-o", "json").json()
        .path("items").isEmpty() && kubectl.ok("get", "pods", "-n", "roll", "-o", "json").json().path("items").isEmpty());
    await("no container process left", WAIT, () -> processCount() == 0);
  }

  @Test
  @Order(7)
  void deletingANamespaceRemovesTheDeploymentInIt() {
    kubectl.ok("create", "namespace", "doomed");
    Kubectl.Result applied = kubectl.runWithInput(deployment("api", "doomed", 2, "busybox:1"), "apply", "-f", "-");
    assertTrue(applied.ok(), applied.describe());
    await("2 pods Running", WAIT, () -> runningPods("doomed").size() == 2);
    kubectl.exec(null, Duration.ofSeconds(100), "delete", "namespace", "doomed", "--timeout=90s");
    await("the namespace is gone", WAIT, () -> kubectl.run("get", "namespace", "doomed").stderr().contains("NotFound"));
    for (String kind : List.of("deployments", "replicasets", "pods")) {
      JsonNode all = kubectl.ok("get", kind, "-A", "-o", "json").json();
      for (JsonNode item : all.path("items")) {
        assertFalse(item.path("metadata").path("namespace").asText().equals("doomed"), kind + " left: " + item);
      }
    }
    await("no container process left", WAIT, () -> processCount() == 0);
  }

  /** Names of the namespace's pods that run and are not being deleted. */
  private static Set<String> runningPods(String namespace) {
    Set<String> names = new TreeSet<>();
    for (JsonNode pod : kubectl.ok("get", "pods", "-n", namespace, "-o", "json").json().path("items")) {
      if (pod.path("metadata").has("deletionTimestamp")) continue;
      if (pod.path("status").path("phase").asText().equals("Running")) names.add(pod.path("metadata").path("name").asText());
    }
    return names;
  }

  /** The distinct images of the namespace's pods that are not being deleted. */
  private static List<String> images(String namespace) {
    Set<String> images = new TreeSet<>();
    for (JsonNode pod : kubectl.ok("get", "pods", "-n", namespace, "-o", "json").json().path("items")) {
      if (pod.path("metadata").has("deletionTimestamp")) continue;
      images.add(pod.path("spec").path("containers").path(0).path("image").asText());
    }
    return new ArrayList<>(images);
  }

  /** The images of the namespace's ReplicaSets, one entry per ReplicaSet, sorted. */
  private static List<String> replicaSetImages(String namespace) {
    List<String> images = new ArrayList<>();
    for (JsonNode rs : kubectl.ok("get", "rs", "-n", namespace, "-o", "json").json().path("items")) {
      images.add(rs.path("spec").path("template").path("spec").path("containers").path(0).path("image").asText());
    }
    images.sort(null);
    return images;
  }

  private static String replicaSetWithImage(String namespace, String image) {
    for (JsonNode rs : kubectl.ok("get", "rs", "-n", namespace, "-o", "json").json().path("items")) {
      if (rs.path("spec").path("template").path("spec").path("containers").path(0).path("image").asText().equals(image)) {
        return rs.path("metadata").path("name").asText();
      }
    }
    throw new AssertionError("no ReplicaSet with image " + image + " in " + namespace);
  }

  private static int specReplicas(String namespace, String rs) {
    return kubectl.ok("get", "rs", rs, "-n", namespace, "-o", "json").json().path("spec").path("replicas").asInt(-1);
  }

  /** How many of this test's container processes run on this machine (the shells of their commands). */
  private static int processCount() {
    try {
      Process p = new ProcessBuilder("pgrep", "-f", "^sh -c sleep 3600; : " + MARKER).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return (int) out.lines().filter(l -> !l.isBlank()).count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
