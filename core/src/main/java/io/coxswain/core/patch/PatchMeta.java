package io.coxswain.core.patch;

import static io.coxswain.core.patch.FieldStrategy.mergeAsSet;
import static io.coxswain.core.patch.FieldStrategy.mergeOn;
import static io.coxswain.core.patch.FieldStrategy.retainingKeys;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.ResourceType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The patch strategies of the built-in kinds, as Kubernetes declares them in its API types
 * ({@code patchStrategy:"merge" patchMergeKey:"name"}, {@code patchStrategy:"retainKeys"}).
 *
 * <p>Keys are field paths from the object root with list elements skipped, so
 * {@code spec.template.spec.containers.env} is the env list of any container of a pod template.
 * {@code **} stands for any number of path segments, {@code *} for exactly one. A key may start
 * with {@code Kind:} to apply to one kind only. Fields not listed use {@link FieldStrategy#DEFAULT}:
 * maps merge and lists are replaced whole (Pod tolerations, Node taints, Node status.images and
 * EndpointSlice endpoints are atomic in Kubernetes too). Kind-specific keys win over generic ones.
 */
final class PatchMeta {
  private static final Map<String, FieldStrategy> TABLE = new LinkedHashMap<>();

  static {
    // ObjectMeta
    TABLE.put("metadata.finalizers", mergeAsSet());
    TABLE.put("metadata.ownerReferences", mergeOn("uid"));

    // PodSpec, wherever a pod spec is embedded (Pod, templates of workloads, job templates)
    TABLE.put("**.containers", mergeOn("name"));
    TABLE.put("**.initContainers", mergeOn("name"));
    TABLE.put("**.ephemeralContainers", mergeOn("name"));
    TABLE.put("**.spec.volumes", mergeOn("name").withRetainKeys());
    TABLE.put("**.spec.imagePullSecrets", mergeOn("name"));
    TABLE.put("**.spec.hostAliases", mergeOn("ip"));
    TABLE.put("**.spec.topologySpreadConstraints", mergeOn("topologyKey"));
    TABLE.put("**.spec.resourceClaims", mergeOn("name").withRetainKeys());
    TABLE.put("**.spec.schedulingGates", mergeOn("name"));

    // Container, for every kind of container
    TABLE.put("**.containers.ports", mergeOn("containerPort"));
    TABLE.put("**.containers.env", mergeOn("name"));
    TABLE.put("**.containers.volumeMounts", mergeOn("mountPath"));
    TABLE.put("**.containers.volumeDevices", mergeOn("devicePath"));
    TABLE.put("**.initContainers.ports", mergeOn("containerPort"));
    TABLE.put("**.initContainers.env", mergeOn("name"));
    TABLE.put("**.initContainers.volumeMounts", mergeOn("mountPath"));
    TABLE.put("**.initContainers.volumeDevices", mergeOn("devicePath"));
    TABLE.put("**.ephemeralContainers.ports", mergeOn("containerPort"));
    TABLE.put("**.ephemeralContainers.env", mergeOn("name"));
    TABLE.put("**.ephemeralContainers.volumeMounts", mergeOn("mountPath"));
    TABLE.put("**.ephemeralContainers.volumeDevices", mergeOn("devicePath"));

    // Status conditions of every kind
    TABLE.put("status.conditions", mergeOn("type"));

    // Kind-specific
    TABLE.put("Pod:status.podIPs", mergeOn("ip"));
    TABLE.put("Pod:status.hostIPs", mergeOn("ip"));
    TABLE.put("Service:spec.ports", mergeOn("port"));
    TABLE.put("Node:spec.podCIDRs", mergeAsSet());
    TABLE.put("Node:status.addresses", mergeOn("type"));
    TABLE.put("ServiceAccount:secrets", mergeOn("name"));
    TABLE.put("Deployment:spec.strategy", retainingKeys());
    TABLE.put("DaemonSet:spec.updateStrategy", retainingKeys());
  }

  private static final List<Rule> RULES =
      TABLE.entrySet().stream().map(e -> Rule.of(e.getKey(), e.getValue())).toList();

  private PatchMeta() {}

  /** The strategy of the field at {@code path} ("" is the object root) of an object of {@code type}. */
  static FieldStrategy lookup(ResourceType type, String path) {
    String kind = type == null ? null : type.kind();
    String[] segments = path.isEmpty() ? new String[0] : path.split("\\.");
    FieldStrategy generic = null;
    for (Rule rule : RULES) {
      if (!rule.matches(segments)) continue;
      if (rule.kind() == null) {
        if (generic == null) generic = rule.strategy();
      } else if (rule.kind().equals(kind)) {
        return rule.strategy();
      }
    }
    return generic == null ? FieldStrategy.DEFAULT : generic;
  }

  /**
   * The strategy a patch implies for a list the table does not know. kubectl only sends
   * {@code $setElementOrder}, {@code $deleteFromPrimitiveList} and {@code $patch: delete} elements
   * for lists its own copy of the schema says merge, and the entries name the merge key, so
   * honouring them keeps such patches working for lists missing from the table.
   */
  static FieldStrategy infer(FieldStrategy known, JsonNode setElementOrder, JsonNode deletions, JsonNode patchList) {
    if (known.mergeList()) return known;
    if (setElementOrder != null && setElementOrder.isArray() && !setElementOrder.isEmpty()) {
      FieldStrategy fromOrder = fromElements(setElementOrder);
      if (fromOrder != null) return fromOrder;
    }
    if (deletions != null && deletions.isArray()) return mergeAsSet();
    if (patchList != null && patchList.isArray()) {
      for (JsonNode element : patchList) {
        if (element.isObject() && element.size() == 2 && "delete".equals(element.path("$patch").asText(null))) {
          for (var it = element.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("$patch")) return mergeOn(name);
          }
        }
      }
    }
    return known;
  }

  private static FieldStrategy fromElements(JsonNode order) {
    String key = null;
    boolean sawScalar = false;
    for (JsonNode entry : order) {
      if (entry.isObject() && entry.size() == 1) {
        String name = entry.fieldNames().next();
        if (key != null && !key.equals(name)) return null;
        key = name;
      } else if (entry.isValueNode() && !entry.isNull()) {
        sawScalar = true;
      } else {
        return null;
      }
    }
    if (key != null && sawScalar) return null;
    return key != null ? mergeOn(key) : mergeAsSet();
  }

  private record Rule(String kind, String[] pattern, FieldStrategy strategy) {
    static Rule of(String key, FieldStrategy strategy) {
      int colon = key.indexOf(':');
      String kind = colon < 0 ? null : key.substring(0, colon);
      String path = colon < 0 ? key : key.substring(colon + 1);
      return new Rule(kind, path.split("\\."), strategy);
    }

    boolean matches(String[] path) {
      return matches(0, path, 0);
    }

    private boolean matches(int pi, String[] path, int si) {
      if (pi == pattern.length) return si == path.length;
      if (pattern[pi].equals("**")) {
        for (int k = si; k <= path.length; k++) {
          if (matches(pi + 1, path, k)) return true;
        }
        return false;
      }
      return si < path.length
          && (pattern[pi].equals("*") || pattern[pi].equals(path[si]))
          && matches(pi + 1, path, si + 1);
    }
  }
}
