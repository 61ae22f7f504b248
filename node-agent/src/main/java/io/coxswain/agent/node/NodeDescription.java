package io.coxswain.agent.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Node object the agent wants, merged into what is stored, and whether writing it would change
 * anything.
 *
 * <p>{@link #desired} answers the <em>merged object</em>: the stored Node (if any) with the parts
 * the agent owns put in place, everything else kept: labels, annotations and taints others added
 * (kubectl label, the node lifecycle controller's not-ready taints), spec.unschedulable from a
 * cordon, conditions of other types, resourceVersion. Send it as an update of the Node and of its
 * status subresource; the resourceVersion it carries makes a concurrent change fail with 409, after
 * which the agent recomputes from the fresh object. {@link #metadataSpecPatch} gives the same
 * metadata and spec change as a JSON merge patch for callers that prefer PATCH.
 *
 * <p>The agent owns: the labels kubernetes.io/hostname, kubernetes.io/os, kubernetes.io/arch,
 * beta.kubernetes.io/os, beta.kubernetes.io/arch and the configured ones; the configured
 * annotations and taints; spec.podCIDR(s) while unset; and status.capacity, allocatable,
 * addresses, daemonEndpoints, nodeInfo and the MemoryPressure, DiskPressure, PIDPressure and Ready
 * conditions. Labels, annotations and taints dropped from the settings are not removed from the
 * Node: the agent cannot tell them from ones a user added.
 */
public final class NodeDescription {
  /** The version this agent reports as kubelet (and kube-proxy, whose part it also plays). */
  public static final String KUBELET_VERSION = "v1.32.0-coxswain";

  private NodeDescription() {}

  /** Which writes a desired Node needs: an update of the object, of its status, both or neither. */
  public record Changes(boolean metadataOrSpec, boolean status) {
    public boolean any() {
      return metadataOrSpec || status;
    }
  }

  /** {@link #desired(NodeSettings, MachineFacts, ObjectNode, Optional, Instant)} for a healthy runtime, now. */
  public static ObjectNode desired(NodeSettings settings, MachineFacts facts, ObjectNode existing) {
    return desired(settings, facts, existing, Optional.empty(), Instant.now());
  }

  /**
   * @param existing the stored Node, or null before registration
   * @param runtimeProblem why the container runtime cannot run pods (Ready turns False with it as
   *     the message); empty when it can
   * @param now the time of condition transitions
   */
  public static ObjectNode desired(NodeSettings settings, MachineFacts facts, ObjectNode existing,
      Optional<String> runtimeProblem, Instant now) {
    ObjectNode node = existing == null ? Json.MAPPER.createObjectNode() : existing.deepCopy();
    node.put("apiVersion", "v1").put("kind", "Node");
    ObjectNode meta = object(node, "metadata");
    meta.put("name", settings.nodeName());
    ObjectNode labels = object(meta, "labels");
    ownedLabels(settings, facts).forEach(labels::put);
    if (!settings.annotations().isEmpty()) settings.annotations().forEach(object(meta, "annotations")::put);

    ObjectNode spec = object(node, "spec");
    if (!settings.podCIDR().isEmpty() && spec.path("podCIDR").asText("").isEmpty()) {
      // Set once: the API server refuses to change a Node's podCIDR afterwards.
      spec.put("podCIDR", settings.podCIDR());
      spec.putArray("podCIDRs").add(settings.podCIDR());
    }
    if (!settings.taints().isEmpty()) spec.set("taints", mergeTaints(spec.get("taints"), settings.taints()));

    ObjectNode status = object(node, "status");
    JsonNode oldConditions = status.get("conditions");
    status.set("capacity", NodeResources.capacity(facts, settings));
    status.set("allocatable", NodeResources.allocatable(facts, settings));
    status.set("conditions", NodeConditions.merge(oldConditions,
        NodeConditions.compute(facts.usage(), runtimeProblem, oldConditions, now)));
    ArrayNode addresses = status.putArray("addresses");
    addresses.addObject().put("type", "InternalIP").put("address", facts.internalIP());
    addresses.addObject().put("type", "Hostname").put("address", facts.hostname());
    // This agent serves no kubelet API (logs and exec go through the cluster), hence port 0.
    status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", 0);
    status.set("nodeInfo", nodeInfo(settings, facts));
    return node;
  }

  /** Whether writing {@code desired} over {@code existing} would change a part the agent owns. */
  public static boolean needsWrite(ObjectNode existing, ObjectNode desired) {
    return changes(existing, desired).any();
  }

  public static Changes changes(ObjectNode existing, ObjectNode desired) {
    if (existing == null) return new Changes(true, true);
    return new Changes(metadataOrSpecDiffers(existing, desired), NodeStatusComparison.differs(
        existing.path("status"), desired.path("status")));
  }

  /**
   * A JSON merge patch (RFC 7386) that brings {@code existing}'s metadata and spec to {@code
   * desired}: only the labels and annotations that differ, the whole taint list (merge patches
   * replace lists, so it carries the taints others set too) and the pod CIDR. It includes
   * metadata.resourceVersion, which the API server treats as a precondition, so a taint added
   * concurrently is not lost silently. Status is not in it: it goes to the status subresource.
   */
  public static ObjectNode metadataSpecPatch(ObjectNode existing, ObjectNode desired) {
    ObjectNode patch = Json.MAPPER.createObjectNode();
    ObjectNode meta = patch.putObject("metadata");
    String rv = existing.path("metadata").path("resourceVersion").asText("");
    if (!rv.isEmpty()) meta.put("resourceVersion", rv);
    for (String field : List.of("labels", "annotations")) {
      Map<String, String> changed = changedEntries(existing.path("metadata").path(field), desired.path("metadata").path(field));
      if (!changed.isEmpty()) changed.forEach(meta.putObject(field)::put);
    }
    JsonNode oldSpec = existing.path("spec");
    JsonNode newSpec = desired.path("spec");
    ObjectNode spec = Json.MAPPER.createObjectNode();
    if (!taintsContained(newSpec.path("taints"), oldSpec.path("taints"))) spec.set("taints", newSpec.get("taints").deepCopy());
    String cidr = newSpec.path("podCIDR").asText("");
    if (!cidr.isEmpty() && !cidr.equals(oldSpec.path("podCIDR").asText(""))) {
      spec.set("podCIDR", newSpec.get("podCIDR").deepCopy());
      spec.set("podCIDRs", newSpec.path("podCIDRs").deepCopy());
    }
    if (!spec.isEmpty()) patch.set("spec", spec);
    return patch;
  }

  static Map<String, String> ownedLabels(NodeSettings settings, MachineFacts facts) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("beta.kubernetes.io/arch", facts.architecture());
    labels.put("beta.kubernetes.io/os", facts.operatingSystem());
    labels.put("kubernetes.io/arch", facts.architecture());
    labels.put("kubernetes.io/hostname", settings.nodeName());
    labels.put("kubernetes.io/os", facts.operatingSystem());
    // As with kubelet's --node-labels, configured labels win over the defaults.
    labels.putAll(settings.labels());
    return labels;
  }

  private static ObjectNode nodeInfo(NodeSettings settings, MachineFacts facts) {
    ObjectNode info = Json.MAPPER.createObjectNode();
    info.put("machineID", facts.machineID());
    info.put("systemUUID", facts.systemUUID());
    info.put("bootID", facts.bootID());
    info.put("kernelVersion", facts.kernelVersion());
    info.put("osImage", facts.osImage());
    info.put("containerRuntimeVersion", settings.runtimeName() + "://" + settings.runtimeVersion());
    info.put("kubeletVersion", KUBELET_VERSION);
    info.put("kubeProxyVersion", KUBELET_VERSION);
    info.put("operatingSystem", facts.operatingSystem());
    info.put("architecture", facts.architecture());
    return info;
  }

  /** Stored taints in their order, ours replacing a taint of the same key and effect (keeping its timeAdded) or appended. */
  private static ArrayNode mergeTaints(JsonNode existing, List<Taint> ours) {
    ArrayNode merged = Json.MAPPER.createArrayNode();
    if (existing != null && existing.isArray()) existing.forEach(t -> merged.add(t.deepCopy()));
    for (Taint t : ours) {
      boolean placed = false;
      for (int i = 0; i < merged.size() && !placed; i++) {
        if (!t.sameSlot(merged.get(i))) continue;
        placed = true;
        if (t.matches(merged.get(i))) continue;
        ObjectNode replaced = t.toJson();
        if (merged.get(i).has("timeAdded")) replaced.set("timeAdded", merged.get(i).get("timeAdded"));
        merged.set(i, replaced);
      }
      if (!placed) merged.add(t.toJson());
    }
    return merged;
  }

  private static boolean metadataOrSpecDiffers(ObjectNode existing, ObjectNode desired) {
    JsonNode oldMeta = existing.path("metadata");
    JsonNode newMeta = desired.path("metadata");
    if (!changedEntries(oldMeta.path("labels"), newMeta.path("labels")).isEmpty()) return true;
    if (!changedEntries(oldMeta.path("annotations"), newMeta.path("annotations")).isEmpty()) return true;
    if (!taintsContained(desired.path("spec").path("taints"), existing.path("spec").path("taints"))) return true;
    String cidr = desired.path("spec").path("podCIDR").asText("");
    return !cidr.isEmpty() && !cidr.equals(existing.path("spec").path("podCIDR").asText(""));
  }

  /** Entries of {@code desired} that {@code existing} lacks or holds with another value; extra stored entries do not count. */
  private static Map<String, String> changedEntries(JsonNode existing, JsonNode desired) {
    Map<String, String> changed = new LinkedHashMap<>();
    desired.fields().forEachRemaining(e -> {
      JsonNode old = existing.get(e.getKey());
      if (old == null || !old.asText().equals(e.getValue().asText())) changed.put(e.getKey(), e.getValue().asText());
    });
    return changed;
  }

  /** Whether every taint in {@code wanted} is among {@code stored} (same key, value and effect). */
  private static boolean taintsContained(JsonNode wanted, JsonNode stored) {
    for (JsonNode w : wanted) {
      Taint t = new Taint(w.path("key").asText(""), w.path("value").asText(""), w.path("effect").asText(""));
      boolean found = false;
      for (JsonNode s : stored) found |= t.matches(s);
      if (!found) return false;
    }
    return true;
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
  }
}
