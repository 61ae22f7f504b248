package io.coxswain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.coxswain.cli.Kubectl.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against a really started server: discovery, apply, get in its output formats,
 * watch, patch flavours, scale, imperative create (protobuf bodies), explain, diff and dry runs,
 * errors, delete, and a restart that must keep every object as it was. Each area works in its own
 * namespace and can run alone, except the three apply steps, which build on each other in order.
 * The restart check comes last and covers whatever the others left behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlEndToEndTest {
  private static final Duration WATCH_WAIT = Duration.ofSeconds(20);

  @TempDir
  static Path tmp;

  private static TestServer server;
  private static Kubectl kubectl;
  private static boolean catalogReady;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
    kubectl = new Kubectl(server.kubeconfig(), tmp.resolve("kube-cache"));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) server.close();
  }

  // Discovery

  @Test
  @Order(1)
  void versionReportsServer132AndSelectsMatchingClient() {
    JsonNode v = kubectl.ok("version", "-o", "json").json();
    assertEquals("1", v.path("serverVersion").path("major").asText(), v.toString());
    assertEquals("32", v.path("serverVersion").path("minor").asText(), v.toString());
    assertTrue(v.path("serverVersion").path("gitVersion").asText().startsWith("v1.32"), v.toString());
    assertTrue(v.path("clientVersion").path("gitVersion").asText().startsWith("v1.32"), "the 1.32 client should run: " + v);
    Result plain = kubectl.ok("version");
    assertTrue(plain.stdout().contains("Server Version: v1.32"), plain.describe());
  }

  @Test
  @Order(2)
  void apiResourcesListKindsWithShortNames() {
    Result r = kubectl.ok("api-resources");
    assertEquals(List.of("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"), header(r), r.describe());
    assertLine(r, "pods\\s+po\\s+v1\\s+true\\s+Pod");
    assertLine(r, "deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment");
    assertLine(r, "replicasets\\s+rs\\s+apps/v1\\s+true\\s+ReplicaSet");
    assertLine(r, "services\\s+svc\\s+v1\\s+true\\s+Service");
    assertLine(r, "configmaps\\s+cm\\s+v1\\s+true\\s+ConfigMap");
    assertLine(r, "namespaces\\s+ns\\s+v1\\s+false\\s+Namespace");
    assertLine(r, "nodes\\s+no\\s+v1\\s+false\\s+Node");
    assertLine(r, "secrets\\s+v1\\s+true\\s+Secret");
  }

  // Client-side apply

  private static final List<String> SHOP_OBJECTS = List.of(
      "namespace/shop", "configmap/web-config", "secret/web-secret", "deployment.apps/web", "service/web");

  @Test
  @Order(10)
  void applyCreatesEveryObjectOfAMultiDocumentManifestWithServerDefaults() {
    Result r = kubectl.ok("apply", "-f", manifest("shop-v1.yaml"));
    for (String obj : SHOP_OBJECTS) assertLine(r, Pattern.quote(obj) + " created");

    JsonNode ns = getJson("namespace", "shop");
    assertEquals("Active", ns.path("status").path("phase").asText(), ns.toString());
    assertFalse(ns.path("metadata").path("uid").asText().isEmpty(), ns.toString());

    JsonNode cm = getJson("configmap", "web-config", "-n", "shop");
    assertEquals("blue", cm.path("data").path("color").asText(), cm.toString());
    assertEquals("web", cm.path("metadata").path("labels").path("app").asText(), cm.toString());
    assertTrue(cm.path("metadata").path("annotations").has("kubectl.kubernetes.io/last-applied-configuration"),
        "client-side apply records what it applied: " + cm);
    assertFalse(cm.path("metadata").path("creationTimestamp").asText().isEmpty(), cm.toString());
    assertFalse(cm.path("metadata").path("resourceVersion").asText().isEmpty(), cm.toString());

    JsonNode secret = getJson("secret", "web-secret", "-n", "shop");
    assertEquals(base64("s3cret"), secret.path("data").path("password").asText(), "stringData becomes data: " + secret);
    assertFalse(secret.has("stringData"), "stringData is write-only: " + secret);
    assertEquals("Opaque", secret.path("type").asText(), secret.toString());

    JsonNode deploy = getJson("deployment", "web", "-n", "shop");
    JsonNode spec = deploy.path("spec");
    assertEquals(2, spec.path("replicas").asInt(), deploy.toString());
    assertEquals("RollingUpdate", spec.path("strategy").path("type").asText(), deploy.toString());
    assertEquals("25%", spec.path("strategy").path("rollingUpdate").path("maxSurge").asText(), deploy.toString());
    assertEquals("25%", spec.path("strategy").path("rollingUpdate").path("maxUnavailable").asText(), deploy.toString());
    assertEquals(10, spec.path("revisionHistoryLimit").asInt(), deploy.toString());
    assertEquals(600, spec.path("progressDeadlineSeconds").asInt(), deploy.toString());
    JsonNode podSpec = spec.path("template").path("spec");
    assertEquals("Always", podSpec.path("restartPolicy").asText(), deploy.toString());
    assertEquals("ClusterFirst", podSpec.path("dnsPolicy").asText(), deploy.toString());
    JsonNode container = podSpec.path("containers").path(0);
    assertEquals("nginx:1.27", container.path("image").asText(), deploy.toString());
    assertEquals("IfNotPresent", container.path("imagePullPolicy").asText(), deploy.toString());
    assertEquals("TCP", container.path("ports").path(0).path("protocol").asText(), deploy.toString());
    assertEquals(1, deploy.path("metadata").path("generation").asLong(), deploy.toString());

    JsonNode svc = getJson("service", "web", "-n", "shop");
    assertEquals("ClusterIP", svc.path("spec").path("type").asText(), svc.toString());
    JsonNode port = svc.path("spec").path("ports").path(0);
    assertEquals("TCP", port.path("protocol").asText(), svc.toString());
    assertEquals(80, port.path("port").asInt(), svc.toString());
    assertTrue(port.path("targetPort").isInt(), "a numeric targetPort stays a number: " + svc);
    assertEquals(80, port.path("targetPort").asInt(), svc.toString());
    assertEquals("web", svc.path("spec").path("selector").path("app").asText(), svc.toString());
  }

  @Test
  @Order(11)
  void reapplyingTheSameManifestLeavesEveryObjectUnchanged() {
    Map<String, String> before = settledResourceVersions(SHOP_OBJECTS, "shop");
    Result r = kubectl.ok("apply", "-f", manifest("shop-v1.yaml"));
    for (String obj : SHOP_OBJECTS) {
      // kubectl always re-sends stringData (it is never read back), so it reports the Secret "configured".
      if (obj.startsWith("secret/")) assertLine(r, Pattern.quote(obj) + " (unchanged|configured)");
      else assertLine(r, Pattern.quote(obj) + " unchanged");
    }
    assertEquals(before, resourceVersions(SHOP_OBJECTS, "shop"), "an apply without changes must not write: " + r.describe());
  }

  @Test
  @Order(12)
  void applyingAChangedManifestPatchesOnlyWhatChanged() {
    Result r = kubectl.ok("apply", "-f", manifest("shop-v2.yaml"));
    assertLine(r, "deployment\\.apps/web configured");
    assertLine(r, "configmap/web-config unchanged");
    assertLine(r, "service/web unchanged");

    JsonNode deploy = getJson("deployment", "web", "-n", "shop");
    JsonNode labels = deploy.path("metadata").path("labels");
    assertFalse(labels.has("team"), "a label dropped from the manifest is removed: " + deploy);
    assertEquals("frontend", labels.path("tier").asText(), deploy.toString());
    assertEquals(3, deploy.path("spec").path("replicas").asInt(), deploy.toString());
    JsonNode containers = deploy.path("spec").path("template").path("spec").path("containers");
    assertEquals(1, containers.size(), deploy.toString());
    assertEquals("nginx:1.28", containers.path(0).path("image").asText(), deploy.toString());
    assertEquals(Map.of("MODE", "prod", "LOG_LEVEL", "debug"), env(containers.path(0)), deploy.toString());
    assertEquals(80, containers.path(0).path("ports").path(0).path("containerPort").asInt(), deploy.toString());
    assertEquals("RollingUpdate", deploy.path("spec").path("strategy").path("type").asText(), deploy.toString());
    assertEquals(2, deploy.path("metadata").path("generation").asLong(), "a spec change bumps generation: " + deploy);
    String lastApplied = deploy.path("metadata").path("annotations").path("kubectl.kubernetes.io/last-applied-configuration").asText();
    assertTrue(lastApplied.contains("nginx:1.28") && !lastApplied.contains("team"), lastApplied);
  }

  // get

  /** The objects the get tests read, created once on first use. */
  /** A pod a Deployment's ReplicaSet made: "pod/web-5f84b7585b-9mlxr". */
  private static final String REPLICA = "pod/(web|api)-[a-z0-9]+-[a-z0-9]{5}";

  private static Set<String> withoutReplicas(Set<String> names) {
    Set<String> out = new java.util.HashSet<>(names);
    out.removeIf(n -> n.matches(REPLICA));
    return out;
  }

  private static synchronized void catalog() {
    if (catalogReady) return;
    kubectl.ok("apply", "-f", manifest("catalog.yaml"));
    // The deployment and ReplicaSet controllers act on it; wait until their work shows (no node
    // runs here, so the pods stay Pending).
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      String seen = kubectl.ok("get", "deploy", "-n", "catalog", "-o",
          "jsonpath={range .items[*]}{.metadata.name}={.status.observedGeneration}/{.status.updatedReplicas} {end}").stdout();
      String pods = kubectl.ok("get", "pods", "-n", "catalog", "-o", "name").stdout();
      if (seen.contains("web=1/2") && seen.contains("api=1/1") && seen.contains("batch=1/")
          && pods.lines().filter(l -> l.matches(REPLICA)).count() == 3) break;
      if (System.nanoTime() > deadline) throw new AssertionError("the controllers did not act on the catalog: " + seen + " " + pods);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    catalogReady = true;
  }

  @Test
  @Order(20)
  void getPrintsTheKubernetesColumnsPerKind() {
    catalog();
    Result deploy = kubectl.ok("get", "deployments", "-n", "catalog");
    assertEquals(List.of("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"), header(deploy), deploy.describe());
    assertLine(deploy, "web\\s+0/2\\s+2\\s+0\\s+\\S+");
    assertLine(deploy, "api\\s+0/1\\s+1\\s+0\\s+\\S+");
    assertLine(deploy, "batch\\s+0/0\\s+0\\s+0\\s+\\S+");

    Result wide = kubectl.ok("get", "deploy", "-n", "catalog", "-o", "wide");
    assertEquals(List.of("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"),
        header(wide), wide.describe());
    assertLine(wide, "web\\s+0/2\\s+2\\s+0\\s+\\S+\\s+web\\s+nginx:1\\.27\\s+app=web");

    Result pods = kubectl.ok("get", "po", "-n", "catalog");
    assertEquals(List.of("NAME", "READY", "STATUS", "RESTARTS", "AGE"), header(pods), pods.describe());
    assertLine(pods, "probe\\s+0/1\\s+Pending\\s+0\\s+\\S+");

    Result cms = kubectl.ok("get", "cm", "-n", "catalog");
    assertEquals(List.of("NAME", "DATA", "AGE"), header(cms), cms.describe());
    assertLine(cms, "web-settings\\s+1\\s+\\S+");
    assertLine(cms, "api-settings\\s+2\\s+\\S+");

    Result svc = kubectl.ok("get", "svc", "-n", "catalog");
    assertEquals(List.of("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"), header(svc), svc.describe());
    assertLine(svc, "web\\s+ClusterIP\\s+\\S+\\s+<none>\\s+80/TCP\\s+\\S+");
  }

  @Test
  @Order(21)
  void getPrintsYamlAndJson() {
    catalog();
    Result yaml = kubectl.ok("get", "deployment", "web", "-n", "catalog", "-o", "yaml");
    JsonNode fromYaml;
    try {
      fromYaml = new YAMLMapper().readTree(yaml.stdout());
    } catch (IOException e) {
      throw new AssertionError("not YAML: " + yaml.describe(), e);
    }
    assertEquals("Deployment", fromYaml.path("kind").asText(), yaml.describe());
    assertEquals("apps/v1", fromYaml.path("apiVersion").asText(), yaml.describe());
    assertEquals("catalog", fromYaml.path("metadata").path("namespace").asText(), yaml.describe());
    assertEquals("nginx:1.27",
        fromYaml.path("spec").path("template").path("spec").path("containers").path(0).path("image").asText(), yaml.describe());

    JsonNode list = kubectl.ok("get", "deployments", "-n", "catalog", "-o", "json").json();
    assertEquals("List", list.path("kind").asText(), list.toString());
    assertEquals(Set.of("web", "api", "batch"), names(list), list.toString());
    for (JsonNode item : list.path("items")) {
      assertEquals("Deployment", item.path("kind").asText(), item.toString());
      assertFalse(item.path("metadata").path("uid").asText().isEmpty(), item.toString());
    }
  }

  @Test
  @Order(22)
  void getFiltersByLabelAndFieldSelectors() {
    catalog();
    Set<String> web = nameSet(kubectl.ok("get", "deployments,configmaps,pods", "-n", "catalog", "-l", "app=web", "-o", "name"));
    assertEquals(Set.of("deployment.apps/web", "configmap/web-settings", "pod/probe"), withoutReplicas(web));
    assertEquals(2, web.stream().filter(n -> n.startsWith("pod/web-")).count(), web.toString());
    assertEquals(Set.of("deployment.apps/web", "deployment.apps/api"),
        nameSet(kubectl.ok("get", "deploy", "-n", "catalog", "-l", "env in (a,b)", "-o", "name")));
    assertEquals(Set.of("deployment.apps/batch"),
        nameSet(kubectl.ok("get", "deploy", "-n", "catalog", "-l", "env notin (a,b)", "-o", "name")));
    assertEquals(Set.of("deployment.apps/api", "deployment.apps/batch"),
        nameSet(kubectl.ok("get", "deploy", "-n", "catalog", "-l", "env,app!=web", "-o", "name")));
    assertEquals(Set.of("deployment.apps/api"),
        nameSet(kubectl.ok("get", "deploy", "-n", "catalog", "--field-selector", "metadata.name=api", "-o", "name")));
    assertEquals(Set.of("deployment.apps/web", "deployment.apps/batch"),
        nameSet(kubectl.ok("get", "deploy", "-n", "catalog", "--field-selector", "metadata.name!=api", "-o", "name")));
    assertEquals(Set.of("pod/probe"),
        withoutReplicas(nameSet(kubectl.ok("get", "pods", "-n", "catalog", "--field-selector", "status.phase=Pending", "-o", "name"))));
    assertEquals(Set.of(),
        nameSet(kubectl.ok("get", "pods", "-n", "catalog", "--field-selector", "status.phase=Running", "-o", "name")));
    Result unsupported = kubectl.run("get", "deploy", "-n", "catalog", "--field-selector", "spec.replicas=2");
    assertNotEquals(0, unsupported.exitCode(), unsupported.describe());
    assertTrue(unsupported.stderr().contains("field label not supported: spec.replicas"), unsupported.describe());
    Result none = kubectl.ok("get", "deploy", "-n", "catalog", "-l", "app=nothing");
    assertTrue(none.stdout().isBlank() && none.stderr().contains("No resources found in catalog namespace."), none.describe());
  }

  @Test
  @Order(23)
  void getAcrossNamespacesShowsTheNamespaceColumn() {
    catalog();
    Result r = kubectl.ok("get", "deployments", "-A");
    assertEquals(List.of("NAMESPACE", "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"), header(r), r.describe());
    assertLine(r, "catalog\\s+web\\s+0/2\\s+2\\s+0\\s+\\S+");
    assertLine(r, "catalog\\s+api\\s+0/1\\s+1\\s+0\\s+\\S+");

    Result ns = kubectl.ok("get", "namespaces");
    assertEquals(List.of("NAME", "STATUS", "AGE"), header(ns), ns.describe());
    for (String name : List.of("default", "kube-system", "kube-public", "kube-node-lease", "catalog")) {
      assertLine(ns, Pattern.quote(name) + "\\s+Active\\s+\\S+");
    }
  }

  @Test
  @Order(24)
  void getShowLabelsAndGetAll() {
    catalog();
    Result labels = kubectl.ok("get", "deployments", "-n", "catalog", "--show-labels");
    assertEquals(List.of("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "LABELS"), header(labels), labels.describe());
    assertLine(labels, "web\\s+0/2\\s+2\\s+0\\s+\\S+\\s+app=web,env=a");
    assertLine(labels, "batch\\s+0/0\\s+0\\s+0\\s+\\S+\\s+app=batch,env=c");

    Result all = kubectl.ok("get", "all", "-n", "catalog");
    assertLine(all, "pod/probe\\s+0/1\\s+Pending\\s+0\\s+\\S+");
    assertLine(all, "service/web\\s+ClusterIP\\s+\\S+\\s+<none>\\s+80/TCP\\s+\\S+");
    assertLine(all, "deployment\\.apps/web\\s+0/2\\s+2\\s+0\\s+\\S+");
    assertLine(all, "deployment\\.apps/api\\s+0/1\\s+1\\s+0\\s+\\S+");
    assertFalse(all.stdout().contains("configmap/"), "configmaps are not in the 'all' category: " + all.describe());
  }

  // watch

  @Test
  @Order(30)
  void watchShowsCreatesUpdatesAndDeletesWhileRunning() {
    applyStdin("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: watching}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: w0, namespace: watching}
        data: {a: "1"}
        """);
    try (Kubectl.Background watch = kubectl.background("get", "configmaps", "-n", "watching", "-w", "--output-watch-events")) {
      watch.awaitOutput("the existing configmap listed", out -> matches(out, "ADDED\\s+w0\\s+1\\s+\\S+"), WATCH_WAIT);

      applyStdin("""
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: w1, namespace: watching}
          data: {a: "1"}
          """);
      watch.awaitOutput("w1 added", out -> matches(out, "ADDED\\s+w1\\s+1\\s+\\S+"), WATCH_WAIT);

      kubectl.ok("patch", "configmap", "w1", "-n", "watching", "--type=merge", "-p", "{\"data\":{\"b\":\"2\"}}");
      watch.awaitOutput("w1 modified to two keys", out -> matches(out, "MODIFIED\\s+w1\\s+2\\s+\\S+"), WATCH_WAIT);

      kubectl.ok("delete", "configmap", "w1", "-n", "watching");
      String out = watch.awaitOutput("w1 deleted", o -> matches(o, "DELETED\\s+w1\\s+2\\s+\\S+"), WATCH_WAIT);
      assertFalse(matches(out, "DELETED\\s+w0\\b.*"), "only w1 was deleted:\n" + out);
      assertTrue(watch.isAlive(), "the watch keeps running:\n" + out);
    }
  }

  // label, annotate, patch, scale

  /** A namespace of its own holding one Deployment "web" with two replicas. */
  private static void deploymentFixture(String namespace) {
    applyStdin("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: %s}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: %s
          labels: {app: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: "nginx:1.27"}]
        """.formatted(namespace, namespace));
  }

  @Test
  @Order(40)
  void labelAnnotateAndEachPatchTypeChangeTheObject() {
    deploymentFixture("patching");
    String[] web = {"deployment", "web", "-n", "patching"};
    long generation = getJson(web).path("metadata").path("generation").asLong();

    assertLine(kubectl.ok(concat("label", web, "tier=backend")), "deployment\\.apps/web labeled");
    assertEquals("backend", labels(getJson(web)).path("tier").asText());
    Result refused = kubectl.run(concat("label", web, "tier=frontend"));
    assertNotEquals(0, refused.exitCode(), refused.describe());
    assertTrue(refused.stderr().contains("'tier' already has a value (backend), and --overwrite is false"), refused.describe());
    kubectl.ok(concat("label", web, "--overwrite", "tier=frontend"));
    assertEquals("frontend", labels(getJson(web)).path("tier").asText());
    kubectl.ok(concat("label", web, "tier-"));
    JsonNode afterLabels = getJson(web);
    assertFalse(labels(afterLabels).has("tier"), afterLabels.toString());
    assertEquals(generation, afterLabels.path("metadata").path("generation").asLong(),
        "metadata changes leave generation alone: " + afterLabels);

    assertLine(kubectl.ok(concat("annotate", web, "note=hello")), "deployment\\.apps/web annotated");
    JsonNode annotated = getJson(web);
    assertEquals("hello", annotated.path("metadata").path("annotations").path("note").asText(), annotated.toString());
    // Deployment annotations are copied to ReplicaSets, so changing them bumps generation like a spec change.
    assertEquals(++generation, annotated.path("metadata").path("generation").asLong(), annotated.toString());

    // Strategic merge: containers merge by name, so a new one is added next to the existing one.
    assertLine(kubectl.ok(concat("patch", web, "--type=strategic", "-p",
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"busybox:1.36\"}]}}}}")),
        "deployment\\.apps/web patched");
    JsonNode strategic = getJson(web);
    assertEquals(Map.of("web", "nginx:1.27", "sidecar", "busybox:1.36"), images(strategic), strategic.toString());
    assertEquals(++generation, strategic.path("metadata").path("generation").asLong(), strategic.toString());

    // Merge patch: a list is replaced whole.
    kubectl.ok(concat("patch", web, "--type=merge", "-p",
        "{\"metadata\":{\"labels\":{\"merged\":\"yes\"}},"
            + "\"spec\":{\"minReadySeconds\":5,\"template\":{\"spec\":{\"containers\":[{\"name\":\"only\",\"image\":\"busybox:1.36\"}]}}}}"));
    JsonNode merged = getJson(web);
    assertEquals(Map.of("only", "busybox:1.36"), images(merged), merged.toString());
    assertEquals("yes", labels(merged).path("merged").asText(), merged.toString());
    assertEquals("web", labels(merged).path("app").asText(), merged.toString());
    assertEquals(5, merged.path("spec").path("minReadySeconds").asInt(), merged.toString());

    // JSON patch: ordered operations on paths.
    kubectl.ok(concat("patch", web, "--type=json", "-p",
        "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3},"
            + "{\"op\":\"add\",\"path\":\"/metadata/labels/jp\",\"value\":\"1\"},"
            + "{\"op\":\"remove\",\"path\":\"/metadata/annotations/note\"}]"));
    JsonNode jsonPatched = getJson(web);
    assertEquals(3, jsonPatched.path("spec").path("replicas").asInt(), jsonPatched.toString());
    assertEquals("1", labels(jsonPatched).path("jp").asText(), jsonPatched.toString());
    assertFalse(jsonPatched.path("metadata").path("annotations").has("note"), jsonPatched.toString());

    // kubectl says "no change" only if nothing else wrote meanwhile: let the controllers finish first
    settledResourceVersions(List.of("deployment.apps/web"), "patching");
    Result noChange = kubectl.ok(concat("patch", web, "--type=merge", "-p", "{\"spec\":{\"replicas\":3}}"));
    assertLine(noChange, "deployment\\.apps/web patched \\(no change\\)");
  }

  @Test
  @Order(41)
  void scaleSetsReplicasAndHonoursCurrentReplicas() {
    deploymentFixture("scaling");
    String[] web = {"deployment", "web", "-n", "scaling"};
    assertLine(kubectl.ok(concat("scale", web, "--replicas=4")), "deployment\\.apps/web scaled");
    assertEquals(4, getJson(web).path("spec").path("replicas").asInt());

    assertLine(kubectl.ok(concat("scale", web, "--current-replicas=4", "--replicas=5")), "deployment\\.apps/web scaled");
    assertEquals(5, getJson(web).path("spec").path("replicas").asInt());

    Result stale = kubectl.run(concat("scale", web, "--current-replicas=2", "--replicas=6"));
    assertNotEquals(0, stale.exitCode(), stale.describe());
    assertTrue(stale.stderr().contains("Expected replicas to be 2, was 5"), stale.describe());
    assertEquals(5, getJson(web).path("spec").path("replicas").asInt());
  }

  // Imperative create: kubectl sends these bodies as protobuf.

  @Test
  @Order(50)
  void imperativeCreateMakesObjectsWithTheRequestedContent() {
    assertLine(kubectl.ok("create", "namespace", "imperative"), "namespace/imperative created");
    assertEquals("Active", getJson("namespace", "imperative").path("status").path("phase").asText());

    assertLine(kubectl.ok("create", "deployment", "api", "-n", "imperative", "--image=nginx:1.27", "--replicas=3", "--port=8080"),
        "deployment\\.apps/api created");
    JsonNode deploy = getJson("deployment", "api", "-n", "imperative");
    assertEquals(3, deploy.path("spec").path("replicas").asInt(), deploy.toString());
    assertEquals("api", deploy.path("spec").path("selector").path("matchLabels").path("app").asText(), deploy.toString());
    assertEquals("api", labels(deploy).path("app").asText(), deploy.toString());
    JsonNode template = deploy.path("spec").path("template");
    assertEquals("api", template.path("metadata").path("labels").path("app").asText(), deploy.toString());
    JsonNode container = template.path("spec").path("containers").path(0);
    assertEquals("nginx", container.path("name").asText(), deploy.toString());
    assertEquals("nginx:1.27", container.path("image").asText(), deploy.toString());
    assertEquals(8080, container.path("ports").path(0).path("containerPort").asInt(), deploy.toString());
    assertEquals("TCP", container.path("ports").path(0).path("protocol").asText(), deploy.toString());
    assertEquals("RollingUpdate", deploy.path("spec").path("strategy").path("type").asText(), deploy.toString());
    assertEquals("Always", template.path("spec").path("restartPolicy").asText(), deploy.toString());
    assertTrue(deploy.path("metadata").path("creationTimestamp").asText().startsWith("20"),
        "a real creation time, not an empty protobuf Time: " + deploy);
    assertTrue(template.path("metadata").path("creationTimestamp").isMissingNode()
        || template.path("metadata").path("creationTimestamp").isNull(),
        "an empty protobuf Time stays empty: " + deploy);

    assertLine(kubectl.ok("create", "configmap", "settings", "-n", "imperative",
        "--from-literal=color=blue", "--from-literal=size=10"), "configmap/settings created");
    JsonNode cm = getJson("configmap", "settings", "-n", "imperative");
    assertEquals(Map.of("color", "blue", "size", "10"), strings(cm.path("data")), cm.toString());

    assertLine(kubectl.ok("create", "secret", "generic", "creds", "-n", "imperative", "--from-literal=user=admin"),
        "secret/creds created");
    JsonNode secret = getJson("secret", "creds", "-n", "imperative");
    assertEquals("Opaque", secret.path("type").asText(), secret.toString());
    assertEquals(Map.of("user", base64("admin")), strings(secret.path("data")), secret.toString());

    assertLine(kubectl.ok("create", "service", "clusterip", "api", "-n", "imperative", "--tcp=80:8080"),
        "service/api created");
    JsonNode svc = getJson("service", "api", "-n", "imperative");
    assertEquals("ClusterIP", svc.path("spec").path("type").asText(), svc.toString());
    assertEquals("api", svc.path("spec").path("selector").path("app").asText(), svc.toString());
    JsonNode port = svc.path("spec").path("ports").path(0);
    assertEquals("80-8080", port.path("name").asText(), svc.toString());
    assertEquals(80, port.path("port").asInt(), svc.toString());
    assertTrue(port.path("targetPort").isInt(), "a numeric targetPort stays a number: " + svc);
    assertEquals(8080, port.path("targetPort").asInt(), svc.toString());
    assertEquals("TCP", port.path("protocol").asText(), svc.toString());
  }

  // explain

  @Test
  @Order(60)
  void explainPrintsFieldDocumentation() {
    Result strategy = kubectl.ok("explain", "deployment.spec.strategy");
    assertLine(strategy, "GROUP:\\s+apps");
    assertLine(strategy, "KIND:\\s+Deployment");
    assertLine(strategy, "VERSION:\\s+v1");
    assertLine(strategy, "FIELD: strategy <DeploymentStrategy>");
    assertLine(strategy, "\\s+rollingUpdate\\s+<RollingUpdateDeployment>");
    assertLine(strategy, "\\s+type\\s+<string>");
    assertTrue(strategy.stdout().contains("DESCRIPTION:"), strategy.describe());

    Result containers = kubectl.ok("explain", "pods.spec.containers");
    assertLine(containers, "KIND:\\s+Pod");
    assertLine(containers, "FIELD: containers <\\[\\]Container>");
    assertLine(containers, "\\s+image\\s+<string>");
    assertLine(containers, "\\s+name\\s+<string> -required-");
    assertLine(containers, "\\s+env\\s+<\\[\\]EnvVar>");
    assertLine(containers, "\\s+ports\\s+<\\[\\]ContainerPort>");
  }

  // diff, server dry run, server-side apply

  @Test
  @Order(70)
  void diffShowsChangesWithoutMakingThem() {
    kubectl.ok("apply", "-f", manifest("dryrun-base.yaml"));
    Map<String, String> before = settledResourceVersions(List.of("configmap/cfg", "deployment.apps/web"), "dryrun");

    Result unchanged = kubectl.run("diff", "-f", manifest("dryrun-base.yaml"));
    assertEquals(0, unchanged.exitCode(), "no differences: " + unchanged.describe());
    assertTrue(unchanged.stdout().isBlank(), unchanged.describe());

    Result diff = kubectl.run("diff", "-f", manifest("dryrun-changed.yaml"));
    assertEquals(1, diff.exitCode(), "kubectl diff exits 1 when there are differences: " + diff.describe());
    assertLine(diff, "-  color: blue");
    assertLine(diff, "\\+  color: green");
    assertLine(diff, "-  replicas: 1");
    assertLine(diff, "\\+  replicas: 3");
    assertLine(diff, "\\+  name: extra");

    assertEquals(before, resourceVersions(List.of("configmap/cfg", "deployment.apps/web"), "dryrun"), diff.describe());
    assertEquals("blue", getJson("configmap", "cfg", "-n", "dryrun").path("data").path("color").asText());
    assertEquals(1, getJson("deployment", "web", "-n", "dryrun").path("spec").path("replicas").asInt());
    assertNotFound(kubectl.run("get", "configmap", "extra", "-n", "dryrun"), "configmaps", "extra");
  }

  @Test
  @Order(71)
  void serverDryRunApplyChangesNothing() {
    Map<String, String> before = settledResourceVersions(List.of("configmap/cfg", "deployment.apps/web"), "dryrun");
    Result r = kubectl.ok("apply", "--dry-run=server", "-f", manifest("dryrun-changed.yaml"));
    assertLine(r, "configmap/cfg configured \\(server dry run\\)");
    assertLine(r, "deployment\\.apps/web configured \\(server dry run\\)");
    assertLine(r, "configmap/extra created \\(server dry run\\)");

    assertEquals(before, resourceVersions(List.of("configmap/cfg", "deployment.apps/web"), "dryrun"), r.describe());
    assertEquals("blue", getJson("configmap", "cfg", "-n", "dryrun").path("data").path("color").asText());
    assertEquals(1, getJson("deployment", "web", "-n", "dryrun").path("spec").path("replicas").asInt());
    assertNotFound(kubectl.run("get", "configmap", "extra", "-n", "dryrun"), "configmaps", "extra");
  }

  @Test
  @Order(72)
  void serverSideApplyCreatesAndUpdates() {
    Result created = kubectl.ok("apply", "--server-side", "-f", manifest("ssa-v1.yaml"));
    assertLine(created, "configmap/ssa serverside-applied");
    assertLine(created, "deployment\\.apps/ssa-web serverside-applied");
    JsonNode cm = getJson("configmap", "ssa", "-n", "dryrun");
    assertEquals(Map.of("k", "v1"), strings(cm.path("data")), cm.toString());
    JsonNode deploy = getJson("deployment", "ssa-web", "-n", "dryrun");
    assertEquals("RollingUpdate", deploy.path("spec").path("strategy").path("type").asText(), deploy.toString());
    String uid = cm.path("metadata").path("uid").asText();

    Result updated = kubectl.ok("apply", "--server-side", "-f", manifest("ssa-v2.yaml"));
    assertLine(updated, "configmap/ssa serverside-applied");
    JsonNode cm2 = getJson("configmap", "ssa", "-n", "dryrun");
    assertEquals(uid, cm2.path("metadata").path("uid").asText(), "updated in place: " + cm2);
    assertEquals("v2", cm2.path("data").path("k").asText(), cm2.toString());
    assertEquals(2, getJson("deployment", "ssa-web", "-n", "dryrun").path("spec").path("replicas").asInt());
  }

  @Test
  @Order(73)
  void serverSideApplyRemovesFieldsTheManagerNoLongerApplies() {
    Result first = kubectl.ok("apply", "--server-side", "-f", manifest("ssa-owned-v1.yaml"));
    assertLine(first, "configmap/ssa-owned serverside-applied");
    Result second = kubectl.ok("apply", "--server-side", "-f", manifest("ssa-owned-v2.yaml"));
    assertLine(second, "configmap/ssa-owned serverside-applied");
    JsonNode cm = getJson("configmap", "ssa-owned", "-n", "dryrun");
    assertEquals(Map.of("k", "v2"), strings(cm.path("data")), "the dropped key is removed: " + cm);
  }

  @Test
  @Order(74)
  void serverSideApplyConflictsWithAnotherManagerUnlessForced() {
    String changed = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: ssa-owned, namespace: dryrun}
        data: {k: v3}
        """;
    Result refused = kubectl.runWithInput(changed, "apply", "--server-side", "--field-manager=other", "-f", "-");
    assertNotEquals(0, refused.exitCode(), refused.describe());
    assertTrue(refused.stderr().contains("Apply failed with 1 conflict: conflict with \"kubectl\": .data.k"), refused.describe());
    assertEquals("v2", getJson("configmap", "ssa-owned", "-n", "dryrun").path("data").path("k").asText());

    Result forced = kubectl.runWithInput(changed, "apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", "-");
    assertEquals(0, forced.exitCode(), forced.describe());
    assertEquals(Map.of("k", "v3"), strings(getJson("configmap", "ssa-owned", "-n", "dryrun").path("data")));
  }

  // errors

  @Test
  @Order(80)
  void getOfAMissingObjectFailsWithNotFound() {
    Result r = kubectl.run("get", "pod", "nope", "-n", "default");
    assertNotFound(r, "pods", "nope");
  }

  @Test
  @Order(81)
  void creatingInAMissingNamespaceFails() {
    Result applied = kubectl.runWithInput("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: orphan, namespace: no-such-ns}
        data: {a: b}
        """, "apply", "-f", "-");
    assertNotEquals(0, applied.exitCode(), applied.describe());
    assertTrue(applied.stderr().contains("namespaces \"no-such-ns\" not found"), applied.describe());

    Result created = kubectl.run("create", "configmap", "orphan", "-n", "no-such-ns", "--from-literal=a=b");
    assertNotEquals(0, created.exitCode(), created.describe());
    assertTrue(created.stderr().contains("namespaces \"no-such-ns\" not found"), created.describe());
  }

  @Test
  @Order(82)
  void applyingAMisspeltFieldFailsStrictDecoding() {
    Result r = kubectl.run("apply", "-f", manifest("typo.yaml"));
    assertNotEquals(0, r.exitCode(), r.describe());
    assertTrue(r.stderr().contains("Error from server (BadRequest)"), r.describe());
    assertTrue(r.stderr().contains("strict decoding error: "), r.describe());
    assertTrue(r.stderr().contains("unknown field \"spec.replicaz\""), r.describe());
    assertTrue(r.stderr().contains("unknown field \"spec.template.spec.containers[0].imagee\""), r.describe());
    assertNotFound(kubectl.run("get", "deployment", "typo", "-n", "default"), "deployments.apps", "typo");
  }

  // delete

  @Test
  @Order(90)
  void deleteByFileByLabelAndByName() {
    kubectl.ok("apply", "-f", manifest("deleting.yaml"));

    Result byFile = kubectl.ok("delete", "-f", manifest("delete-some.yaml"));
    assertTrue(byFile.stdout().contains("configmap \"c\" deleted"), byFile.describe());
    assertTrue(byFile.stdout().contains("secret \"s\" deleted"), byFile.describe());
    assertNotFound(kubectl.run("get", "configmap", "c", "-n", "deleting"), "configmaps", "c");
    assertNotFound(kubectl.run("get", "secret", "s", "-n", "deleting"), "secrets", "s");

    Result byLabel = kubectl.ok("delete", "configmap", "-l", "app=web", "-n", "deleting");
    assertTrue(byLabel.stdout().contains("configmap \"a\" deleted"), byLabel.describe());
    assertTrue(byLabel.stdout().contains("configmap \"b\" deleted"), byLabel.describe());
    Set<String> left = nameSet(kubectl.ok("get", "configmaps", "-n", "deleting", "-o", "name"));
    assertTrue(left.contains("configmap/keep") && !left.contains("configmap/a") && !left.contains("configmap/b"), left.toString());

    Result byName = kubectl.ok("delete", "deployment", "x", "-n", "deleting");
    assertTrue(byName.stdout().contains("deployment.apps \"x\" deleted"), byName.describe());
    assertNotFound(kubectl.run("get", "deployment", "x", "-n", "deleting"), "deployments.apps", "x");

    Result again = kubectl.run("delete", "deployment", "x", "-n", "deleting");
    assertNotFound(again, "deployments.apps", "x");
  }

  // restart

  @Test
  @Order(100)
  void everyObjectSurvivesARestartUnchangedAndWritesContinue() {
    catalog();
    String kinds = "namespaces,configmaps,secrets,deployments,services,pods";
    Map<String, JsonNode> before = objectsByKey(kubectl.ok("get", kinds, "-A", "-o", "json").json());
    assertTrue(before.size() > 10, "the catalog and earlier steps left objects behind: " + before.keySet());

    server.restart();

    Map<String, JsonNode> after = objectsByKey(kubectl.ok("get", kinds, "-A", "-o", "json").json());
    assertEquals(new TreeSet<>(before.keySet()), new TreeSet<>(after.keySet()), "the same objects after a restart");
    long newestBefore = 0;
    for (var e : before.entrySet()) {
      JsonNode was = e.getValue().path("metadata");
      JsonNode is = after.get(e.getKey()).path("metadata");
      assertEquals(was.path("uid").asText(), is.path("uid").asText(), e.getKey());
      assertEquals(was.path("resourceVersion").asText(), is.path("resourceVersion").asText(), e.getKey());
      assertEquals(e.getValue(), after.get(e.getKey()), e.getKey() + " is stored as it was");
      newestBefore = Math.max(newestBefore, Long.parseLong(was.path("resourceVersion").asText()));
    }

    try (Kubectl.Background watch = kubectl.background("get", "configmaps", "-n", "catalog", "-w", "--output-watch-events")) {
      watch.awaitOutput("the existing configmaps listed", out -> matches(out, "ADDED\\s+web-settings\\s+1\\s+\\S+"), WATCH_WAIT);
      applyStdin("""
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: after-restart, namespace: catalog}
          data: {k: v}
          """);
      watch.awaitOutput("the new configmap watched", out -> matches(out, "ADDED\\s+after-restart\\s+1\\s+\\S+"), WATCH_WAIT);
    }
    JsonNode cm = getJson("configmap", "after-restart", "-n", "catalog");
    assertEquals("v", cm.path("data").path("k").asText(), cm.toString());
    assertTrue(Long.parseLong(cm.path("metadata").path("resourceVersion").asText()) > newestBefore,
        "resourceVersions keep increasing across a restart: " + cm + " vs " + newestBefore);

    kubectl.ok("label", "deployment", "web", "-n", "catalog", "restarted=yes");
    JsonNode deploy = getJson("deployment", "web", "-n", "catalog");
    assertEquals("yes", labels(deploy).path("restarted").asText(), deploy.toString());
    assertTrue(Long.parseLong(deploy.path("metadata").path("resourceVersion").asText()) > newestBefore, deploy.toString());

    assertLine(kubectl.ok("scale", "deployment", "web", "-n", "catalog", "--replicas=1"), "deployment\\.apps/web scaled");
    assertEquals(1, getJson("deployment", "web", "-n", "catalog").path("spec").path("replicas").asInt());
  }

  // helpers

  /** A manifest from the test resources, copied to a file of its own as a user would have it. */
  private static String manifest(String name) {
    Path file = tmp.resolve(name);
    try (InputStream in = KubectlEndToEndTest.class.getResourceAsStream("/kubectl-e2e/" + name)) {
      if (in == null) throw new IllegalStateException("no test manifest " + name);
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.toString();
  }

  private static Result applyStdin(String yaml) {
    Result r = kubectl.runWithInput(yaml, "apply", "-f", "-");
    if (!r.ok()) fail("kubectl apply failed:\n" + r.describe());
    return r;
  }

  private static JsonNode getJson(String... args) {
    return kubectl.ok(concat("get", args, "-o", "json")).json();
  }

  private static String[] concat(String first, String[] middle, String... rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(Arrays.asList(middle));
    all.addAll(Arrays.asList(rest));
    return all.toArray(String[]::new);
  }

  /** resourceVersion per "kind/name" in one namespace (namespaces themselves by name). */
  /**
   * The resourceVersions once the controllers are done with the objects (Deployments get their
   * ReplicaSet, revision and status written after the apply): unchanged over a second.
   */
  private static Map<String, String> settledResourceVersions(List<String> objects, String namespace) {
    Map<String, String> last = resourceVersions(objects, namespace);
    for (int i = 0; i < 40; i++) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      Map<String, String> now = resourceVersions(objects, namespace);
      if (now.equals(last)) return now;
      last = now;
    }
    throw new AssertionError("the objects kept changing: " + last);
  }

  private static Map<String, String> resourceVersions(List<String> objects, String namespace) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String obj : objects) {
      JsonNode o = obj.startsWith("namespace/") ? getJson(obj) : getJson(obj, "-n", namespace);
      out.put(obj, o.path("metadata").path("resourceVersion").asText());
    }
    return out;
  }

  private static Map<String, JsonNode> objectsByKey(JsonNode list) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode item : list.path("items")) {
      JsonNode m = item.path("metadata");
      out.put(item.path("kind").asText() + "/" + m.path("namespace").asText("") + "/" + m.path("name").asText(), item);
    }
    return out;
  }

  private static void assertNotFound(Result r, String resource, String name) {
    assertNotEquals(0, r.exitCode(), r.describe());
    assertTrue(r.stderr().contains("Error from server (NotFound): " + resource + " \"" + name + "\" not found"), r.describe());
  }

  private static List<String> header(Result r) {
    List<String> lines = r.lines();
    if (lines.isEmpty()) throw new AssertionError("no output:\n" + r.describe());
    return List.of(lines.get(0).trim().split("\\s+"));
  }

  private static void assertLine(Result r, String regex) {
    if (!matches(r.stdout(), regex)) fail("no line matches /" + regex + "/ in:\n" + r.describe());
  }

  private static boolean matches(String text, String regex) {
    Pattern p = Pattern.compile(regex);
    return text.lines().map(String::stripTrailing).anyMatch(l -> p.matcher(l).matches());
  }

  private static Set<String> nameSet(Result r) {
    return new TreeSet<>(r.lines());
  }

  private static Set<String> names(JsonNode list) {
    Set<String> out = new TreeSet<>();
    list.path("items").forEach(i -> out.add(i.path("metadata").path("name").asText()));
    return out;
  }

  private static JsonNode labels(JsonNode obj) {
    return obj.path("metadata").path("labels");
  }

  private static Map<String, String> images(JsonNode deploy) {
    Map<String, String> out = new LinkedHashMap<>();
    deploy.path("spec").path("template").path("spec").path("containers")
        .forEach(c -> out.put(c.path("name").asText(), c.path("image").asText()));
    return out;
  }

  private static Map<String, String> env(JsonNode container) {
    Map<String, String> out = new LinkedHashMap<>();
    container.path("env").forEach(e -> out.put(e.path("name").asText(), e.path("value").asText()));
    return out;
  }

  private static Map<String, String> strings(JsonNode obj) {
    Map<String, String> out = new LinkedHashMap<>();
    obj.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
