package io.coxswain.agent.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeDescriptionTest {
  private static final Instant T0 = Instant.parse("2025-01-01T10:00:00.123Z");
  private static final Instant T1 = Instant.parse("2025-01-01T11:00:00Z");

  private final MachineFacts facts = MachineFacts.hollow("n1", "10.9.0.1");
  private final NodeSettings settings = NodeSettings.of("n1", "simulated", "0.1.0");

  private ObjectNode desired(NodeSettings s, MachineFacts f, ObjectNode existing, Instant now) {
    return NodeDescription.desired(s, f, existing, Optional.empty(), now);
  }

  private static MachineFacts withUsage(MachineFacts f, long memAvailable, long diskFree, long processes) {
    return f.withUsage(new MachineFacts.Usage(memAvailable, diskFree, f.usage().diskTotalBytes(), processes, 1000));
  }

  private static JsonNode condition(JsonNode node, String type) {
    return NodeConditions.ofType(node.path("status").path("conditions"), type).orElseThrow();
  }

  private static List<String> conditionTypes(JsonNode node) {
    List<String> types = new ArrayList<>();
    node.path("status").path("conditions").forEach(c -> types.add(c.path("type").asText()));
    return types;
  }

  /** What the API server adds to a stored object, and what users do to a Node with kubectl. */
  private static ObjectNode storedAndTouchedByOthers(ObjectNode written) {
    ObjectNode stored = written.deepCopy();
    ObjectNode meta = (ObjectNode) stored.get("metadata");
    meta.put("resourceVersion", "1736");
    meta.put("uid", "a-uid");
    meta.putArray("managedFields").addObject().put("manager", "kubectl");
    ((ObjectNode) meta.get("labels")).put("team", "blue");
    meta.putObject("annotations").put("node.alpha.kubernetes.io/ttl", "0");
    ObjectNode spec = (ObjectNode) stored.get("spec");
    spec.put("unschedulable", true);
    ArrayNode taints = spec.get("taints") instanceof ArrayNode a ? a : spec.putArray("taints");
    taints.addObject().put("key", "node.kubernetes.io/unschedulable").put("effect", "NoSchedule")
        .put("timeAdded", "2025-01-01T10:30:00Z");
    return stored;
  }

  @Test
  void describesANewNodeLikeKubelet() {
    ObjectNode node = desired(settings, facts, null, T0);
    assertEquals("Node", node.path("kind").asText());
    assertEquals("n1", node.path("metadata").path("name").asText());
    assertEquals(Map.of("beta.kubernetes.io/arch", facts.architecture(), "beta.kubernetes.io/os", "linux",
        "kubernetes.io/arch", facts.architecture(), "kubernetes.io/hostname", "n1", "kubernetes.io/os", "linux"),
        Json.MAPPER.convertValue(node.path("metadata").path("labels"), Map.class));
    JsonNode status = node.path("status");
    assertEquals(Json.MAPPER.createObjectNode().put("cpu", "32").put("ephemeral-storage", "100Gi").put("memory", "256Gi")
        .put("pods", "110"), status.path("capacity"));
    assertEquals("[{\"type\":\"InternalIP\",\"address\":\"10.9.0.1\"},{\"type\":\"Hostname\",\"address\":\"n1\"}]",
        status.path("addresses").toString());
    assertEquals(List.of("MemoryPressure", "DiskPressure", "PIDPressure", "Ready"), conditionTypes(node));
    JsonNode ready = condition(node, "Ready");
    assertEquals("True", ready.path("status").asText());
    assertEquals("KubeletReady", ready.path("reason").asText());
    assertEquals("kubelet is posting ready status", ready.path("message").asText());
    assertEquals("2025-01-01T10:00:00Z", ready.path("lastTransitionTime").asText());
    assertEquals("2025-01-01T10:00:00Z", ready.path("lastHeartbeatTime").asText());
    JsonNode memory = condition(node, "MemoryPressure");
    assertEquals("False", memory.path("status").asText());
    assertEquals("KubeletHasSufficientMemory", memory.path("reason").asText());
    assertEquals("kubelet has sufficient memory available", memory.path("message").asText());
    assertEquals("KubeletHasNoDiskPressure", condition(node, "DiskPressure").path("reason").asText());
    assertEquals("kubelet has no disk pressure", condition(node, "DiskPressure").path("message").asText());
    assertEquals("KubeletHasSufficientPID", condition(node, "PIDPressure").path("reason").asText());
    assertEquals("kubelet has sufficient PID available", condition(node, "PIDPressure").path("message").asText());
    JsonNode info = status.path("nodeInfo");
    assertEquals("v1.32.0-coxswain", info.path("kubeletVersion").asText());
    assertEquals("v1.32.0-coxswain", info.path("kubeProxyVersion").asText());
    assertEquals("simulated://0.1.0", info.path("containerRuntimeVersion").asText());
    assertEquals(facts.machineID(), info.path("machineID").asText());
    assertEquals(facts.bootID(), info.path("bootID").asText());
    assertEquals("linux", info.path("operatingSystem").asText());
    assertEquals(0, status.path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(-1));
    assertTrue(NodeDescription.needsWrite(null, node));
  }

  @Test
  void allocatableSubtractsReservationsAndEvictionThresholds() {
    NodeSettings reserved = settings.withReservations(Reservation.parse("cpu=500m,memory=1Gi,ephemeral-storage=1Gi"),
        Reservation.parse("cpu=100m,memory=512Mi"));
    MachineFacts real = new MachineFacts(8, 16318412L * 1024, 107374182400L, "box", "192.168.1.5", "m", "", "b", "k",
        "os", "linux", "amd64", facts.usage());
    JsonNode status = desired(reserved, real, null, T0).path("status");
    assertEquals("16318412Ki", status.path("capacity").path("memory").asText());
    assertEquals("7400m", status.path("allocatable").path("cpu").asText());
    // 16318412Ki − 1Gi − 512Mi − 100Mi
    assertEquals((16318412 - 1048576 - 524288 - 102400) + "Ki", status.path("allocatable").path("memory").asText());
    // 100Gi − 1Gi − kubelet's float32 10% of 100Gi (10737418400 bytes)
    assertEquals(String.valueOf(107374182400L - 1073741824L - 10737418400L),
        status.path("allocatable").path("ephemeral-storage").asText());
    assertEquals("110", status.path("allocatable").path("pods").asText());
  }

  @Test
  void allocatableNeverGoesNegative() {
    NodeSettings greedy = settings.withReservations(Reservation.parse("cpu=64,memory=1Ti"), Reservation.NONE);
    JsonNode allocatable = desired(greedy, facts, null, T0).path("status").path("allocatable");
    assertEquals("0", allocatable.path("cpu").asText());
    assertEquals("0", allocatable.path("memory").asText());
  }

  @Test
  void keepsTransitionTimeWhenConditionUnchanged() {
    ObjectNode first = desired(settings, facts, null, T0);
    ObjectNode again = desired(settings, facts, first, T1);
    for (String type : NodeConditions.TYPES) {
      assertEquals("2025-01-01T10:00:00Z", condition(again, type).path("lastTransitionTime").asText(), type);
      assertEquals("2025-01-01T10:00:00Z", condition(again, type).path("lastHeartbeatTime").asText(), type);
    }
    assertEquals(first, again, "recomputing an unchanged node gives the stored object");
    assertFalse(NodeDescription.needsWrite(first, again));
  }

  @Test
  void conditionThatFlipsGetsANewTransitionTime() {
    ObjectNode first = desired(settings, facts, null, T0);
    ObjectNode pressured = desired(settings, withUsage(facts, 50L << 20, facts.usage().diskTotalBytes(), 0), first, T1);
    JsonNode memory = condition(pressured, "MemoryPressure");
    assertEquals("True", memory.path("status").asText());
    assertEquals("KubeletHasInsufficientMemory", memory.path("reason").asText());
    assertEquals("kubelet has insufficient memory available", memory.path("message").asText());
    assertEquals("2025-01-01T11:00:00Z", memory.path("lastTransitionTime").asText());
    assertEquals("2025-01-01T10:00:00Z", condition(pressured, "Ready").path("lastTransitionTime").asText());
    assertEquals(new NodeDescription.Changes(false, true), NodeDescription.changes(first, pressured));
  }

  @Test
  void pressureThresholdsFollowKubeletDefaults() {
    long disk = facts.usage().diskTotalBytes();
    ObjectNode calm = desired(settings, withUsage(facts, 100L << 20, disk / 10, 900), null, T0);
    assertEquals("False", condition(calm, "MemoryPressure").path("status").asText());
    assertEquals("False", condition(calm, "DiskPressure").path("status").asText());
    assertEquals("False", condition(calm, "PIDPressure").path("status").asText());
    ObjectNode loaded = desired(settings, withUsage(facts, (100L << 20) - 1, disk / 10 - 1, 901), null, T0);
    assertEquals("True", condition(loaded, "MemoryPressure").path("status").asText());
    assertEquals("KubeletHasDiskPressure", condition(loaded, "DiskPressure").path("reason").asText());
    assertEquals("kubelet has disk pressure", condition(loaded, "DiskPressure").path("message").asText());
    assertEquals("KubeletHasInsufficientPID", condition(loaded, "PIDPressure").path("reason").asText());
    assertEquals("kubelet has insufficient PID available", condition(loaded, "PIDPressure").path("message").asText());
  }

  @Test
  void readyIsFalseWhileTheRuntimeReportsAProblem() {
    ObjectNode node = NodeDescription.desired(settings, facts, null, Optional.of("container runtime is down"), T0);
    JsonNode ready = condition(node, "Ready");
    assertEquals("False", ready.path("status").asText());
    assertEquals("KubeletNotReady", ready.path("reason").asText());
    assertEquals("container runtime is down", ready.path("message").asText());
  }

  @Test
  void doesNotRemoveUserLabels() {
    ObjectNode stored = storedAndTouchedByOthers(desired(settings, facts, null, T0));
    ObjectNode again = desired(settings, facts, stored, T1);
    assertEquals("blue", again.path("metadata").path("labels").path("team").asText());
    assertEquals("0", again.path("metadata").path("annotations").path("node.alpha.kubernetes.io/ttl").asText());
    assertTrue(again.path("spec").path("unschedulable").asBoolean());
    assertEquals("node.kubernetes.io/unschedulable", again.path("spec").path("taints").get(0).path("key").asText());
    assertEquals("1736", again.path("metadata").path("resourceVersion").asText());
    assertFalse(NodeDescription.needsWrite(stored, again), "labels, cordon, resourceVersion and managedFields are not ours");
  }

  @Test
  void doesNotRemoveOthersConditions() {
    ObjectNode stored = desired(settings, facts, null, T0);
    ((ArrayNode) stored.path("status").path("conditions")).insertObject(0)
        .put("type", "NetworkUnavailable").put("status", "False").put("reason", "RouteCreated");
    ObjectNode again = desired(settings, facts, stored, T1);
    assertEquals(List.of("NetworkUnavailable", "MemoryPressure", "DiskPressure", "PIDPressure", "Ready"),
        conditionTypes(again));
    assertFalse(NodeDescription.needsWrite(stored, again));
  }

  @Test
  void restoresOwnedLabelsAndTaints() {
    NodeSettings configured = settings.withLabels(NodeLabels.parse("disk=ssd"))
        .withTaints(Taint.parseList("dedicated=gpu:NoSchedule"));
    ObjectNode stored = storedAndTouchedByOthers(desired(configured, facts, null, T0));
    ((ObjectNode) stored.path("metadata").path("labels")).put("disk", "hdd");
    ObjectNode again = desired(configured, facts, stored, T1);
    assertEquals("ssd", again.path("metadata").path("labels").path("disk").asText());
    assertEquals(new NodeDescription.Changes(true, false), NodeDescription.changes(stored, again));
    assertEquals(2, again.path("spec").path("taints").size(), "the cordon taint and ours");

    ObjectNode patch = NodeDescription.metadataSpecPatch(stored, again);
    assertEquals(Json.MAPPER.createObjectNode().put("resourceVersion", "1736").set("labels",
        Json.MAPPER.createObjectNode().put("disk", "ssd")), patch.path("metadata"));
    assertTrue(patch.path("spec").isMissingNode(), "taints are all in place: " + patch);
  }

  @Test
  void restoresARemovedTaintWithoutDroppingOthers() {
    NodeSettings configured = settings.withTaints(Taint.parseList("dedicated=gpu:NoSchedule"));
    ObjectNode stored = storedAndTouchedByOthers(desired(configured, facts, null, T0));
    ((ArrayNode) stored.path("spec").path("taints")).remove(0);
    ObjectNode again = desired(configured, facts, stored, T1);
    assertEquals(new NodeDescription.Changes(true, false), NodeDescription.changes(stored, again));
    assertEquals("[{\"key\":\"node.kubernetes.io/unschedulable\",\"effect\":\"NoSchedule\",\"timeAdded\":\"2025-01-01T10:30:00Z\"},"
        + "{\"key\":\"dedicated\",\"value\":\"gpu\",\"effect\":\"NoSchedule\"}]",
        NodeDescription.metadataSpecPatch(stored, again).path("spec").path("taints").toString());
  }

  @Test
  void taintValueChangeKeepsTimeAddedAndOthersTaints() {
    ObjectNode stored = storedAndTouchedByOthers(desired(settings, facts, null, T0));
    ((ObjectNode) stored.path("spec").path("taints").get(0)).put("key", "dedicated").put("value", "cpu");
    NodeSettings configured = settings.withTaints(Taint.parseList("dedicated=gpu:NoSchedule,spot:NoExecute"));
    ObjectNode again = desired(configured, facts, stored, T1);
    assertEquals("[{\"key\":\"dedicated\",\"value\":\"gpu\",\"effect\":\"NoSchedule\",\"timeAdded\":\"2025-01-01T10:30:00Z\"},"
        + "{\"key\":\"spot\",\"effect\":\"NoExecute\"}]", again.path("spec").path("taints").toString());
    ObjectNode patch = NodeDescription.metadataSpecPatch(stored, again);
    assertEquals(again.path("spec").path("taints"), patch.path("spec").path("taints"));
    assertTrue(NodeDescription.changes(stored, again).metadataOrSpec());
  }

  @Test
  void capacityChangeNeedsAStatusWrite() {
    ObjectNode stored = desired(settings, facts, null, T0);
    ObjectNode bigger = desired(settings.withMaxPods(250), facts, stored, T1);
    assertEquals(new NodeDescription.Changes(false, true), NodeDescription.changes(stored, bigger));
  }

  @Test
  void equalQuantitiesInAnotherSpellingNeedNoWrite() {
    ObjectNode stored = desired(settings, facts, null, T0);
    ((ObjectNode) stored.path("status").path("capacity")).put("memory", (256L * 1024 * 1024) + "Ki").put("cpu", "32000m");
    assertFalse(NodeDescription.needsWrite(stored, desired(settings, facts, stored, T1)));
  }

  @Test
  void setsPodCidrOnlyWhileUnset() {
    ObjectNode node = desired(settings.withPodCIDR("10.244.1.0/24"), facts, null, T0);
    assertEquals("10.244.1.0/24", node.path("spec").path("podCIDR").asText());
    assertEquals("[\"10.244.1.0/24\"]", node.path("spec").path("podCIDRs").toString());
    ObjectNode again = desired(settings.withPodCIDR("10.244.9.0/24"), facts, node, T1);
    assertEquals("10.244.1.0/24", again.path("spec").path("podCIDR").asText(), "the API server forbids changing it");
    assertFalse(NodeDescription.needsWrite(node, again));
  }

  @Test
  void configuredAnnotationsAreOwned() {
    ObjectNode stored = desired(settings, facts, null, T0);
    NodeSettings annotated = settings.withAnnotations(NodeLabels.parseAnnotations("coxswain.io/agent=1"));
    ObjectNode again = desired(annotated, facts, stored, T1);
    assertEquals("1", again.path("metadata").path("annotations").path("coxswain.io/agent").asText());
    assertTrue(NodeDescription.changes(stored, again).metadataOrSpec());
    assertFalse(NodeDescription.needsWrite(again, desired(annotated, facts, again, T1)));
  }
}
