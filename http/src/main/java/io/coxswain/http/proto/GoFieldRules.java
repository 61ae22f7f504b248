package io.coxswain.http.proto;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Map;
import java.util.Set;

/**
 * What the protobuf schema cannot say about the Go structs behind it, for the messages reachable
 * from the kinds {@link ProtobufKinds} decodes. Protobuf field names are the JSON names except
 * where {@link #RENAMED} says otherwise.
 *
 * <p>Pointer scalars: Go's protobuf encoder writes a non-pointer field even when it is zero, so a
 * zero there means "unset" and JSON omits it; a pointer field is written only when set, so its zero
 * ({@code replicas: 0}, {@code automountServiceAccountToken: false}, {@code runAsUser: 0}) is a
 * choice the client made and must survive. The table lists the fields the Go types declare as
 * {@code *bool}, {@code *int32}, {@code *int64} or {@code *string} (or a pointer to a string type).
 * A zero in a non-pointer field that Go marshals without {@code omitempty} (such as
 * {@code containerPort}) is dropped as well, where Go would write it: in Go such a zero cannot be
 * told from an unset field, so leaving it out changes nothing a Kubernetes server would decide.
 *
 * <p>Inline fields: a Go struct embedded with {@code json:",inline"} is a nested message in
 * protobuf (named after the embedded type) but its fields sit directly in the parent in JSON.
 */
final class GoFieldRules {
  private static final String CORE = "k8s.io.api.core.v1.";
  private static final String APPS = "k8s.io.api.apps.v1.";
  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
  private static final String DISCOVERY = "k8s.io.api.discovery.v1.";
  private static final String COORDINATION = "k8s.io.api.coordination.v1.";
  private static final String AUTHENTICATION = "k8s.io.api.authentication.v1.";

  /** Message full name → fields that are Go pointers to a scalar. */
  static final Map<String, Set<String>> POINTER_SCALARS = Map.ofEntries(
      Map.entry(META + "ObjectMeta", Set.of("deletionGracePeriodSeconds")),
      Map.entry(META + "OwnerReference", Set.of("controller", "blockOwnerDeletion")),
      Map.entry(META + "DeleteOptions", Set.of(
          "gracePeriodSeconds", "orphanDependents", "propagationPolicy", "ignoreStoreReadErrorWithClusterBreakingPotential")),
      Map.entry(META + "Preconditions", Set.of("uid", "resourceVersion")),

      Map.entry(APPS + "DeploymentSpec", Set.of("replicas", "revisionHistoryLimit", "progressDeadlineSeconds")),
      Map.entry(APPS + "DeploymentStatus", Set.of("collisionCount")),
      Map.entry(APPS + "ReplicaSetSpec", Set.of("replicas")),

      Map.entry(DISCOVERY + "Endpoint", Set.of("hostname", "nodeName", "zone")),
      Map.entry(DISCOVERY + "EndpointConditions", Set.of("ready", "serving", "terminating")),
      Map.entry(DISCOVERY + "EndpointPort", Set.of("name", "protocol", "port", "appProtocol")),

      Map.entry(COORDINATION + "LeaseSpec",
          Set.of("holderIdentity", "leaseDurationSeconds", "leaseTransitions", "strategy", "preferredHolder")),

      Map.entry(AUTHENTICATION + "TokenRequestSpec", Set.of("expirationSeconds")),

      Map.entry(CORE + "AppArmorProfile", Set.of("localhostProfile")),
      Map.entry(CORE + "AzureDiskVolumeSource", Set.of("cachingMode", "fsType", "readOnly", "kind")),
      Map.entry(CORE + "CSIVolumeSource", Set.of("readOnly", "fsType")),
      Map.entry(CORE + "ClientIPConfig", Set.of("timeoutSeconds")),
      Map.entry(CORE + "ClusterTrustBundleProjection", Set.of("name", "signerName", "optional")),
      Map.entry(CORE + "ConfigMap", Set.of("immutable")),
      Map.entry(CORE + "ConfigMapEnvSource", Set.of("optional")),
      Map.entry(CORE + "ConfigMapKeySelector", Set.of("optional")),
      Map.entry(CORE + "ConfigMapProjection", Set.of("optional")),
      Map.entry(CORE + "ConfigMapVolumeSource", Set.of("defaultMode", "optional")),
      Map.entry(CORE + "Container", Set.of("restartPolicy")),
      Map.entry(CORE + "ContainerStatus", Set.of("started")),
      Map.entry(CORE + "DownwardAPIVolumeFile", Set.of("mode")),
      Map.entry(CORE + "DownwardAPIVolumeSource", Set.of("defaultMode")),
      Map.entry(CORE + "EndpointAddress", Set.of("nodeName")),
      Map.entry(CORE + "EndpointPort", Set.of("appProtocol")),
      Map.entry(CORE + "EphemeralContainerCommon", Set.of("restartPolicy")),
      Map.entry(CORE + "FCVolumeSource", Set.of("lun")),
      Map.entry(CORE + "GRPCAction", Set.of("service")),
      Map.entry(CORE + "HostPathVolumeSource", Set.of("type")),
      Map.entry(CORE + "ISCSIVolumeSource", Set.of("initiatorName")),
      Map.entry(CORE + "KeyToPath", Set.of("mode")),
      Map.entry(CORE + "LoadBalancerIngress", Set.of("ipMode")),
      Map.entry(CORE + "NodeRuntimeHandlerFeatures", Set.of("recursiveReadOnlyMounts")),
      Map.entry(CORE + "PersistentVolumeClaimSpec", Set.of("storageClassName", "volumeMode", "volumeAttributesClassName")),
      Map.entry(CORE + "PodDNSConfigOption", Set.of("value")),
      Map.entry(CORE + "PodResourceClaim", Set.of("resourceClaimName", "resourceClaimTemplateName")),
      Map.entry(CORE + "PodResourceClaimStatus", Set.of("resourceClaimName")),
      Map.entry(CORE + "PodSecurityContext", Set.of(
          "runAsUser", "runAsGroup", "runAsNonRoot", "supplementalGroupsPolicy", "fsGroup", "fsGroupChangePolicy",
          "seLinuxChangePolicy")),
      Map.entry(CORE + "PodSpec", Set.of(
          "terminationGracePeriodSeconds", "activeDeadlineSeconds", "automountServiceAccountToken",
          "shareProcessNamespace", "priority", "runtimeClassName", "enableServiceLinks", "preemptionPolicy",
          "setHostnameAsFQDN", "hostUsers")),
      Map.entry(CORE + "PortStatus", Set.of("error")),
      Map.entry(CORE + "Probe", Set.of("terminationGracePeriodSeconds")),
      Map.entry(CORE + "ProjectedVolumeSource", Set.of("defaultMode")),
      Map.entry(CORE + "SeccompProfile", Set.of("localhostProfile")),
      Map.entry(CORE + "Secret", Set.of("immutable")),
      Map.entry(CORE + "SecretEnvSource", Set.of("optional")),
      Map.entry(CORE + "SecretKeySelector", Set.of("optional")),
      Map.entry(CORE + "SecretProjection", Set.of("optional")),
      Map.entry(CORE + "SecretVolumeSource", Set.of("defaultMode", "optional")),
      Map.entry(CORE + "SecurityContext", Set.of(
          "privileged", "runAsUser", "runAsGroup", "runAsNonRoot", "readOnlyRootFilesystem",
          "allowPrivilegeEscalation", "procMount")),
      Map.entry(CORE + "ServiceAccount", Set.of("automountServiceAccountToken")),
      Map.entry(CORE + "ServiceAccountTokenProjection", Set.of("expirationSeconds")),
      Map.entry(CORE + "ServicePort", Set.of("appProtocol")),
      Map.entry(CORE + "ServiceSpec", Set.of(
          "ipFamilyPolicy", "allocateLoadBalancerNodePorts", "loadBalancerClass", "internalTrafficPolicy",
          "trafficDistribution")),
      Map.entry(CORE + "Toleration", Set.of("tolerationSeconds")),
      Map.entry(CORE + "TopologySpreadConstraint", Set.of("minDomains", "nodeAffinityPolicy", "nodeTaintsPolicy")),
      Map.entry(CORE + "TypedLocalObjectReference", Set.of("apiGroup")),
      Map.entry(CORE + "TypedObjectReference", Set.of("apiGroup", "namespace")),
      Map.entry(CORE + "VolumeMount", Set.of("recursiveReadOnly", "mountPropagation")),
      Map.entry(CORE + "VolumeMountStatus", Set.of("recursiveReadOnly")),
      Map.entry(CORE + "WindowsSecurityContextOptions",
          Set.of("gmsaCredentialSpecName", "gmsaCredentialSpec", "runAsUserName", "hostProcess")));

