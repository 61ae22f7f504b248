package io.coxswain.core.patch;

import static io.coxswain.core.patch.StrategicMergePatchTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.ResourceType;
import io.coxswain.core.kinds.DeploymentStrategy;
import io.coxswain.core.kinds.NodeStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.kinds.ServiceStrategy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatchMetaTest {
  private static final Map<String, ResourceType> KINDS = Map.of(
      "Pod", PodStrategy.TYPE, "Deployment", DeploymentStrategy.TYPE,
      "Service", ServiceStrategy.TYPE, "Node", NodeStrategy.TYPE);
  private static final Pattern LIST_SEGMENT = Pattern.compile("(\\w+)\\[(\\w+)]");

  /**
   * Builds an object holding {@code leaf} at {@code path}; a segment {@code containers[name]} is a
   * list with one element keyed by that field.
   */
  private static JsonNode nest(List<String> segments, JsonNode leaf) {
    if (segments.isEmpty()) return leaf;
    ObjectNode obj = Json.MAPPER.createObjectNode();
    JsonNode inner = nest(segments.subList(1, segments.size()), leaf);
    Matcher list = LIST_SEGMENT.matcher(segments.get(0));
    if (list.matches()) {
      ((ObjectNode) inner).put(list.group(2), "x");
      obj.putArray(list.group(1)).add(inner);
    } else {
      obj.set(segments.get(0), inner);
    }
    return obj;
  }

  private static ObjectNode at(String path, String listJson) {
    return (ObjectNode) nest(Arrays.asList(path.split("\\.")), json("{'l':" + listJson + "}").get("l"));
  }

  @ParameterizedTest(name = "{0} {1} merges by {2}: {3}")
  @CsvSource({
      "Pod, metadata.ownerReferences, uid, true",
      "Pod, spec.containers, name, true",
      "Deployment, spec.template.spec.initContainers, name, true",
      "Pod, spec.ephemeralContainers, name, true",
      "Pod, spec.volumes, name, true",
      "Deployment, spec.template.spec.imagePullSecrets, name, true",
      "Pod, spec.hostAliases, ip, true",
      "Deployment, spec.template.spec.topologySpreadConstraints, topologyKey, true",
      "Pod, spec.containers[name].ports, containerPort, true",
      "Deployment, spec.template.spec.containers[name].env, name, true",
      "Pod, spec.initContainers[name].volumeMounts, mountPath, true",
      "Pod, spec.containers[name].volumeDevices, devicePath, true",
      "Service, spec.ports, port, true",
      "Node, status.addresses, type, true",
      "Node, status.conditions, type, true",
      "Pod, status.conditions, type, true",
      "Pod, status.podIPs, ip, true",
      "Pod, spec.tolerations, key, false",
      "Node, spec.taints, key, false",
      "Node, status.images, sizeBytes, false",
      "Deployment, spec.ports, port, false",
      "Pod, spec.containers[name].envFrom, prefix, false",
      "Pod, spec.readinessGates, conditionType, false",
  })
  void listsMergeOrReplaceAsKubernetesDeclares(String kind, String path, String key, boolean merges) {
    ObjectNode live = at(path, "[{'" + key + "':'a','f':1},{'" + key + "':'b','f':2}]");
    ObjectNode patch = at(path, "[{'" + key + "':'b','f':3}]");

    ObjectNode result = StrategicMergePatch.apply(live, patch, KINDS.get(kind));

    String expected = merges
        ? "[{'" + key + "':'a','f':1},{'" + key + "':'b','f':3}]"
        : "[{'" + key + "':'b','f':3}]";
    assertEquals(at(path, expected), result);
  }

  @Test
  void kindSpecificEntryWinsOverGenericOne() {
    assertEquals("port", PatchMeta.lookup(ServiceStrategy.TYPE, "spec.ports").mergeKey());
    assertFalse(PatchMeta.lookup(PodStrategy.TYPE, "spec.ports").mergeList());
  }

  @Test
  void retainKeysEntriesCoverDeploymentStrategyAndVolumes() {
    assertTrue(PatchMeta.lookup(DeploymentStrategy.TYPE, "spec.strategy").retainKeys());
    assertTrue(PatchMeta.lookup(DeploymentStrategy.TYPE, "spec.template.spec.volumes").retainKeys());
    assertFalse(PatchMeta.lookup(ServiceStrategy.TYPE, "spec.strategy").retainKeys());
  }

  @Test
  void finalizersAndNodePodCidrsMergeAsSets() {
    assertTrue(PatchMeta.lookup(PodStrategy.TYPE, "metadata.finalizers").set());
    assertTrue(PatchMeta.lookup(NodeStrategy.TYPE, "spec.podCIDRs").set());
    ObjectNode result = StrategicMergePatch.apply(
        json("{'spec':{'podCIDRs':['10.0.0.0/24']}}"), json("{'spec':{'podCIDRs':['fd00::/64']}}"), NodeStrategy.TYPE);
    assertEquals(2, ((ArrayNode) result.at("/spec/podCIDRs")).size());
  }

  @Test
  void unknownFieldsKeepTheDefaultStrategy() {
    assertEquals(FieldStrategy.DEFAULT, PatchMeta.lookup(PodStrategy.TYPE, "spec.nodeSelector"));
    assertEquals(FieldStrategy.DEFAULT, PatchMeta.lookup(null, ""));
  }
}
