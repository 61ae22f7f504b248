package io.coxswain.actors.controller;

import static io.coxswain.actors.controller.ControlPlaneFixture.await;
import static io.coxswain.actors.controller.ControlPlaneFixture.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.services.ServiceNetwork;
import io.coxswain.actors.services.ServiceWrites;
import io.coxswain.actors.store.RequestInfo;
import io.coxswain.actors.store.ResourceEntity;
import io.coxswain.actors.watch.WatchFilter;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.StatusException;
import io.coxswain.core.kinds.IPAddressStrategy;
import io.coxswain.core.kinds.NodePortAllocationStrategy;
import io.coxswain.core.kinds.ParentReference;
import io.coxswain.core.kinds.ServiceStrategy;
import io.coxswain.core.services.NodePortRange;
import io.coxswain.core.services.ServiceCidr;
import io.coxswain.core.write.DeleteOptions;
import io.coxswain.core.write.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cluster IP and node port allocation on a real control plane: allocation objects in sharded
 * entities on the embedded journal, read back through the watch caches. Each test allocates from
 * its own small range, so tests cannot take each other's values.
 */
class ServiceAllocationTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static ControlPlaneFixture cp;

  @BeforeAll
  static void start() {
    cp = new ControlPlaneFixture();
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  private static ServiceWrites writes(String cidr, String nodePorts) {
    ServiceCidr range = ServiceCidr.parse(cidr);
    return new ServiceWrites(cp.store, cp.caches,
        new ServiceNetwork(range, NodePortRange.parse(nodePorts), range.nth(1), "cluster.local", Duration.ofSeconds(30)),
        Clock.systemUTC());
  }

  private static RequestInfo request(String verb) {
    return new RequestInfo("alice", "req", verb, false, "test");
  }

  private static ObjectNode service(String ns, String name, String spec) {
    return manifest("""
        apiVersion: v1
        kind: Service
        metadata: {name: %s, namespace: %s}
        spec: %s
        """.formatted(name, ns, spec));
  }

  private static ObjectNode create(ServiceWrites writes, ObjectNode svc) {
    return get(writes.create(svc, request("create")).toCompletableFuture()).object();
  }

  private static <T> T get(CompletableFuture<T> f) {
    try {
      return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static StatusException refusal(CompletableFuture<?> f) {
    try {
      f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return assertInstanceOf(StatusException.class, e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError("the write was accepted");
  }

  /** The allocation object's owner as its entity has it, or null when there is none. */
  private static ParentReference owner(io.coxswain.core.ResourceType type, String value) {
    try {
      return ParentReference.of(cp.store.ask(type, null, value, ResourceEntity.Get::new)
          .toCompletableFuture().get(15, TimeUnit.SECONDS).object());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusException se && se.code() == 404) return null;
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** IPAddress objects the watch cache shows under a prefix. */
  private static long allocatedIps(String prefix) {
    return cp.caches.cache(IPAddressStrategy.TYPE).list(new WatchFilter(null, null, null)).items().stream()
        .filter(o -> o.name().startsWith(prefix)).count();
  }

  @Test
  void concurrentCreatesRequestingOneAddressLetExactlyOneWin() {
    ServiceWrites writes = writes("10.1.1.0/28", "30100-30109");
    List<CompletableFuture<ResourceEntity.Result>> creates = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      creates.add(writes.create(service("race", "svc-" + i, "{clusterIP: 10.1.1.5, ports: [{port: 80}]}"),
          request("create")).toCompletableFuture());
    }
    int won = 0;
    for (CompletableFuture<ResourceEntity.Result> f : creates) {
      try {
        ObjectNode svc = get(f).object();
        assertEquals("10.1.1.5", svc.at("/spec/clusterIP").asText());
        won++;
      } catch (StatusException e) {
        assertEquals(422, e.code());
        assertTrue(e.getMessage().contains("spec.clusterIPs: Invalid value: []string{\"10.1.1.5\"}: "
            + "failed to allocate IP 10.1.1.5: provided IP is already allocated"), e.getMessage());
      }
    }
    assertEquals(1, won);
    assertNotNull(owner(IPAddressStrategy.TYPE, "10.1.1.5"));
  }

  @Test
  void concurrentCreatesRequestingOneNodePortLetExactlyOneWin() {
    ServiceWrites writes = writes("10.1.2.0/28", "30110-30119");
    List<CompletableFuture<ResourceEntity.Result>> creates = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      creates.add(writes.create(service("race", "np-" + i, "{type: NodePort, ports: [{port: 80, nodePort: 30115}]}"),
          request("create")).toCompletableFuture());
    }
    int won = 0;
    for (CompletableFuture<ResourceEntity.Result> f : creates) {
      try {
        get(f);
        won++;
      } catch (StatusException e) {
        assertEquals(422, e.code());
        assertEquals("Service \"" + e.name() + "\" is invalid: spec.ports[0].nodePort: Invalid value: 30115: "
            + "provided port is already allocated", e.getMessage());
      }
    }
    assertEquals(1, won);
    // The losers' cluster IPs went back: only the winner holds one of this range.
    await("the losers' cluster IPs are freed", WAIT, () -> allocatedIps("10.1.2.") == 1);
  }

  @Test
  void concurrentDynamicAllocationsNeverShareAValueUntilTheRangeIsFull() {
    // A /29 has six usable addresses.
    ServiceWrites writes = writes("10.1.3.0/29", "30120-30129");
    List<CompletableFuture<ResourceEntity.Result>> creates = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      creates.add(writes.create(service("fill", "svc-" + i, "{ports: [{port: 80}]}"), request("create")).toCompletableFuture());
    }
    Set<String> ips = new HashSet<>();
    for (CompletableFuture<ResourceEntity.Result> f : creates) ips.add(get(f).object().at("/spec/clusterIP").asText());
    assertEquals(Set.of("10.1.3.1", "10.1.3.2", "10.1.3.3", "10.1.3.4", "10.1.3.5", "10.1.3.6"), ips);

    StatusException full = refusal(writes.create(service("fill", "one-more", "{ports: [{port: 80}]}"), request("create"))
        .toCompletableFuture());
    assertEquals(422, full.code());
    assertTrue(full.getMessage().contains("range is full"), full.getMessage());

    // A deleted Service's address is free again at once.
    ObjectNode deleted = get(writes.delete("fill", "svc-3", DeleteOptions.DEFAULT, request("delete")).toCompletableFuture()).object();
    String freed = deleted.at("/spec/clusterIP").asText();
    assertEquals(null, owner(IPAddressStrategy.TYPE, freed));
    await("the freed address leaves the cache", WAIT, () -> cp.caches.cache(IPAddressStrategy.TYPE).get(null, freed) == null);
    ObjectNode reused = create(writes, service("fill", "one-more", "{ports: [{port: 80}]}"));
    assertEquals(freed, reused.at("/spec/clusterIP").asText());
  }

  @Test
  void aDeletedServicesRequestedAddressAndNodePortCanBeRequestedAgain() {
    ServiceWrites writes = writes("10.1.4.0/28", "30130-30139");
    String spec = "{type: NodePort, clusterIP: 10.1.4.9, ports: [{port: 80, nodePort: 30133}]}";
    create(writes, service("reuse", "first", spec));
    assertEquals(ParentReference.service("reuse", "first"), owner(IPAddressStrategy.TYPE, "10.1.4.9"));
    assertEquals(ParentReference.service("reuse", "first"), owner(NodePortAllocationStrategy.TYPE, "30133"));
    get(writes.delete("reuse", "first", DeleteOptions.DEFAULT, request("delete")).toCompletableFuture());
    ObjectNode second = create(writes, service("reuse", "second", spec));
    assertEquals("10.1.4.9", second.at("/spec/clusterIP").asText());
    assertEquals(ParentReference.service("reuse", "second"), owner(NodePortAllocationStrategy.TYPE, "30133"));
  }

  @Test
  void refusesAddressesOutsideTheRangesWithKubernetesMessages() {
    ServiceWrites writes = writes("10.1.5.0/28", "30140-30149");
    StatusException ip = refusal(writes.create(service("outside", "a", "{clusterIP: 10.9.9.9, ports: [{port: 80}]}"),
        request("create")).toCompletableFuture());
    assertEquals("Service \"a\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.9.9.9\"}: failed to allocate IP "
        + "10.9.9.9: the provided IP (10.9.9.9) is not in the valid range. The range of valid IPs is 10.1.5.0/28", ip.getMessage());
    StatusException port = refusal(writes.create(service("outside", "b", "{type: NodePort, ports: [{port: 80, nodePort: 31000}]}"),
        request("create")).toCompletableFuture());
    assertEquals("Service \"b\" is invalid: spec.ports[0].nodePort: Invalid value: 31000: provided port is not in the valid "
        + "range. The range of valid ports is 30140-30149", port.getMessage());
    // Neither refusal kept the cluster IP it had taken for b.
    await("b's cluster IP is freed", WAIT, () -> allocatedIps("10.1.5.") == 0);
  }

  @Test
  void aFailedCreateGivesBackWhatItTook() {
    ServiceWrites writes = writes("10.1.6.0/28", "30150-30159");
    create(writes, service("dup", "web", "{clusterIP: 10.1.6.2, ports: [{port: 80}]}"));
    StatusException exists = refusal(writes.create(service("dup", "web", "{clusterIP: 10.1.6.3, ports: [{port: 80}]}"),
        request("create")).toCompletableFuture());
    assertEquals(409, exists.code());
    assertEquals(null, owner(IPAddressStrategy.TYPE, "10.1.6.3"));
  }

  @Test
  void typeChangesTakeAndGiveBackNodePorts() {
    ServiceWrites writes = writes("10.1.7.0/28", "30160-30169");
    ObjectNode svc = create(writes, service("types", "web", "{type: NodePort, ports: [{name: http, port: 80}]}"));
    String nodePort = svc.at("/spec/ports/0/nodePort").asText();
    assertTrue(NodePortRange.parse("30160-30169").contains(nodePort), svc.toString());
    String ip = svc.at("/spec/clusterIP").asText();

    ObjectNode toClusterIp = (ObjectNode) Json.MAPPER.valueToTree(java.util.Map.of("spec", java.util.Map.of("type", "ClusterIP")));
    ObjectNode clusterIp = get(writes.patch("types", "web", PatchType.MERGE_PATCH, toClusterIp, request("patch"))
        .toCompletableFuture()).object();
    assertTrue(clusterIp.at("/spec/ports/0/nodePort").isMissingNode(), clusterIp.toString());
    assertEquals(ip, clusterIp.at("/spec/clusterIP").asText(), "the cluster IP stays");
    assertEquals(null, owner(NodePortAllocationStrategy.TYPE, nodePort));

    ObjectNode toLb = (ObjectNode) Json.MAPPER.valueToTree(java.util.Map.of("spec",
        java.util.Map.of("type", "LoadBalancer", "externalTrafficPolicy", "Local")));
    ObjectNode lb = get(writes.patch("types", "web", PatchType.MERGE_PATCH, toLb, request("patch")).toCompletableFuture()).object();
    int lbPort = lb.at("/spec/ports/0/nodePort").asInt();
    int healthCheck = lb.at("/spec/healthCheckNodePort").asInt();
    assertTrue(lbPort >= 30160 && lbPort <= 30169 && healthCheck >= 30160 && healthCheck <= 30169 && lbPort != healthCheck,
        lb.toString());

    ObjectNode toExternal = (ObjectNode) Json.MAPPER.valueToTree(java.util.Map.of("spec",
        java.util.Map.of("type", "ExternalName", "externalName", "db.example.com")));
    ObjectNode external = get(writes.patch("types", "web", PatchType.MERGE_PATCH, toExternal, request("patch"))
        .toCompletableFuture()).object();
    assertTrue(external.at("/spec/clusterIP").isMissingNode(), external.toString());
    assertEquals(null, owner(IPAddressStrategy.TYPE, ip));
    assertEquals(null, owner(NodePortAllocationStrategy.TYPE, Integer.toString(lbPort)));
    assertEquals(null, owner(NodePortAllocationStrategy.TYPE, Integer.toString(healthCheck)));

    // Back from ExternalName, the Service needs an address again and gets a new one.
    ObjectNode back = (ObjectNode) Json.MAPPER.valueToTree(java.util.Map.of("spec", java.util.Map.of("type", "ClusterIP")));
    back.with("spec").putNull("externalName");
    ObjectNode clusterIpAgain = get(writes.patch("types", "web", PatchType.MERGE_PATCH, back, request("patch"))
        .toCompletableFuture()).object();
    String newIp = clusterIpAgain.at("/spec/clusterIP").asText();
    assertTrue(ServiceCidr.parse("10.1.7.0/28").contains(newIp), clusterIpAgain.toString());
    assertEquals(ParentReference.service("types", "web"), owner(IPAddressStrategy.TYPE, newIp));
  }

  @Test
  void anUpdateWithoutTheClusterIpKeepsItAndAChangeIsRefused() {
    ServiceWrites writes = writes("10.1.8.0/28", "30170-30179");
    ObjectNode svc = create(writes, service("keep", "web", "{ports: [{port: 80}]}"));
    String ip = svc.at("/spec/clusterIP").asText();
    ObjectNode put = service("keep", "web", "{ports: [{port: 81}]}");
    ObjectNode updated = get(writes.update("keep", "web", put, request("update")).toCompletableFuture()).object();
    assertEquals(ip, updated.at("/spec/clusterIP").asText());
    assertEquals(81, updated.at("/spec/ports/0/port").asInt());
    String other = ip.equals("10.1.8.4") ? "10.1.8.5" : "10.1.8.4";
    StatusException changed = refusal(writes.update("keep", "web",
        service("keep", "web", "{clusterIP: " + other + ", ports: [{port: 81}]}"), request("update")).toCompletableFuture());
    assertEquals(422, changed.code());
    assertTrue(changed.getMessage().contains("field is immutable"), changed.getMessage());
    assertEquals(null, owner(IPAddressStrategy.TYPE, other));
  }

  @Test
  void aDryRunTakesNothing() {
    ServiceWrites writes = writes("10.1.9.0/28", "30180-30189");
    RequestInfo dryRun = new RequestInfo("alice", "req", "create", true, "test");
    ObjectNode svc = get(writes.create(service("dry", "web", "{type: NodePort, ports: [{port: 80}]}"), dryRun)
        .toCompletableFuture()).object();
    assertFalse(svc.at("/spec/clusterIP").asText().isEmpty(), svc.toString());
    assertEquals(null, owner(IPAddressStrategy.TYPE, svc.at("/spec/clusterIP").asText()));
    assertEquals(null, owner(NodePortAllocationStrategy.TYPE, svc.at("/spec/ports/0/nodePort").asText()));
  }

  @Test
  void theRepairLoopFreesLeaksAndRestoresMissingAllocations() {
    var repair = cp.run(AllocationRepair.ipAddresses(cp.informers, cp.store, ServiceCidr.parse("10.1.10.0/28"),
        Duration.ZERO, Clock.systemUTC()));
    try {
      // An allocation left behind by a Service that was never written.
      ObjectNode leak = manifest("""
          apiVersion: networking.k8s.io/v1
          kind: IPAddress
          metadata:
            name: 10.1.10.7
            labels: {ipaddress.kubernetes.io/managed-by: ipallocator.k8s.io}
          spec: {parentRef: {group: '', resource: services, namespace: repair, name: never-written}}
          """);
      cp.create(IPAddressStrategy.TYPE, leak);
      await("the leaked address is freed", WAIT, () -> owner(IPAddressStrategy.TYPE, "10.1.10.7") == null);

      // One made by hand (no managed-by label) is a reservation and stays.
      ObjectNode reserved = leak.deepCopy();
      Metadata.of(reserved).put("name", "10.1.10.8").remove("labels");
      cp.create(IPAddressStrategy.TYPE, reserved);

      // A Service written past the allocator holds an address without an object: it gets one.
      cp.create(ServiceStrategy.TYPE, service("repair", "bypass", "{clusterIP: 10.1.10.9, ports: [{port: 80}]}"));
      await("the missing allocation is restored", WAIT,
          () -> ParentReference.service("repair", "bypass").equals(owner(IPAddressStrategy.TYPE, "10.1.10.9")));
      assertNotNull(owner(IPAddressStrategy.TYPE, "10.1.10.8"), "a hand-made reservation stays");
    } finally {
      cp.testKit.stop(repair);
    }
  }
}
