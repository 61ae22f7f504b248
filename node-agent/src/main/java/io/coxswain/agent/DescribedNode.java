package io.coxswain.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.node.MachineFacts;
import io.coxswain.agent.node.NodeDescription;
import io.coxswain.agent.node.NodeSettings;
import io.coxswain.core.Json;
import io.coxswain.core.kinds.ResourceQuantity;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A node's registration from its settings and its machine: real machines re-read their usage
 * (pressure conditions) on every check, hollow nodes have fixed facts.
 */
final class DescribedNode implements NodeRegistration {
  private final NodeSettings settings;
  private final Supplier<MachineFacts> facts;
  private final DescribedNode original;
  private volatile Map<String, BigDecimal> allocatable = Map.of();

  DescribedNode(NodeSettings settings, Supplier<MachineFacts> facts) {
    this(settings, facts, null);
  }

  /** @param original the registration this one extends: it learns the same allocatable figures */
  private DescribedNode(NodeSettings settings, Supplier<MachineFacts> facts, DescribedNode original) {
    this.settings = settings;
    this.facts = facts;
    this.original = original;
    remember(NodeDescription.desired(settings, facts.get(), null));
  }

  @Override
  public ObjectNode initial() {
    return remember(NodeDescription.desired(settings, facts.get(), null));
  }

  @Override
  public ObjectNode metadataPatch(ObjectNode existing) {
    ObjectNode desired = remember(NodeDescription.desired(settings, facts.get(), existing));
    return NodeDescription.changes(existing, desired).metadataOrSpec()
        ? NodeDescription.metadataSpecPatch(existing, desired) : null;
  }

  @Override
  public ObjectNode statusPatch(ObjectNode existing) {
    ObjectNode desired = remember(NodeDescription.desired(settings, facts.get(), existing));
    if (!NodeDescription.changes(existing, desired).status()) return null;
    ObjectNode patch = Json.MAPPER.createObjectNode();
    patch.set("status", desired.get("status"));
    return patch;
  }

  @Override
  public NodeRegistration withAnnotations(Map<String, String> annotations) {
    Map<String, String> merged = new HashMap<>(settings.annotations());
    merged.putAll(annotations);
    return new DescribedNode(settings.withAnnotations(merged), facts, this);
  }

  /** The node's allocatable resources, for downward-API defaults of containers without limits. */
  Map<String, BigDecimal> allocatable() {
    return allocatable;
  }

  private ObjectNode remember(ObjectNode desired) {
    Map<String, BigDecimal> values = new HashMap<>();
    var fields = desired.path("status").path("allocatable").fields();
    while (fields.hasNext()) {
      var e = fields.next();
      JsonNode v = e.getValue();
      ResourceQuantity.parse(v.asText()).ifPresent(q -> values.put(e.getKey(), q));
    }
    allocatable = Map.copyOf(values);
    if (original != null) original.allocatable = allocatable;
    return desired;
  }
}
