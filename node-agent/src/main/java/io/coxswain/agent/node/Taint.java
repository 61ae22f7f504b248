package io.coxswain.agent.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.kinds.ValueFormats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A taint the agent puts on its Node (kubelet's --register-with-taints).
 *
 * @param value "" for none
 */
public record Taint(String key, String value, String effect) {
  static final List<String> EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  /**
   * Parses {@code key=value:Effect,key2:Effect}, the syntax of kubelet's flag and of kubectl taint.
   *
   * @throws IllegalArgumentException naming the bad taint and what is wrong with it
   */
  public static List<Taint> parseList(String spec) {
    List<Taint> taints = new ArrayList<>();
    if (spec == null || spec.isBlank()) return taints;
    Set<String> seen = new HashSet<>();
    for (String one : spec.split(",")) {
      Taint t = parse(one.trim());
      if (!seen.add(t.key + ":" + t.effect)) {
        throw new IllegalArgumentException("duplicate taint " + t.key + ":" + t.effect
            + ": a node has at most one taint per key and effect");
      }
      taints.add(t);
    }
    return taints;
  }

  /** One taint, checked as apimachinery's ParseTaints checks it; registration also needs an effect. */
  public static Taint parse(String spec) {
    String[] parts = spec.split(":", -1);
    if (parts.length == 1) {
      throw new IllegalArgumentException("invalid taint spec: " + spec
          + ", an effect is required: key[=value]:" + String.join("|", EFFECTS));
    }
    if (parts.length != 2) throw new IllegalArgumentException("invalid taint spec: " + spec);
    String effect = parts[1];
    if (!EFFECTS.contains(effect)) {
      throw new IllegalArgumentException("invalid taint effect: " + effect
          + ", unsupported taint effect (use " + String.join(", ", EFFECTS) + ")");
    }
    String[] kv = parts[0].split("=", -1);
    if (kv.length > 2) throw new IllegalArgumentException("invalid taint spec: " + spec);
    String key = kv[0];
    String value = kv.length == 2 ? kv[1] : "";
    List<String> errs = ValueFormats.labelValue(value);
    if (errs.isEmpty()) errs = ValueFormats.qualifiedName(key);
    if (!errs.isEmpty()) throw new IllegalArgumentException("invalid taint spec: " + spec + ", " + String.join("; ", errs));
    return new Taint(key, value, effect);
  }

  /** Whether a taint of a Node is this one; timeAdded does not matter. */
  boolean matches(JsonNode taint) {
    return key.equals(taint.path("key").asText("")) && effect.equals(taint.path("effect").asText(""))
        && value.equals(taint.path("value").asText(""));
  }

  boolean sameSlot(JsonNode taint) {
    return key.equals(taint.path("key").asText("")) && effect.equals(taint.path("effect").asText(""));
  }

  ObjectNode toJson() {
    ObjectNode t = Json.MAPPER.createObjectNode().put("key", key);
    if (!value.isEmpty()) t.put("value", value);
    return t.put("effect", effect);
  }

  @Override
  public String toString() {
    return key + (value.isEmpty() ? "" : "=" + value) + ":" + effect;
  }
}
