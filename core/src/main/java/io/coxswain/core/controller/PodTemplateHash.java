package io.coxswain.core.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.kinds.SemanticEquality;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The pod-template-hash a Deployment gives its ReplicaSets (controller.ComputeHash in Kubernetes):
 * FNV-32a over the pod template, then over the collision count, rendered in decimal and mapped onto
 * the alphabet of generated names (rand.SafeEncodeString), so it never spells words.
 */
public final class PodTemplateHash {
  /** The label that ties a ReplicaSet, its selector and its pods to one template. */
  public static final String LABEL = "pod-template-hash";
  private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  private PodTemplateHash() {}

  /**
   * The hash of {@code template} (hashed as canonical JSON: object keys sorted, null fields left
   * out) and {@code collisionCount} (null when the Deployment has never collided).
   */
  public static String compute(JsonNode template, Integer collisionCount) {
    int hash = fnv32a(FNV_OFFSET, canonical(template).getBytes(StandardCharsets.UTF_8));
    if (collisionCount != null) {
      int c = collisionCount;
      // binary.LittleEndian.PutUint32, as Kubernetes writes the count into the hasher.
      hash = fnv32a(hash, new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24)});
    }
    return safeEncode(Integer.toUnsignedString(hash));
  }

  static int fnv32a(int hash, byte[] data) {
    for (byte b : data) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    return hash;
  }

  static int fnv32a(byte[] data) {
    return fnv32a(FNV_OFFSET, data);
  }

  /** Every character mapped onto the no-vowels alphabet by its byte value. */
  static String safeEncode(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    char[] out = new char[bytes.length];
    for (int i = 0; i < bytes.length; i++) out[i] = ALPHANUMS.charAt((bytes[i] & 0xff) % ALPHANUMS.length());
    return new String(out);
  }

  /** Whether two pod templates are the same once their pod-template-hash labels are left out (EqualIgnoreHash). */
  public static boolean equalIgnoringHash(JsonNode a, JsonNode b) {
    return SemanticEquality.equal(withoutHash(a), withoutHash(b));
  }

  /** A copy of the template with the hash label added to its labels. */
  public static ObjectNode withHashLabel(JsonNode template, String hash) {
    ObjectNode copy = template.isObject() ? (ObjectNode) template.deepCopy() : Json.MAPPER.createObjectNode();
    ObjectNode meta = copy.path("metadata") instanceof ObjectNode m ? m : copy.putObject("metadata");
    ObjectNode labels = meta.path("labels") instanceof ObjectNode l ? l : meta.putObject("labels");
    labels.put(LABEL, hash);
    return copy;
  }

  private static JsonNode withoutHash(JsonNode template) {
    if (template == null || !template.isObject()) return template;
    JsonNode labels = template.path("metadata").path("labels");
    if (!labels.has(LABEL)) return template;
    ObjectNode copy = (ObjectNode) template.deepCopy();
    ((ObjectNode) copy.path("metadata").path("labels")).remove(LABEL);
    return copy;
  }

  static String canonical(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsString(sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a pod template did not serialize", e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node == null) return Json.MAPPER.nullNode();
    if (node instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      ObjectNode out = Json.MAPPER.createObjectNode();
      // A null field is the zero value Kubernetes hashes for an absent one: kubectl rollout undo
      // writes back "creationTimestamp": null, and the same template must keep its ReplicaSet's name.
      for (String n : names) {
        if (!o.get(n).isNull()) out.set(n, sorted(o.get(n)));
      }
      return out;
    }
    if (node instanceof ArrayNode a) {
      ArrayNode out = Json.MAPPER.createArrayNode();
      a.forEach(e -> out.add(sorted(e)));
      return out;
    }
    return node;
  }
}
