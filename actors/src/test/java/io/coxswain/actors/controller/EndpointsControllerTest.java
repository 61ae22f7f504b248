package io.coxswain.actors.controller;

import static io.coxswain.actors.controller.ControlPlaneFixture.await;
import static io.coxswain.actors.controller.ControlPlaneFixture.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.kinds.EndpointSliceStrategy;
import io.coxswain.core.kinds.EndpointsStrategy;
import io.coxswain.core.kinds.NamespaceStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.kinds.ServiceStrategy;
import io.coxswain.core.write.DeleteOptions;
import io.coxswain.core.write.Subresource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The Endpoints and EndpointSlice controllers together on a real control plane, as kube-controller-manager runs them. */
class EndpointsControllerTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  /** Small, so that a handful of pods already needs more than one slice. */
  static final int MAX_PER_SLICE = 3;
  static ControlPlaneFixture cp;
  static Informer endpoints;
  static Informer slices;
  ActorRef<ControllerRunner.Command> endpointsController;
  ActorRef<ControllerRunner.Command> sliceController;
  ControllerWrites user;
  ControllerWrites kubelet;
  String ns;

  @BeforeAll
  static void start() {
    cp = new ControlPlaneFixture();
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  @BeforeEach
  void runControllers(TestInfo info) {
    endpointsController = cp.run(new EndpointsController(cp.informers, cp.writes(EndpointsController.USER)));
    sliceController = cp.run(
        new EndpointSliceController(cp.informers, cp.writes(EndpointSliceController.USER), MAX_PER_SLICE));
    endpoints = cp.informers.get(EndpointsStrategy.TYPE);
    slices = cp.informers.get(EndpointSliceStrategy.TYPE);
    user = cp.writes("alice");
    kubelet = cp.writes("kubelet");
    // Each test in its own namespace, so they cannot see each other's objects.
    String method = info.getTestMethod().orElseThrow().getName().toLowerCase();
    ns = method.substring(0, Math.min(20, method.length()));
  }

  @AfterEach
  void stopControllers() {
    cp.testKit.stop(endpointsController);
    cp.testKit.stop(sliceController);
  }

  // Fixtures

  /** Service "web" selecting app=web: http to the named port "web", metrics to 9090. */
  ObjectNode service(String extraSpec) {
    return cp.create(ServiceStrategy.TYPE, manifest("""
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: %s, labels: {team: a}}
        spec:
          selector: {app: web}
          ports:
          - {name: http, port: 80, targetPort: web}
          - {name: metrics, port: 9090, targetPort: 9090}
          %s
        """.formatted(ns, extraSpec)));
  }

  /** A pod labelled app=web on node-1 whose container names port {@code webPort} "web" (none when 0). */
  ObjectNode pod(String name, int webPort) {
    String ports = webPort == 0 ? "" : ", ports: [{name: web, containerPort: %d}]".formatted(webPort);
    return cp.create(PodStrategy.TYPE, manifest("""
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: %s, labels: {app: web}}
        spec:
          nodeName: node-1
          containers: [{name: c, image: busybox%s}]
        """.formatted(name, ns, ports)));
  }

  /** What the node agent would report: running with {@code ip}, Ready or not. */
  void running(String pod, String ip, boolean ready) throws Exception {
    ObjectNode patch = Json.MAPPER.createObjectNode();
    ObjectNode status = patch.putObject("status");
    status.put("phase", "Running");
    status.put("podIP", ip);
    status.putArray("podIPs").addObject().put("ip", ip);
    status.putArray("conditions").addObject().put("type", "Ready").put("status", ready ? "True" : "False")
        .put("lastTransitionTime", Instant.now().toString());
    kubelet.patch(PodStrategy.TYPE, ns, pod, patch, Subresource.STATUS).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  ObjectNode endpointsOf(String service) {
    return endpoints.get(ns, service);
  }

  /** "ready:ip,ip notReady:ip ports:name=port,…" per subset, for readable comparisons. */
  static List<String> shape(ObjectNode ep) {
    List<String> out = new ArrayList<>();
    if (ep == null) return out;
    for (JsonNode s : ep.path("subsets")) {
      List<String> ready = new ArrayList<>();
      List<String> notReady = new ArrayList<>();
      List<String> ports = new ArrayList<>();
      s.path("addresses").forEach(a -> ready.add(a.path("ip").asText()));
      s.path("notReadyAddresses").forEach(a -> notReady.add(a.path("ip").asText()));
      s.path("ports").forEach(p -> ports.add(p.path("name").asText() + "=" + p.path("port").asInt()));
      out.add("ready:" + String.join(",", ready) + " notReady:" + String.join(",", notReady)
          + " ports:" + String.join(",", ports));
    }
    return out;
  }

  List<ObjectNode> slicesOf(String service) {
    return slices.list(ns).stream()
        .filter(s -> service.equals(Metadata.labels(s).get("kubernetes.io/service-name")))
        .collect(Collectors.toList());
  }

  /** Every endpoint of the service's slices as "pod ip ready/serving/terminating ports". */
  Set<String> sliceShape(String service) {
    Set<String> out = new TreeSet<>();
    for (ObjectNode slice : slicesOf(service)) {
      List<String> ports = new ArrayList<>();
      slice.path("ports").forEach(p -> ports.add(p.path("name").asText() + "=" + p.path("port").asInt()));
      for (JsonNode e : slice.path("endpoints")) {
        JsonNode c = e.path("conditions");
        out.add(e.path("targetRef").path("name").asText() + " " + e.path("addresses").path(0).asText() + " "
            + c.path("ready").asBoolean() + "/" + c.path("serving").asBoolean() + "/" + c.path("terminating").asBoolean()
            + " " + ports);
      }
    }
    return out;
  }

  // Endpoints

  @Test
  void readyPodsAreAddressesAndNotReadyOnesNotReadyAddresses() throws Exception {
    service("");
    ObjectNode a = pod("a", 8080);
    pod("b", 8080);
    pod("pending", 8080);
    running("a", "10.1.0.1", true);
    running("b", "10.1.0.2", false);
    List<String> want = List.of("ready:10.1.0.1 notReady:10.1.0.2 ports:http=8080,metrics=9090");
    await("endpoints list a as ready and b as not ready", WAIT, () -> shape(endpointsOf("web")).equals(want));
    ObjectNode ep = endpointsOf("web");
    JsonNode address = ep.path("subsets").path(0).path("addresses").path(0);
    assertEquals("node-1", address.path("nodeName").asText());
    assertEquals(manifest("{kind: Pod, namespace: %s, name: a, uid: %s}".formatted(ns, Metadata.uid(a))),
        address.path("targetRef"));
    assertEquals("TCP", ep.path("subsets").path(0).path("ports").path(0).path("protocol").asText());
    assertEquals(Map.of("team", "a"), Metadata.labels(ep), "the Service's labels");

    running("b", "10.1.0.2", true);
    await("b turns ready", WAIT, () -> shape(endpointsOf("web"))
        .equals(List.of("ready:10.1.0.1,10.1.0.2 notReady: ports:http=8080,metrics=9090")));
  }

  @Test
  void aNamedTargetPortIsResolvedPerPod() throws Exception {
    service("");
    pod("a", 8080);
    pod("b", 8081);
    pod("c", 0);
    running("a", "10.2.0.1", true);
    running("b", "10.2.0.2", true);
    running("c", "10.2.0.3", true);
    Set<String> want = Set.of(
        "ready:10.2.0.1 notReady: ports:http=8080",
        "ready:10.2.0.2 notReady: ports:http=8081",
        "ready:10.2.0.1,10.2.0.2,10.2.0.3 notReady: ports:metrics=9090");
    await("each pod's http port is its own; c, without the name, only has metrics", WAIT,
        () -> Set.copyOf(shape(endpointsOf("web"))).equals(want));
  }

  @Test
  void aRelabelledPodLeavesTheEndpoints() throws Exception {
    service("");
    pod("a", 8080);
    pod("b", 8080);
    running("a", "10.3.0.1", true);
    running("b", "10.3.0.2", true);
    await("both pods are endpoints", WAIT, () -> shape(endpointsOf("web"))
        .equals(List.of("ready:10.3.0.1,10.3.0.2 notReady: ports:http=8080,metrics=9090")));
    ObjectNode relabel = manifest("{metadata: {labels: {app: other}}}");
    user.patch(PodStrategy.TYPE, ns, "b", relabel, Subresource.MAIN).toCompletableFuture().get(10, TimeUnit.SECONDS);
    await("b has left", WAIT, () -> shape(endpointsOf("web"))
        .equals(List.of("ready:10.3.0.1 notReady: ports:http=8080,metrics=9090")));
    await("and left the slices too", WAIT, () -> sliceShape("web").size() == 1);
    assertTrue(sliceShape("web").iterator().next().startsWith("a "), sliceShape("web").toString());
  }

  @Test
  void aTerminatingPodLeavesEndpointsAndIsMarkedTerminatingInSlices() throws Exception {
    service("");
    pod("a", 8080);
    pod("b", 8080);
    running("a", "10.4.0.1", true);
    running("b", "10.4.0.2", true);
    await("both pods are endpoints", WAIT, () -> shape(endpointsOf("web")).size() == 1
        && endpointsOf("web").path("subsets").path(0).path("addresses").size() == 2);
    // A graceful delete: with no node agent to confirm, the pod stays, terminating.
    user.delete(PodStrategy.TYPE, ns, "b", new DeleteOptions(null, null, 300L, null))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    await("b has left the Endpoints", WAIT, () -> shape(endpointsOf("web"))
        .equals(List.of("ready:10.4.0.1 notReady: ports:http=8080,metrics=9090")));
    await("b is terminating in the slice", WAIT, () -> sliceShape("web").equals(Set.of(
        "a 10.4.0.1 true/true/false [http=8080, metrics=9090]",
        "b 10.4.0.2 false/true/true [http=8080, metrics=9090]")));
  }

  @Test
  void deletingTheServiceDeletesItsEndpointsAndSlices() throws Exception {
    service("");
    pod("a", 8080);
    running("a", "10.5.0.1", true);
    await("endpoints and a slice exist", WAIT, () -> !shape(endpointsOf("web")).isEmpty() && sliceShape("web").size() == 1);
    user.delete(ServiceStrategy.TYPE, ns, "web", new DeleteOptions(null, null, null, null))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    await("the Endpoints are gone", WAIT, () -> endpointsOf("web") == null);
    await("the slices are gone", WAIT, () -> slicesOf("web").isEmpty());
  }

  @Test
  void endpointsOfAServiceWithoutSelectorAreTheUsers() throws Exception {
    cp.create(ServiceStrategy.TYPE, manifest("""
        apiVersion: v1
        kind: Service
        metadata: {name: external, namespace: %s}
        spec:
          ports: [{port: 5432}]
        """.formatted(ns)));
    ObjectNode mine = cp.create(EndpointsStrategy.TYPE, manifest("""
        apiVersion: v1
        kind: Endpoints
        metadata: {name: external, namespace: %s}
        subsets: [{addresses: [{ip: 192.168.7.7}], ports: [{port: 5432}]}]
        """.formatted(ns)));
    user.delete(ServiceStrategy.TYPE, ns, "external", new DeleteOptions(null, null, null, null))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    // The controllers handle keys in order of change; once a later Service has its Endpoints, the
    // deletion above has been looked at.
    service("");
    await("the later Service has Endpoints", WAIT, () -> endpointsOf("web") != null);
    ObjectNode still = endpointsOf("external");
    assertNotNull(still, "user-managed Endpoints must survive their Service");
    assertEquals(Metadata.resourceVersion(mine), Metadata.resourceVersion(still), "and stay untouched");
    assertTrue(slicesOf("external").isEmpty(), "a Service without selector gets no slices");
  }

  @Test
  void deletedEndpointsOfASelectingServiceAreRecreated() throws Exception {
    service("");
    pod("a", 8080);
    running("a", "10.6.0.1", true);
    await("endpoints exist", WAIT, () -> !shape(endpointsOf("web")).isEmpty());
    ObjectNode before = endpointsOf("web");
    user.delete(EndpointsStrategy.TYPE, ns, "web", new DeleteOptions(null, null, null, null))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    await("new Endpoints with the pod", WAIT, () -> {
      ObjectNode now = endpointsOf("web");
      return now != null && !Metadata.uid(now).equals(Metadata.uid(before)) && !shape(now).isEmpty();
    });
  }

  @Test
  void reconcilingAnUpToDateServiceWritesNothing() throws Exception {
    service("");
    pod("a", 8080);
    running("a", "10.10.0.1", true);
    await("endpoints and slice list a", WAIT, () -> !shape(endpointsOf("web")).isEmpty() && sliceShape("web").size() == 1);
    String endpointsRv = Metadata.resourceVersion(endpointsOf("web"));
    String sliceRv = Metadata.resourceVersion(slicesOf("web").get(0));
    // A pod change endpoints do not show, and explicit reconciles of the Service.
    user.patch(PodStrategy.TYPE, ns, "a", manifest("{metadata: {annotations: {note: x}}}"), Subresource.MAIN)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    endpointsController.tell(new ControllerRunner.Enqueue(ns + "/web"));
    sliceController.tell(new ControllerRunner.Enqueue(ns + "/web"));
    // Keys are handled in order; once a later Service has both, the ones above have been reconciled.
    cp.create(ServiceStrategy.TYPE, manifest("""
        {apiVersion: v1, kind: Service, metadata: {name: later, namespace: %s},
         spec: {selector: {app: later}, ports: [{port: 80}]}}
        """.formatted(ns)));
    await("the later Service has Endpoints and a slice", WAIT, () -> endpointsOf("later") != null && !slicesOf("later").isEmpty());
    assertEquals(endpointsRv, Metadata.resourceVersion(endpointsOf("web")));
    assertEquals(sliceRv, Metadata.resourceVersion(slicesOf("web").get(0)));
  }

  @Test
  void nothingNewIsCreatedInANamespaceBeingDeleted() throws Exception {
    String doomed = ns + "-doomed";
    cp.create(NamespaceStrategy.TYPE, manifest("{apiVersion: v1, kind: Namespace, metadata: {name: %s}}".formatted(doomed)));
    // No namespace controller runs here, so the namespace stays Terminating.
    user.delete(NamespaceStrategy.TYPE, null, doomed, new DeleteOptions(null, null, null, null))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    Informer namespaces = cp.informers.get(NamespaceStrategy.TYPE);
    await("the namespace is terminating", WAIT, () -> Metadata.deletionTimestamp(namespaces.get(doomed)) != null);
    cp.create(ServiceStrategy.TYPE, manifest("""
        {apiVersion: v1, kind: Service, metadata: {name: web, namespace: %s},
         spec: {selector: {app: web}, ports: [{port: 80}]}}
        """.formatted(doomed)));
    // Keys are handled in order; once a later Service has both, the one above has been reconciled.
    service("");
    await("the later Service has Endpoints and a slice", WAIT, () -> endpointsOf("web") != null && !slicesOf("web").isEmpty());
    assertEquals(null, endpoints.get(doomed, "web"));
    assertTrue(slices.list(doomed).isEmpty(), slices.list(doomed).toString());
  }

  // EndpointSlices

  @Test
  void aSliceListsEveryPodWithItsConditionsAndIsOwnedByTheService() throws Exception {
    ObjectNode svc = service("");
    pod("a", 8080);
    pod("b", 8080);
    running("a", "10.7.0.1", true);
    running("b", "10.7.0.2", false);
    await("one slice with a ready and b not ready", WAIT, () -> sliceShape("web").equals(Set.of(
        "a 10.7.0.1 true/true/false [http=8080, metrics=9090]",
        "b 10.7.0.2 false/false/false [http=8080, metrics=9090]")));
    List<ObjectNode> all = slicesOf("web");
    assertEquals(1, all.size());
    ObjectNode slice = all.get(0);
    assertTrue(Metadata.name(slice).matches("web-[a-z0-9]{5}"), Metadata.name(slice));
    assertEquals("web-", Metadata.generateName(slice));
    assertEquals(Map.of("team", "a", "kubernetes.io/service-name", "web",
        "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"), Metadata.labels(slice));
    JsonNode owner = slice.path("metadata").path("ownerReferences").path(0);
    assertEquals("Service", owner.path("kind").asText());
    assertEquals(Metadata.uid(svc), owner.path("uid").asText());
    assertTrue(owner.path("controller").asBoolean() && owner.path("blockOwnerDeletion").asBoolean());
    assertEquals("IPv4", slice.path("addressType").asText());
    JsonNode endpoint = slice.path("endpoints").path(0);
    assertEquals("node-1", endpoint.path("nodeName").asText());
    assertEquals("Pod", endpoint.path("targetRef").path("kind").asText());
    assertEquals(manifest("{name: http, port: 8080, protocol: TCP}"), slice.path("ports").path(0));
  }

  @Test
  void aSliceIsUpdatedInPlace() throws Exception {
    service("");
    pod("a", 8080);
    running("a", "10.8.0.1", false);
    await("a is in a slice, not ready", WAIT, () -> sliceShape("web").equals(Set.of(
        "a 10.8.0.1 false/false/false [http=8080, metrics=9090]")));
    String name = Metadata.name(slicesOf("web").get(0));
    running("a", "10.8.0.1", true);
    pod("b", 8080);
    running("b", "10.8.0.2", true);
    await("both ready", WAIT, () -> sliceShape("web").equals(Set.of(
        "a 10.8.0.1 true/true/false [http=8080, metrics=9090]",
        "b 10.8.0.2 true/true/false [http=8080, metrics=9090]")));
    assertEquals(List.of(name), slicesOf("web").stream().map(Metadata::name).toList(), "the same slice, updated");
  }

  @Test
  void podsResolvingPortsDifferentlyAndOverflowGoToSeparateSlices() throws Exception {
    service("");
    for (String p : List.of("a", "b", "c", "d")) {
      pod(p, 8080);
      running(p, "10.9.0." + (p.charAt(0) - 'a' + 1), true);
    }
    pod("e", 8081);
    running("e", "10.9.0.5", true);
    await("all five pods are in slices", WAIT, () -> sliceShape("web").size() == 5);
    List<String> layout = slicesOf("web").stream()
        .map(s -> s.path("ports").path(0).path("port").asInt() + "x" + s.path("endpoints").size())
        .sorted().toList();
    assertEquals(List.of("8080x1", "8080x3", "8081x1"), layout, "at most 3 per slice, one port set per slice");
  }

  @Test
  void aServiceWithoutPodsHasOneEmptySlice() {
    service("");
    await("a placeholder slice", WAIT, () -> slicesOf("web").size() == 1);
    ObjectNode slice = slicesOf("web").get(0);
    assertEquals(0, slice.path("endpoints").size());
    assertEquals(0, slice.path("ports").size());
    await("and empty Endpoints", WAIT, () -> endpointsOf("web") != null);
    assertTrue(shape(endpointsOf("web")).isEmpty());
  }
}