  /** Message full name → fields holding a Go struct embedded inline. */
  static final Map<String, Set<String>> INLINE = Map.ofEntries(
      Map.entry(CORE + "Volume", Set.of("volumeSource")),
      Map.entry(CORE + "Probe", Set.of("handler")),
      Map.entry(CORE + "EphemeralContainer", Set.of("ephemeralContainerCommon")),
      Map.entry(CORE + "ConfigMapEnvSource", Set.of("localObjectReference")),
      Map.entry(CORE + "ConfigMapKeySelector", Set.of("localObjectReference")),
      Map.entry(CORE + "ConfigMapVolumeSource", Set.of("localObjectReference")),
      Map.entry(CORE + "ConfigMapProjection", Set.of("localObjectReference")),
      Map.entry(CORE + "SecretEnvSource", Set.of("localObjectReference")),
      Map.entry(CORE + "SecretKeySelector", Set.of("localObjectReference")),
      Map.entry(CORE + "SecretProjection", Set.of("localObjectReference")));

  /** Message full name → protobuf field name → JSON name, where Kubernetes named them differently. */
  static final Map<String, Map<String, String>> RENAMED = Map.of(
      AUTHENTICATION + "BoundObjectReference", Map.of("uID", "uid"));

  private GoFieldRules() {}

  static String jsonName(FieldDescriptor field) {
    Map<String, String> renames = RENAMED.get(field.getContainingType().getFullName());
    return renames == null ? field.getName() : renames.getOrDefault(field.getName(), field.getName());
  }

  static boolean isPointer(FieldDescriptor field) {
    return contains(POINTER_SCALARS, field);
  }

  static boolean isInline(FieldDescriptor field) {
    return contains(INLINE, field);
  }

  private static boolean contains(Map<String, Set<String>> table, FieldDescriptor field) {
    Set<String> names = table.get(field.getContainingType().getFullName());
    return names != null && names.contains(field.getName());
  }
}
