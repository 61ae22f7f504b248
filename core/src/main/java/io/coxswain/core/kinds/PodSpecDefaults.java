package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Kubernetes' defaults for a PodSpec and what it holds (containers, probes, volumes), as the
 * defaulters of core/v1 set them. A Pod gets a few more than a pod template in a Deployment or
 * ReplicaSet (SetDefaults_Pod only runs for Pods), hence the two entry points.
 */
public final class PodSpecDefaults {
  /** Octal 0644, the mode Kubernetes gives projected files. */
  static final int DEFAULT_FILE_MODE = 420;

  private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers");
  private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");

  private PodSpecDefaults() {}

  /** Defaults of a Pod's own spec: the pod spec ones plus those Kubernetes keeps for Pods. */
  public static void applyToPod(ObjectNode spec) {
    applyToSpec(spec);
    FieldDefaults.bool(spec, "enableServiceLinks", true);
    boolean hostNetwork = spec.path("hostNetwork").asBoolean(false) && spec.path("hostNetwork").isBoolean();
    for (String list : CONTAINER_LISTS) {
      for (ObjectNode c : FieldDefaults.objects(spec, list)) {
        requestsFromLimits(c);
        if (hostNetwork) hostPortsFromContainerPorts(c);
      }
    }
  }

  /** Defaults of spec.template.spec in a Deployment or ReplicaSet. */
  public static void applyToTemplate(ObjectNode spec) {
    applyToSpec(spec);
  }

  /**
   * Kubernetes' rule for an unset imagePullPolicy: Always when the image is ":latest" or has
   * neither tag nor digest, IfNotPresent otherwise (also for a reference it cannot parse).
   */
  public static String imagePullPolicyFor(String image) {
    if (image == null || image.isEmpty() || image.chars().anyMatch(Character::isWhitespace)) {
      return "IfNotPresent";
    }
    String ref = image;
    int at = ref.indexOf('@');
    boolean digested = at >= 0;
    if (digested) ref = ref.substring(0, at);
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    String repository = colon > slash ? ref.substring(0, colon) : ref;
    String tag = colon > slash ? ref.substring(colon + 1) : "";
    if (!pathIsLowercase(repository)) return "IfNotPresent";
    if (tag.isEmpty() && !digested) tag = "latest";
    return tag.equals("latest") ? "Always" : "IfNotPresent";
  }

  private static void applyToSpec(ObjectNode spec) {
    FieldDefaults.string(spec, "dnsPolicy", "ClusterFirst");
    FieldDefaults.string(spec, "restartPolicy", "Always");
    FieldDefaults.object(spec, "securityContext");
    FieldDefaults.number(spec, "terminationGracePeriodSeconds", 30);
    FieldDefaults.string(spec, "schedulerName", "default-scheduler");
    mirrorDeprecatedServiceAccount(spec);
    for (String list : CONTAINER_LISTS) {
      for (ObjectNode c : FieldDefaults.objects(spec, list)) applyToContainer(c);
    }
    for (ObjectNode v : FieldDefaults.objects(spec, "volumes")) applyToVolume(v);
  }

  /**
   * v1 still carries the deprecated serviceAccount next to serviceAccountName; conversion fills
   * either from the other, so both show up in what the server returns.
   */
  private static void mirrorDeprecatedServiceAccount(ObjectNode spec) {
    String name = FieldDefaults.text(spec, "serviceAccountName");
    String deprecated = FieldDefaults.text(spec, "serviceAccount");
    if (name.isEmpty() && !deprecated.isEmpty() && holdsStringOrNothing(spec, "serviceAccountName")) {
      spec.put("serviceAccountName", deprecated);
      name = deprecated;
    }
    if (!name.isEmpty() && holdsStringOrNothing(spec, "serviceAccount")) spec.put("serviceAccount", name);
  }

  private static boolean holdsStringOrNothing(ObjectNode parent, String name) {
    return FieldDefaults.isUnset(parent, name) || parent.get(name).isTextual();
  }

  private static void applyToContainer(ObjectNode c) {
    JsonNode image = c.get("image");
    if (holdsStringOrNothing(c, "imagePullPolicy") && FieldDefaults.text(c, "imagePullPolicy").isEmpty()
        && (image == null || image.isNull() || image.isTextual())) {
      c.put("imagePullPolicy", imagePullPolicyFor(FieldDefaults.text(c, "image")));
    }
    FieldDefaults.string(c, "terminationMessagePath", "/dev/termination-log");
    FieldDefaults.string(c, "terminationMessagePolicy", "File");
    FieldDefaults.object(c, "resources");
    for (ObjectNode port : FieldDefaults.objects(c, "ports")) FieldDefaults.string(port, "protocol", "TCP");
    for (String probe : PROBES) {
      ObjectNode p = FieldDefaults.existingObject(c, probe);
      if (p != null) applyToProbe(p);
    }
    ObjectNode lifecycle = FieldDefaults.existingObject(c, "lifecycle");
    if (lifecycle != null) {
      for (String hook : List.of("postStart", "preStop")) {
        applyToHttpGet(FieldDefaults.existingObject(FieldDefaults.existingObject(lifecycle, hook), "httpGet"));
      }
    }
    for (ObjectNode env : FieldDefaults.objects(c, "env")) {
      applyToFieldSources(FieldDefaults.existingObject(env, "valueFrom"));
    }
  }

