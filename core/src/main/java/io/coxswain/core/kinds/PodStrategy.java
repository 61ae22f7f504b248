package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.Metadata;
import io.coxswain.core.ObjectMetaValidation;
import io.coxswain.core.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rules for core/v1 Pod. */
public final class PodStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "Pod", "pods", "pod", true,
          List.of("po"), List.of("all"), true, false);

  /** How long a pod stays bound to a node that stopped reporting, as the DefaultTolerationSeconds plugin sets. */
  static final int DEFAULT_TOLERATION_SECONDS = 300;
  /**
   * The server-wide setting of that admission step (kube-apiserver's
   * --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds).
   */
  private static volatile int defaultTolerationSeconds = DEFAULT_TOLERATION_SECONDS;

  /** Sets what DefaultTolerationSeconds gives pods created from now on (coxswain.admission.default-toleration-seconds). */
  public static void setDefaultTolerationSeconds(int seconds) {
    if (seconds < 0) throw new IllegalArgumentException("default toleration seconds must not be negative: " + seconds);
    defaultTolerationSeconds = seconds;
  }
  private static final List<String> NODE_PROBLEM_TAINTS =
      List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable");
  private static final Map<String, Integer> SYSTEM_PRIORITY_CLASSES =
      Map.of("system-node-critical", 2000001000, "system-cluster-critical", 2000000000);

  @Override
  public ResourceType type() {
    return TYPE;
  }

  /**
   * The core/v1 defaults, plus what a real server's default admission plugins add to every new
   * pod (service account, node-problem tolerations, priority), so that pods read back alike.
   */
  @Override
  public void applyDefaults(ObjectNode obj) {
    ObjectNode spec = FieldDefaults.object(obj, "spec");
    if (spec == null) return;
    PodSpecDefaults.applyToPod(spec);
    if (!Metadata.annotations(obj).containsKey("kubernetes.io/config.mirror")) {
      // Mirror pods of static pods run without API credentials, so they get no service account.
      FieldDefaults.string(spec, "serviceAccountName", "default");
      String account = FieldDefaults.text(spec, "serviceAccountName");
      if (!account.isEmpty()) FieldDefaults.string(spec, "serviceAccount", account);
    }
    addNodeProblemTolerations(spec);
    defaultPriority(spec);
    if (FieldDefaults.isUnset(obj, "status")) {
      ObjectNode status = obj.putObject("status");
      status.put("phase", "Pending");
      status.put("qosClass", PodQosClass.of(spec));
    }
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> causes = ObjectMetaValidation.validate(obj, TYPE);
    JsonFields f = new JsonFields(causes);
    ObjectNode spec = f.object(obj, "", "spec");
    if (spec == null) {
      if (FieldDefaults.isUnset(obj, "spec")) f.add(Cause.required("spec.containers"));
      return causes;
    }
    PodSpecValidation.validate(spec, "spec", true, f);
    return causes;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode updated, ObjectNode stored) {
    return PodUpdateValidation.validate(updated, stored);
  }

  @Override
  public Map<String, String> selectableFields(ObjectNode obj) {
    Map<String, String> fields = SelectableFields.objectMeta(obj, true);
    fields.put("spec.nodeName", SelectableFields.text(obj, "spec.nodeName"));
    fields.put("spec.restartPolicy", SelectableFields.text(obj, "spec.restartPolicy"));
    fields.put("spec.schedulerName", SelectableFields.text(obj, "spec.schedulerName"));
    fields.put("spec.serviceAccountName", SelectableFields.text(obj, "spec.serviceAccountName"));
    fields.put("spec.hostNetwork", SelectableFields.bool(obj, "spec.hostNetwork"));
    fields.put("status.phase", SelectableFields.text(obj, "status.phase"));
    fields.put("status.podIP", podIp(obj));
    fields.put("status.nominatedNodeName", SelectableFields.text(obj, "status.nominatedNodeName"));
    return fields;
  }

  /** A pod on a node is only gone once its kubelet has stopped the containers. */
  @Override
  public boolean deletesGracefully(ObjectNode stored) {
    String phase = SelectableFields.text(stored, "status.phase");
    return !SelectableFields.text(stored, "spec.nodeName").isEmpty()
        && !phase.equals("Succeeded") && !phase.equals("Failed");
  }

  private static void addNodeProblemTolerations(ObjectNode spec) {
    JsonNode existing = spec.get("tolerations");
    if (existing != null && !existing.isNull() && !existing.isArray()) return;
    List<String> missing = new ArrayList<>(NODE_PROBLEM_TAINTS);
    if (existing != null) {
      for (JsonNode t : existing) {
        String key = t.path("key").asText("");
        String effect = t.path("effect").asText("");
        // A toleration with an empty key or effect already covers the taint.
        if (effect.isEmpty() || effect.equals("NoExecute")) missing.removeIf(taint -> key.isEmpty() || key.equals(taint));
      }
    }
    if (missing.isEmpty()) return;
    ArrayNode tolerations = existing instanceof ArrayNode a ? a : spec.putArray("tolerations");
    for (String taint : missing) {
      tolerations.addObject()
          .put("key", taint)
          .put("operator", "Exists")
          .put("effect", "NoExecute")
          .put("tolerationSeconds", defaultTolerationSeconds);
    }
  }

  /** What the Priority plugin resolves; other classes are unknown here and left unresolved. */
  private static void defaultPriority(ObjectNode spec) {
    String className = FieldDefaults.text(spec, "priorityClassName");
    Integer priority = className.isEmpty() ? Integer.valueOf(0) : SYSTEM_PRIORITY_CLASSES.get(className);
    if (priority == null) return;
    FieldDefaults.number(spec, "priority", priority);
    FieldDefaults.string(spec, "preemptionPolicy", "PreemptLowerPriority");
  }

  private static String podIp(ObjectNode obj) {
    JsonNode first = obj.path("status").path("podIPs").path(0).path("ip");
    return first.isTextual() ? first.textValue() : SelectableFields.text(obj, "status.podIP");
  }
}
