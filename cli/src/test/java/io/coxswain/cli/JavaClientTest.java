package io.coxswain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Kubernetes Java client, unchanged, against a really started server: typed CRUD
 * through the generated APIs, merge patches through PatchUtils, label selectors, the error codes
 * the client turns into ApiException, and a shared informer that lists and then watches.
 */
class JavaClientTest {
  private static final String NS = "java-client";
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private static TestServer server;
  private static ApiClient client;
  private static CoreV1Api core;
  private static AppsV1Api apps;

  @BeforeAll
  static void startServer() throws ApiException {
    server = TestServer.start();
    client = Config.fromUrl(server.url(), false);
    // Watches are held open by the server until timeoutSeconds; the client must not give up first.
    client.setReadTimeout(0);
    core = new CoreV1Api(client);
    apps = new AppsV1Api(client);
    core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(NS))).execute();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) server.close();
  }

  // CRUD

  @Test
  void configMapsRoundTripThroughCreateReadReplacePatchAndDelete() throws ApiException {
    V1ConfigMap created = core.createNamespacedConfigMap(NS, configMap("crud", Map.of("tier", "web"), Map.of("k1", "v1")))
        .execute();
    V1ObjectMeta meta = created.getMetadata();
    assertEquals("crud", meta.getName());
    assertEquals(NS, meta.getNamespace());
    assertNotNull(meta.getUid(), "the server fills metadata.uid");
    assertNotNull(meta.getCreationTimestamp(), "the server fills metadata.creationTimestamp");
    assertNotNull(meta.getResourceVersion(), "the server fills metadata.resourceVersion");
    assertEquals("v1", created.getApiVersion());
    assertEquals("ConfigMap", created.getKind());
    assertEquals(Map.of("k1", "v1"), created.getData());

    V1ConfigMap read = core.readNamespacedConfigMap("crud", NS).execute();
    assertEquals(meta.getUid(), read.getMetadata().getUid());
    assertEquals(meta.getResourceVersion(), read.getMetadata().getResourceVersion());
    assertEquals(Map.of("k1", "v1"), read.getData());

    read.setData(Map.of("k1", "v1-replaced"));
    V1ConfigMap replaced = core.replaceNamespacedConfigMap("crud", NS, read).execute();
    assertEquals(Map.of("k1", "v1-replaced"), replaced.getData());
    assertEquals(meta.getUid(), replaced.getMetadata().getUid());
    assertNotEquals(meta.getResourceVersion(), replaced.getMetadata().getResourceVersion(),
        "a replace that changes the object gets a new resourceVersion");

    V1ConfigMap patched = mergePatchConfigMap("crud", "{\"metadata\":{\"labels\":{\"patched\":\"yes\"}},\"data\":{\"k2\":\"v2\"}}");
    assertEquals(Map.of("k1", "v1-replaced", "k2", "v2"), patched.getData());
    assertEquals(Map.of("tier", "web", "patched", "yes"), patched.getMetadata().getLabels());
    assertNotEquals(replaced.getMetadata().getResourceVersion(), patched.getMetadata().getResourceVersion());

    V1ConfigMap removedKey = mergePatchConfigMap("crud", "{\"data\":{\"k1\":null}}");
    assertEquals(Map.of("k2", "v2"), removedKey.getData(), "null in a merge patch removes the key");

    V1Status status = core.deleteNamespacedConfigMap("crud", NS).execute();
    assertEquals("Status", status.getKind(), "an object gone at once is answered with a Status: " + status);
    assertEquals("Success", status.getStatus());
    assertEquals("crud", status.getDetails().getName());
    assertEquals("configmaps", status.getDetails().getKind());
    assertEquals(meta.getUid(), status.getDetails().getUid());
    ApiException gone = assertThrows(ApiException.class, () -> core.readNamespacedConfigMap("crud", NS).execute());
    assertEquals(404, gone.getCode());
  }

  @Test
  void listsConfigMapsByLabelSelector() throws ApiException {
    core.createNamespacedConfigMap(NS, configMap("sel-a1", Map.of("sel", "a", "pos", "1"), Map.of())).execute();
    core.createNamespacedConfigMap(NS, configMap("sel-a2", Map.of("sel", "a", "pos", "2"), Map.of())).execute();
    core.createNamespacedConfigMap(NS, configMap("sel-b1", Map.of("sel", "b", "pos", "1"), Map.of())).execute();
    core.createNamespacedConfigMap(NS, configMap("sel-none", Map.of(), Map.of())).execute();

    assertEquals(Set.of("sel-a1", "sel-a2"), configMapNames("sel=a"));
    assertEquals(Set.of("sel-a1", "sel-a2", "sel-b1"), configMapNames("sel in (a,b)"));
    assertEquals(Set.of("sel-a1", "sel-b1"), configMapNames("sel,pos=1"));
    assertEquals(Set.of("sel-b1"), configMapNames("sel!=a,sel"));
    assertEquals(Set.of(), configMapNames("sel=c"));
    assertTrue(configMapNames("!sel").contains("sel-none"));
    assertFalse(configMapNames("!sel").contains("sel-a1"));

    V1ConfigMapList all = core.listNamespacedConfigMap(NS).labelSelector("sel").execute();
    assertNotNull(all.getMetadata().getResourceVersion(), "a list carries the resourceVersion it was read at");
    for (String name : List.of("sel-a1", "sel-a2", "sel-b1", "sel-none")) {
      core.deleteNamespacedConfigMap(name, NS).execute();
    }
    assertEquals(Set.of(), configMapNames("sel"));
  }

  @Test
  void replaceWithStaleResourceVersionIsAConflict() throws ApiException {
    V1ConfigMap v1 = core.createNamespacedConfigMap(NS, configMap("stale", Map.of(), Map.of("n", "1"))).execute();
    V1ConfigMap fresh = core.readNamespacedConfigMap("stale", NS).execute();
    fresh.setData(Map.of("n", "2"));
    core.replaceNamespacedConfigMap("stale", NS, fresh).execute();

    v1.setData(Map.of("n", "3"));
    ApiException conflict = assertThrows(ApiException.class,
        () -> core.replaceNamespacedConfigMap("stale", NS, v1).execute());
    assertEquals(409, conflict.getCode());
    assertTrue(conflict.getResponseBody().contains("\"reason\":\"Conflict\""), conflict.getResponseBody());
    assertEquals(Map.of("n", "2"), core.readNamespacedConfigMap("stale", NS).execute().getData(),
        "the stale replace changed nothing");
    core.deleteNamespacedConfigMap("stale", NS).execute();
  }

  @Test
  void readingMissingObjectsIsNotFound() {
    ApiException cm = assertThrows(ApiException.class, () -> core.readNamespacedConfigMap("no-such-map", NS).execute());
    assertEquals(404, cm.getCode());
    assertTrue(cm.getResponseBody().contains("\"reason\":\"NotFound\""), cm.getResponseBody());
    ApiException deploy = assertThrows(ApiException.class, () -> apps.readNamespacedDeployment("no-such-deploy", NS).execute());
    assertEquals(404, deploy.getCode());
    ApiException ns = assertThrows(ApiException.class, () -> core.readNamespace("no-such-namespace").execute());
    assertEquals(404, ns.getCode());
    ApiException missingNs = assertThrows(ApiException.class,
        () -> core.createNamespacedConfigMap("no-such-namespace", configMap("orphan", Map.of(), Map.of())).execute());
    assertEquals(404, missingNs.getCode());
  }

  @Test
  void deploymentsRoundTripThroughCreateReadReplacePatchListAndDelete() throws ApiException {
    V1Deployment created = apps.createNamespacedDeployment(NS, deployment("web", 2)).execute();
    assertEquals("apps/v1", created.getApiVersion());
    assertEquals("Deployment", created.getKind());
    assertNotNull(created.getMetadata().getUid());
    assertEquals(2, created.getSpec().getReplicas());
    Long firstGeneration = created.getMetadata().getGeneration();
    assertNotNull(firstGeneration, "a Deployment carries metadata.generation");

    V1Deployment read = apps.readNamespacedDeployment("web", NS).execute();
    assertEquals("nginx:1.27", read.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());

    read.getSpec().setReplicas(3);
    V1Deployment replaced = apps.replaceNamespacedDeployment("web", NS, read).execute();
    assertEquals(3, replaced.getSpec().getReplicas());
    assertTrue(replaced.getMetadata().getGeneration() > firstGeneration, "a spec change bumps metadata.generation");

    V1Deployment patched = PatchUtils.patch(V1Deployment.class,
        () -> apps.patchNamespacedDeployment("web", NS, new V1Patch("{\"spec\":{\"replicas\":4}}")).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    assertEquals(4, patched.getSpec().getReplicas());
    assertEquals("nginx:1.27", patched.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
        "a merge patch leaves the rest of the spec alone");
    assertTrue(patched.getMetadata().getGeneration() > replaced.getMetadata().getGeneration());

    apps.createNamespacedDeployment(NS, deployment("api", 1)).execute();
    Set<String> web = apps.listNamespacedDeployment(NS).labelSelector("app=web").execute().getItems().stream()
        .map(d -> d.getMetadata().getName()).collect(Collectors.toSet());
    assertEquals(Set.of("web"), web);
    Set<String> both = apps.listNamespacedDeployment(NS).labelSelector("app in (web,api)").execute().getItems().stream()
        .map(d -> d.getMetadata().getName()).collect(Collectors.toSet());
    assertEquals(Set.of("web", "api"), both);

    V1Status deleted = apps.deleteNamespacedDeployment("web", NS).execute();
    assertEquals("Success", deleted.getStatus(), deleted.toString());
    assertEquals("apps", deleted.getDetails().getGroup());
    assertEquals("deployments", deleted.getDetails().getKind());
    apps.deleteNamespacedDeployment("api", NS).execute();
    await("both Deployments are gone", () -> missing(() -> apps.readNamespacedDeployment("web", NS).execute())
        && missing(() -> apps.readNamespacedDeployment("api", NS).execute()));
  }

  @Test
  void namespacesRoundTripThroughCreateReadReplacePatchListAndDelete() throws Exception {
    V1Namespace created = core.createNamespace(new V1Namespace().metadata(
        new V1ObjectMeta().name("jc-ns").labels(Map.of("team", "blue")))).execute();
    assertEquals("Namespace", created.getKind());
    assertNotNull(created.getMetadata().getUid());
    assertEquals(null, created.getMetadata().getNamespace(), "a Namespace is cluster-scoped");

    String nameLabel = "kubernetes.io/metadata.name";
    V1Namespace read = core.readNamespace("jc-ns").execute();
    assertEquals(Map.of("team", "blue", nameLabel, "jc-ns"), read.getMetadata().getLabels());
    read.getMetadata().putLabelsItem("env", "test");
    V1Namespace replaced = core.replaceNamespace("jc-ns", read).execute();
    assertEquals(Map.of("team", "blue", "env", "test", nameLabel, "jc-ns"), replaced.getMetadata().getLabels());

    V1Namespace patched = PatchUtils.patch(V1Namespace.class,
        () -> core.patchNamespace("jc-ns", new V1Patch("{\"metadata\":{\"labels\":{\"team\":\"green\"}}}")).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    assertEquals(Map.of("team", "green", "env", "test", nameLabel, "jc-ns"), patched.getMetadata().getLabels());

    Set<String> green = core.listNamespace().labelSelector("team=green").execute().getItems().stream()
        .map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
    assertEquals(Set.of("jc-ns"), green);
    assertEquals(Set.of("jc-ns"), core.listNamespace().labelSelector(nameLabel + "=jc-ns").execute().getItems().stream()
        .map(n -> n.getMetadata().getName()).collect(Collectors.toSet()));
    Set<String> all = core.listNamespace().execute().getItems().stream()
        .map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
    assertTrue(all.containsAll(Set.of("default", "kube-system", NS, "jc-ns")), all.toString());

    // Kubernetes answers a Namespace delete with the Namespace (now Terminating), which the
    // generated method cannot read as the V1Status it declares; callers use the raw call.
    try (okhttp3.Response response = core.deleteNamespace("jc-ns").buildCall(null).execute()) {
      assertTrue(response.code() == 200 || response.code() == 202, "delete answered " + response.code());
    }
    await("the Namespace is gone", () -> missing(() -> core.readNamespace("jc-ns").execute()));
  }

  // Informer

  @Test
  void informerSeesAddsUpdatesAndDeletesAndItsCacheMatchesTheServer() throws Exception {
    String ns = "informed";
    core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(ns))).execute();
    // Present before the informer starts: it must come in with the initial list.
    core.createNamespacedConfigMap(ns, configMap("before", Map.of(), Map.of("when", "before"))).execute();

    List<V1ConfigMap> added = new CopyOnWriteArrayList<>();
    List<V1ConfigMap> updated = new CopyOnWriteArrayList<>();
    List<V1ConfigMap> deleted = new CopyOnWriteArrayList<>();
    SharedInformerFactory factory = new SharedInformerFactory(client);
    SharedIndexInformer<V1ConfigMap> informer = factory.sharedIndexInformerFor(
        (CallGeneratorParams params) -> core.listNamespacedConfigMap(ns)
            .resourceVersion(params.resourceVersion)
            .watch(params.watch)
            .timeoutSeconds(params.timeoutSeconds)
            .allowWatchBookmarks(Boolean.TRUE.equals(params.watch) ? Boolean.TRUE : null)
            .buildCall(null),
        V1ConfigMap.class, V1ConfigMapList.class);
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(V1ConfigMap obj) {
        added.add(obj);
      }

      @Override
      public void onUpdate(V1ConfigMap oldObj, V1ConfigMap newObj) {
        updated.add(newObj);
      }

      @Override
      public void onDelete(V1ConfigMap obj, boolean deletedFinalStateUnknown) {
        deleted.add(obj);
      }
    });
    factory.startAllRegisteredInformers();
    try {
      await("the informer has synced", informer::hasSynced);
      await("the informer listed the ConfigMap that existed before it started",
          () -> hasData(added, "before", "when", "before"));

      core.createNamespacedConfigMap(ns, configMap("one", Map.of("watched", "yes"), Map.of("v", "1"))).execute();
      core.createNamespacedConfigMap(ns, configMap("two", Map.of(), Map.of("v", "1"))).execute();
      await("the informer saw both creations", () -> hasData(added, "one", "v", "1") && hasData(added, "two", "v", "1"));

      V1ConfigMap one = core.readNamespacedConfigMap("one", ns).execute();
      one.setData(Map.of("v", "2"));
      core.replaceNamespacedConfigMap("one", ns, one).execute();
      mergePatch(ns, "two", "{\"data\":{\"v\":\"2\",\"extra\":\"x\"}}");
      await("the informer saw both updates", () -> hasData(updated, "one", "v", "2") && hasData(updated, "two", "extra", "x"));

      core.deleteNamespacedConfigMap("one", ns).execute();
      await("the informer saw the deletion", () -> deleted.stream().anyMatch(c -> "one".equals(c.getMetadata().getName())));
      assertTrue(deleted.stream().filter(c -> "one".equals(c.getMetadata().getName()))
          .allMatch(c -> Map.of("v", "2").equals(c.getData())), "the deleted object carries its last content");

      Lister<V1ConfigMap> lister = new Lister<>(informer.getIndexer()).namespace(ns);
      await("the informer's cache matches the server's list", () -> {
        Map<String, Map<String, String>> cached = contents(lister.list());
        Map<String, Map<String, String>> listed = contents(core.listNamespacedConfigMap(ns).execute().getItems());
        return cached.equals(listed);
      });
      Map<String, Map<String, String>> expected = new TreeMap<>();
      expected.put("before", Map.of("when", "before"));
      expected.put("two", Map.of("v", "2", "extra", "x"));
      assertEquals(expected, contents(lister.list()));
      V1ConfigMap cachedTwo = lister.get("two");
      assertNotNull(cachedTwo);
      assertEquals(core.readNamespacedConfigMap("two", ns).execute().getMetadata().getResourceVersion(),
          cachedTwo.getMetadata().getResourceVersion(), "the cache holds the latest version");
      assertTrue(deleted.stream().noneMatch(c -> !"one".equals(c.getMetadata().getName())),
          "nothing else was reported deleted: " + names(deleted));
    } finally {
      factory.stopAllRegisteredInformers();
    }
  }

  // Helpers

  private static V1ConfigMap configMap(String name, Map<String, String> labels, Map<String, String> data) {
    V1ObjectMeta meta = new V1ObjectMeta().name(name);
    if (!labels.isEmpty()) meta.setLabels(new HashMap<>(labels));
    V1ConfigMap cm = new V1ConfigMap().metadata(meta);
    if (!data.isEmpty()) cm.setData(new HashMap<>(data));
    return cm;
  }

  private static V1Deployment deployment(String app, int replicas) {
    Map<String, String> labels = Map.of("app", app);
    return new V1Deployment()
        .metadata(new V1ObjectMeta().name(app).labels(labels))
        .spec(new V1DeploymentSpec()
            .replicas(replicas)
            .selector(new V1LabelSelector().matchLabels(labels))
            .template(new V1PodTemplateSpec()
                .metadata(new V1ObjectMeta().labels(labels))
                .spec(new V1PodSpec().containers(List.of(new V1Container()
                    .name("main")
                    .image("nginx:1.27")
                    .ports(List.of(new V1ContainerPort().containerPort(80))))))));
  }

  private static V1ConfigMap mergePatchConfigMap(String name, String json) throws ApiException {
    return mergePatch(NS, name, json);
  }

  private static V1ConfigMap mergePatch(String ns, String name, String json) throws ApiException {
    return PatchUtils.patch(V1ConfigMap.class,
        () -> core.patchNamespacedConfigMap(name, ns, new V1Patch(json)).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
  }

  private static Set<String> configMapNames(String selector) throws ApiException {
    return core.listNamespacedConfigMap(NS).labelSelector(selector).execute().getItems().stream()
        .map(c -> c.getMetadata().getName())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static boolean hasData(List<V1ConfigMap> seen, String name, String key, String value) {
    return seen.stream().anyMatch(c -> name.equals(c.getMetadata().getName())
        && c.getData() != null && value.equals(c.getData().get(key)));
  }

  private static Map<String, Map<String, String>> contents(List<V1ConfigMap> items) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (V1ConfigMap c : items) out.put(c.getMetadata().getName(), c.getData() == null ? Map.of() : c.getData());
    return out;
  }

  private static List<String> names(List<V1ConfigMap> items) {
    List<String> out = new ArrayList<>();
    for (V1ConfigMap c : items) out.add(c.getMetadata().getName());
    return out;
  }

  private interface Call {
    Object run() throws ApiException;
  }

  private static boolean missing(Call call) {
    try {
      call.run();
      return false;
    } catch (ApiException e) {
      if (e.getCode() == 404) return true;
      throw new AssertionError("expected 200 or 404, got " + e.getCode() + ": " + e.getResponseBody(), e);
    }
  }

  /** Polls until the condition holds; the deadline only bounds a failing test, it asserts no timing. */
  private static void await(String what, CheckedCondition condition) {
    Instant end = Instant.now().plus(DEADLINE);
    Throwable last = null;
    while (Instant.now().isBefore(end)) {
      try {
        if (condition.holds()) return;
        last = null;
      } catch (AssertionError | Exception e) {
        last = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while waiting until " + what);
      }
    }
    fail("gave up waiting until " + what + (last == null ? "" : ": " + last), last);
  }

  @FunctionalInterface
  private interface CheckedCondition {
    boolean holds() throws Exception;
  }
}