  private static void applyToProbe(ObjectNode probe) {
    FieldDefaults.number(probe, "timeoutSeconds", 1);
    FieldDefaults.number(probe, "periodSeconds", 10);
    FieldDefaults.number(probe, "successThreshold", 1);
    FieldDefaults.number(probe, "failureThreshold", 3);
    applyToHttpGet(FieldDefaults.existingObject(probe, "httpGet"));
  }

  private static void applyToHttpGet(ObjectNode httpGet) {
    if (httpGet == null) return;
    FieldDefaults.string(httpGet, "path", "/");
    FieldDefaults.string(httpGet, "scheme", "HTTP");
  }

  /** fieldRef/resourceFieldRef as found in env valueFrom and downward API items. */
  private static void applyToFieldSources(ObjectNode holder) {
    if (holder == null) return;
    ObjectNode fieldRef = FieldDefaults.existingObject(holder, "fieldRef");
    if (fieldRef != null) FieldDefaults.string(fieldRef, "apiVersion", "v1");
    ObjectNode resourceFieldRef = FieldDefaults.existingObject(holder, "resourceFieldRef");
    // A zero Quantity is not omitted by the Go encoder, so servers always show a divisor.
    if (resourceFieldRef != null) FieldDefaults.string(resourceFieldRef, "divisor", "0");
  }

  private static void applyToVolume(ObjectNode volume) {
    boolean hasSource = false;
    for (String source : PodSpecValidation.VOLUME_SOURCES) hasSource |= !FieldDefaults.isUnset(volume, source);
    if (!hasSource) volume.putObject("emptyDir");
    for (String source : List.of("configMap", "secret", "downwardAPI", "projected")) {
      ObjectNode s = FieldDefaults.existingObject(volume, source);
      if (s != null) FieldDefaults.number(s, "defaultMode", DEFAULT_FILE_MODE);
    }
    ObjectNode downwardApi = FieldDefaults.existingObject(volume, "downwardAPI");
    for (ObjectNode item : FieldDefaults.objects(downwardApi, "items")) applyToFieldSources(item);
    ObjectNode projected = FieldDefaults.existingObject(volume, "projected");
    for (ObjectNode source : FieldDefaults.objects(projected, "sources")) {
      ObjectNode token = FieldDefaults.existingObject(source, "serviceAccountToken");
      if (token != null) FieldDefaults.number(token, "expirationSeconds", 3600);
      for (ObjectNode item : FieldDefaults.objects(FieldDefaults.existingObject(source, "downwardAPI"), "items")) {
        applyToFieldSources(item);
      }
    }
    ObjectNode hostPath = FieldDefaults.existingObject(volume, "hostPath");
    if (hostPath != null && FieldDefaults.isUnset(hostPath, "type")) hostPath.put("type", "");
  }

  /** Only Pods get this: a container with limits but no requests asks for what it is limited to. */
  private static void requestsFromLimits(ObjectNode container) {
    ObjectNode resources = FieldDefaults.existingObject(container, "resources");
    ObjectNode limits = FieldDefaults.existingObject(resources, "limits");
    if (limits == null) return;
    ObjectNode requests = FieldDefaults.object(resources, "requests");
    if (requests == null) return;
    limits.fields().forEachRemaining(e -> {
      if (!requests.has(e.getKey())) requests.set(e.getKey(), e.getValue().deepCopy());
    });
  }

  private static void hostPortsFromContainerPorts(ObjectNode container) {
    for (ObjectNode port : FieldDefaults.objects(container, "ports")) {
      JsonNode hostPort = port.get("hostPort");
      JsonNode containerPort = port.get("containerPort");
      boolean unset = hostPort == null || hostPort.isNull() || (hostPort.isIntegralNumber() && hostPort.asLong() == 0);
      if (unset && containerPort != null && containerPort.isIntegralNumber()) port.set("hostPort", containerPort);
    }
  }

  /** Docker references refuse upper case in the repository path (a registry host may have it). */
  private static boolean pathIsLowercase(String repository) {
    int slash = repository.indexOf('/');
    String path = repository;
    if (slash >= 0) {
      String first = repository.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) path = repository.substring(slash + 1);
    }
    return path.equals(path.toLowerCase(Locale.ROOT));
  }
}
