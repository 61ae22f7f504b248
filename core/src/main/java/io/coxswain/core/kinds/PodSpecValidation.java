package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.JsonFields.child;
import static io.coxswain.core.kinds.JsonFields.index;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.ObjectMetaValidation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A PodSpec, in a Pod or in a Deployment's or ReplicaSet's template (Kubernetes' ValidatePodSpec):
 * containers, volumes, policies and scheduling fields.
 */
public final class PodSpecValidation {
  public static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
  private static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
  private static final List<String> PREEMPTION_POLICIES = List.of("Never", "PreemptLowerPriority");
  private static final List<String> TAINT_EFFECTS = List.of("NoExecute", "NoSchedule", "PreferNoSchedule");
  /** The fields of a Volume that name its source; exactly one must be set. */
  static final List<String> VOLUME_SOURCES = List.of(
      "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi",
      "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI",
      "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk",
      "projected", "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral", "image");

  private PodSpecValidation() {}

  /**
   * Every problem of the pod spec at {@code path} ("spec" or "spec.template.spec"), added to
   * {@code f}. {@code forPod} is false for templates, which Kubernetes checks a little less.
   */
  public static void validate(ObjectNode spec, String path, boolean forPod, JsonFields f) {
    Set<String> volumeNames = validateVolumes(f.array(spec, path, "volumes"), child(path, "volumes"), f);

    ArrayNode containers = f.array(spec, path, "containers");
    if ((containers == null && FieldDefaults.isUnset(spec, "containers")) || (containers != null && containers.isEmpty())) {
      f.add(Cause.required(child(path, "containers")));
    }
    Set<String> containerNames = new HashSet<>();
    validateContainers(f.array(spec, path, "initContainers"), child(path, "initContainers"),
        ContainerValidation.Role.INIT_CONTAINER, containerNames, volumeNames, forPod, f);
    validateContainers(containers, child(path, "containers"),
        ContainerValidation.Role.CONTAINER, containerNames, volumeNames, forPod, f);

    oneOf(f.string(spec, path, "restartPolicy"), child(path, "restartPolicy"), RESTART_POLICIES, f);
    oneOf(f.string(spec, path, "dnsPolicy"), child(path, "dnsPolicy"), DNS_POLICIES, f);
    oneOf(f.string(spec, path, "preemptionPolicy"), child(path, "preemptionPolicy"), PREEMPTION_POLICIES, f);
    Long activeDeadline = f.int64(spec, path, "activeDeadlineSeconds");
    if (activeDeadline != null && (activeDeadline < 1 || activeDeadline > Integer.MAX_VALUE)) {
      f.add(Cause.invalid(child(path, "activeDeadlineSeconds"), activeDeadline,
          ValueFormats.inclusiveRangeError(1, Integer.MAX_VALUE)));
    }
    f.int64(spec, path, "terminationGracePeriodSeconds");
    f.int32(spec, path, "priority");
    for (String flag : List.of("hostNetwork", "hostPID", "hostIPC", "enableServiceLinks",
        "automountServiceAccountToken", "shareProcessNamespace", "setHostnameAsFQDN", "hostUsers")) {
      f.bool(spec, path, flag);
    }
    formatted(spec, path, "nodeName", ValueFormats::dns1123Subdomain, f);
    formatted(spec, path, "serviceAccountName", ValueFormats::dns1123Subdomain, f);
    formatted(spec, path, "schedulerName", ValueFormats::dns1123Subdomain, f);
    formatted(spec, path, "priorityClassName", ValueFormats::dns1123Subdomain, f);
    formatted(spec, path, "runtimeClassName", ValueFormats::dns1123Subdomain, f);
    formatted(spec, path, "hostname", ValueFormats::dns1123Label, f);
    formatted(spec, path, "subdomain", ValueFormats::dns1123Label, f);
    f.string(spec, path, "serviceAccount");
    ObjectMetaValidation.validateLabels(f.stringMap(spec, path, "nodeSelector"), child(path, "nodeSelector"), f.causes());
    validateTolerations(f.array(spec, path, "tolerations"), child(path, "tolerations"), f);
    f.object(spec, path, "securityContext");
    f.object(spec, path, "affinity");
    f.object(spec, path, "dnsConfig");
    f.array(spec, path, "imagePullSecrets");
    f.array(spec, path, "schedulingGates");
    f.array(spec, path, "topologySpreadConstraints");
  }

  private static void validateContainers(ArrayNode list, String path, ContainerValidation.Role role,
      Set<String> seenNames, Set<String> volumeNames, boolean forPod, JsonFields f) {
    if (list == null) return;
    for (int i = 0; i < list.size(); i++) {
      ObjectNode c = f.objectAt(list, path, i);
      if (c == null) continue;
      String containerPath = index(path, i);
      ContainerValidation.validate(c, containerPath, role, volumeNames, forPod, f);
      // Names are unique across init and regular containers: logs, exec and status are keyed by them.
      if (c.path("name").isTextual() && !c.path("name").textValue().isEmpty() && !seenNames.add(c.path("name").textValue())) {
        f.add(Cause.duplicate(child(containerPath, "name"), c.path("name").textValue()));
      }
    }
  }

  private static Set<String> validateVolumes(ArrayNode volumes, String path, JsonFields f) {
    Set<String> names = new HashSet<>();
    if (volumes == null) return names;
    for (int i = 0; i < volumes.size(); i++) {
      ObjectNode v = f.objectAt(volumes, path, i);
      if (v == null) continue;
      String volumePath = index(path, i);
      String name = f.requiredString(v, volumePath, "name");
      if (name != null) {
        for (String msg : ValueFormats.dns1123Label(name)) f.add(Cause.invalid(child(volumePath, "name"), name, msg));
        if (!names.add(name)) f.add(Cause.duplicate(child(volumePath, "name"), name));
      }
      int sources = 0;
      for (String source : VOLUME_SOURCES) {
        if (f.object(v, volumePath, source) == null) continue;
        if (++sources > 1) f.add(Cause.forbidden(child(volumePath, source), "may not specify more than 1 volume type"));
      }
      if (sources == 0 && VOLUME_SOURCES.stream().allMatch(s -> FieldDefaults.isUnset(v, s))) {
        f.add(new Cause("FieldValueRequired", "Required value: must specify a volume type", volumePath));
      }
      for (String source : List.of("configMap", "secret", "downwardAPI", "projected")) {
        ObjectNode s = FieldDefaults.existingObject(v, source);
        if (s == null) continue;
        Long mode = f.int32(s, child(volumePath, source), "defaultMode");
        if (mode != null && (mode < 0 || mode > 0777)) {
          f.add(Cause.invalid(child(child(volumePath, source), "defaultMode"), mode,
              "must be a number between 0 and 0777 (octal), both inclusive"));
        }
      }
    }
    return names;
  }

  private static void validateTolerations(ArrayNode tolerations, String path, JsonFields f) {
    if (tolerations == null) return;
    for (int i = 0; i < tolerations.size(); i++) {
      ObjectNode t = f.objectAt(tolerations, path, i);
      if (t == null) continue;
      String tPath = index(path, i);
      String key = f.string(t, tPath, "key");
      if (key != null && !key.isEmpty()) {
        for (String msg : ValueFormats.qualifiedName(key)) f.add(Cause.invalid(child(tPath, "key"), key, msg));
      }
      String operator = f.string(t, tPath, "operator");
      String value = f.string(t, tPath, "value");
      String effect = f.string(t, tPath, "effect");
      Long seconds = f.int64(t, tPath, "tolerationSeconds");
      boolean keyEmpty = key == null || key.isEmpty();
      String op = operator == null ? "" : operator;
      if (keyEmpty && !op.equals("Exists")) {
        f.add(Cause.invalid(child(tPath, "operator"), op,
            "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
      }
      if (seconds != null && !"NoExecute".equals(effect)) {
        f.add(Cause.invalid(child(tPath, "effect"), effect == null ? "" : effect,
            "effect must be 'NoExecute' when `tolerationSeconds` is set"));
      }
      switch (op) {
        case "", "Equal" -> {
          if (value != null && !value.isEmpty()) {
            for (String msg : ValueFormats.labelValue(value)) f.add(Cause.invalid(child(tPath, "value"), value, msg));
          }
        }
        case "Exists" -> {
          if (value != null && !value.isEmpty()) {
            f.add(Cause.invalid(child(tPath, "operator"), value, "value must be empty when `operator` is 'Exists'"));
          }
        }
        default -> f.add(Cause.notSupported(child(tPath, "operator"), op, List.of("Equal", "Exists")));
      }
      if (effect != null && !effect.isEmpty() && !TAINT_EFFECTS.contains(effect)) {
        f.add(Cause.notSupported(child(tPath, "effect"), effect, TAINT_EFFECTS));
      }
    }
  }

  private static void formatted(ObjectNode spec, String path, String name, Function<String, List<String>> format,
      JsonFields f) {
    String value = f.string(spec, path, name);
    if (value == null || value.isEmpty()) return;
    for (String msg : format.apply(value)) f.add(Cause.invalid(child(path, name), value, msg));
  }

  private static void oneOf(String value, String path, List<String> allowed, JsonFields f) {
    if (value == null) return;
    if (value.isEmpty()) {
      f.add(Cause.required(path));
    } else if (!allowed.contains(value)) {
      f.add(Cause.notSupported(path, value, allowed));
    }
  }
}
