package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.JsonFields.child;
import static io.coxswain.core.kinds.JsonFields.index;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** One container of a pod spec (Kubernetes' validateContainerCommon and friends). */
final class ContainerValidation {
  static final List<String> PORT_PROTOCOLS = List.of("SCTP", "TCP", "UDP");
  private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
  private static final List<String> TERMINATION_MESSAGE_POLICIES = List.of("File", "FallbackToLogsOnError");
  private static final Set<String> ENV_FIELD_PATHS = Set.of(
      "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
      "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs");
  private static final Pattern ENV_FIELD_SUBSCRIPT = Pattern.compile("metadata\\.(labels|annotations)\\['.+'\\]");

  /** Where a container sits: init containers have extra rules, Pods stricter image rules than templates. */
  enum Role { CONTAINER, INIT_CONTAINER }

  private ContainerValidation() {}

  /**
   * @param volumeNames the pod's volumes, which every volumeMount must name
   * @param forPod true for a Pod's own spec, false for a template
   */
  static void validate(ObjectNode c, String path, Role role, Set<String> volumeNames, boolean forPod, JsonFields f) {
    String name = f.requiredString(c, path, "name");
    if (name != null) {
      for (String msg : ValueFormats.dns1123Label(name)) f.add(Cause.invalid(child(path, "name"), name, msg));
    }
    String image = f.requiredString(c, path, "image");
    if (image != null && forPod && !image.equals(image.strip())) {
      f.add(Cause.invalid(child(path, "image"), image, "must not have leading or trailing whitespace"));
    }
    oneOf(f.string(c, path, "imagePullPolicy"), child(path, "imagePullPolicy"), PULL_POLICIES, f);
    oneOf(f.string(c, path, "terminationMessagePolicy"), child(path, "terminationMessagePolicy"),
        TERMINATION_MESSAGE_POLICIES, f);
    f.strings(c, path, "command");
    f.strings(c, path, "args");
    f.string(c, path, "workingDir");
    f.string(c, path, "terminationMessagePath");
    f.bool(c, path, "stdin");
    f.bool(c, path, "tty");
    f.object(c, path, "securityContext");
    f.array(c, path, "envFrom");

    boolean sidecar = validateRestartPolicy(c, path, role, f);
    validatePorts(f.array(c, path, "ports"), child(path, "ports"), f);
    validateEnv(f.array(c, path, "env"), child(path, "env"), f);
    ObjectNode resources = f.object(c, path, "resources");
    if (resources != null) ResourceRequirementsValidation.validate(resources, child(path, "resources"), f);
    validateVolumeMounts(f.array(c, path, "volumeMounts"), child(path, "volumeMounts"), volumeNames, f);

    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe", "lifecycle")) {
      ObjectNode p = f.object(c, path, probe);
      if (p == null) continue;
      if (role == Role.INIT_CONTAINER && !sidecar) {
        // Plain init containers run to completion before the pod is up; probing them means nothing.
        f.add(Cause.forbidden(child(path, probe), "may not be set for init containers without restartPolicy=Always"));
      } else if (probe.equals("lifecycle")) {
        ProbeValidation.validateLifecycle(p, child(path, probe), f);
      } else {
        ProbeValidation.validateProbe(p, child(path, probe), !probe.equals("readinessProbe"), f);
      }
    }
  }

  /** Answers whether this is a sidecar (an init container that keeps running). */
  private static boolean validateRestartPolicy(ObjectNode c, String path, Role role, JsonFields f) {
    String restartPolicy = f.string(c, path, "restartPolicy");
    if (restartPolicy == null) return false;
    if (role == Role.CONTAINER) {
      f.add(Cause.forbidden(child(path, "restartPolicy"), "may not be set for non-init containers"));
      return false;
    }
    if (!restartPolicy.equals("Always")) {
      f.add(Cause.notSupported(child(path, "restartPolicy"), restartPolicy, List.of("Always")));
      return false;
    }
    return true;
  }

  private static void validatePorts(ArrayNode ports, String path, JsonFields f) {
    if (ports == null) return;
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ObjectNode port = f.objectAt(ports, path, i);
      if (port == null) continue;
      String portPath = index(path, i);
      String name = f.string(port, portPath, "name");
      if (name != null && !name.isEmpty()) {
        List<String> msgs = ValueFormats.portName(name);
        for (String msg : msgs) f.add(Cause.invalid(child(portPath, "name"), name, msg));
        if (msgs.isEmpty() && !names.add(name)) f.add(Cause.duplicate(child(portPath, "name"), name));
      }
      Long containerPort = f.int32(port, portPath, "containerPort");
      if (containerPort == null || containerPort == 0) {
        if (containerPort != null || FieldDefaults.isUnset(port, "containerPort")) {
          f.add(Cause.required(child(portPath, "containerPort")));
        }
      } else {
        for (String msg : ValueFormats.portNumber(containerPort)) {
          f.add(Cause.invalid(child(portPath, "containerPort"), containerPort, msg));
        }
      }
      Long hostPort = f.int32(port, portPath, "hostPort");
      if (hostPort != null && hostPort != 0) {
        for (String msg : ValueFormats.portNumber(hostPort)) f.add(Cause.invalid(child(portPath, "hostPort"), hostPort, msg));
      }
      f.string(port, portPath, "hostIP");
      protocol(f.string(port, portPath, "protocol"), child(portPath, "protocol"), f);
    }
  }

  /** A port protocol: TCP, UDP or SCTP; unset stays allowed because defaulting fills it. */
  static void protocol(String protocol, String path, JsonFields f) {
    if (protocol == null) return;
    if (protocol.isEmpty()) {
      f.add(Cause.required(path));
    } else if (!PORT_PROTOCOLS.contains(protocol)) {
      f.add(Cause.notSupported(path, protocol, PORT_PROTOCOLS));
    }
  }

  private static void validateEnv(ArrayNode env, String path, JsonFields f) {
    if (env == null) return;
    for (int i = 0; i < env.size(); i++) {
      ObjectNode e = f.objectAt(env, path, i);
      if (e == null) continue;
      String envPath = index(path, i);
      String name = f.requiredString(e, envPath, "name");
      if (name != null) {
        for (String msg : ValueFormats.envVarName(name)) f.add(Cause.invalid(child(envPath, "name"), name, msg));
      }
      String value = f.string(e, envPath, "value");
      ObjectNode valueFrom = f.object(e, envPath, "valueFrom");
      if (valueFrom != null) validateValueFrom(valueFrom, child(envPath, "valueFrom"), value != null && !value.isEmpty(), f);
    }
  }

  private static void validateValueFrom(ObjectNode valueFrom, String path, boolean hasValue, JsonFields f) {
    int sources = 0;
    ObjectNode fieldRef = f.object(valueFrom, path, "fieldRef");
    if (fieldRef != null) {
      sources++;
      String refPath = child(path, "fieldRef");
      String apiVersion = f.string(fieldRef, refPath, "apiVersion");
      if (apiVersion != null && apiVersion.isEmpty()) f.add(Cause.required(child(refPath, "apiVersion")));
      String fieldPath = f.requiredString(fieldRef, refPath, "fieldPath");
      if (fieldPath != null && !ENV_FIELD_PATHS.contains(fieldPath) && !ENV_FIELD_SUBSCRIPT.matcher(fieldPath).matches()) {
        f.add(Cause.notSupported(child(refPath, "fieldPath"), fieldPath, ENV_FIELD_PATHS.stream().sorted().toList()));
      }
    }
    ObjectNode resourceFieldRef = f.object(valueFrom, path, "resourceFieldRef");
    if (resourceFieldRef != null) {
      sources++;
      String refPath = child(path, "resourceFieldRef");
      f.requiredString(resourceFieldRef, refPath, "resource");
    }
    for (String keyRef : List.of("configMapKeyRef", "secretKeyRef")) {
      ObjectNode ref = f.object(valueFrom, path, keyRef);
      if (ref == null) continue;
      sources++;
      String refPath = child(path, keyRef);
      f.string(ref, refPath, "name");
      f.bool(ref, refPath, "optional");
      String key = f.requiredString(ref, refPath, "key");
      if (key != null) {
        for (String msg : ValueFormats.configMapKey(key)) f.add(Cause.invalid(child(refPath, "key"), key, msg));
      }
    }
    if (sources == 0) {
      f.add(Cause.invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
    } else if (hasValue) {
      f.add(Cause.invalid(path, "", "may not be specified when `value` is not empty"));
    } else if (sources > 1) {
      f.add(Cause.invalid(path, "", "may not have more than one field specified at a time"));
    }
  }

  private static void validateVolumeMounts(ArrayNode mounts, String path, Set<String> volumeNames, JsonFields f) {
    if (mounts == null) return;
    Set<String> mountPaths = new HashSet<>();
    for (int i = 0; i < mounts.size(); i++) {
      ObjectNode m = f.objectAt(mounts, path, i);
      if (m == null) continue;
      String mountPath = index(path, i);
      String name = f.requiredString(m, mountPath, "name");
      if (name != null && !volumeNames.contains(name)) {
        f.add(new Cause("FieldValueNotFound", "Not found: \"" + name + "\"", child(mountPath, "name")));
      }
      String target = f.requiredString(m, mountPath, "mountPath");
      if (target != null && !mountPaths.add(target)) {
        f.add(Cause.invalid(child(mountPath, "mountPath"), target, "must be unique"));
      }
      f.bool(m, mountPath, "readOnly");
      f.string(m, mountPath, "subPath");
    }
  }

  private static void oneOf(String value, String path, List<String> allowed, JsonFields f) {
    if (value != null && !allowed.contains(value)) f.add(Cause.notSupported(path, value, allowed));
  }
}
