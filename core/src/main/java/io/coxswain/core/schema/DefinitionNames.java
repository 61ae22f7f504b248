package io.coxswain.core.schema;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes definition name of a client model class: {@code V1PodSpec} becomes
 * {@code io.k8s.api.core.v1.PodSpec}, {@code V1Deployment} {@code io.k8s.api.apps.v1.Deployment}.
 * The class name gives the version and the type name; the group comes from a group prefix in the
 * name ({@code DiscoveryV1EndpointPort}), the meta types, or the table of non-core types below.
 */
final class DefinitionNames {
  static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
  static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
  static final String TIME = META + "Time";
  static final String MICRO_TIME = META + "MicroTime";
  static final String FIELDS_V1 = META + "FieldsV1";
  static final String PATCH = META + "Patch";

  private static final Pattern MODEL_NAME =
      Pattern.compile("^([A-Z][a-z]+)?(V\\d+(?:alpha\\d+|beta\\d+)?)([A-Z]\\w*)$");

  /** Types of k8s.io/apimachinery/pkg/apis/meta. */
  private static final Set<String> META_TYPES =
      Set.of(
          "ObjectMeta", "ListMeta", "OwnerReference", "ManagedFieldsEntry", "LabelSelector",
          "LabelSelectorRequirement", "Condition", "Status", "StatusDetails", "StatusCause",
          "DeleteOptions", "Preconditions", "WatchEvent", "APIResource", "APIResourceList",
          "APIGroup", "APIGroupList", "APIVersions", "GroupVersionForDiscovery",
          "ServerAddressByClientCIDR");

  /** Types outside the core group that carry no group prefix in their class name. */
  private static final Map<String, String> GROUP_OF_TYPE =
      Map.ofEntries(
          Map.entry("Deployment", "apps"),
          Map.entry("DeploymentList", "apps"),
          Map.entry("DeploymentSpec", "apps"),
          Map.entry("DeploymentStatus", "apps"),
          Map.entry("DeploymentStrategy", "apps"),
          Map.entry("DeploymentCondition", "apps"),
          Map.entry("RollingUpdateDeployment", "apps"),
          Map.entry("ReplicaSet", "apps"),
          Map.entry("ReplicaSetList", "apps"),
          Map.entry("ReplicaSetSpec", "apps"),
          Map.entry("ReplicaSetStatus", "apps"),
          Map.entry("ReplicaSetCondition", "apps"),
          Map.entry("EndpointSlice", "discovery.k8s.io"),
          Map.entry("EndpointSliceList", "discovery.k8s.io"),
          Map.entry("Endpoint", "discovery.k8s.io"),
          Map.entry("EndpointConditions", "discovery.k8s.io"),
          Map.entry("EndpointHints", "discovery.k8s.io"),
          Map.entry("ForZone", "discovery.k8s.io"),
          Map.entry("ForNode", "discovery.k8s.io"),
          Map.entry("Lease", "coordination.k8s.io"),
          Map.entry("LeaseList", "coordination.k8s.io"),
          Map.entry("LeaseSpec", "coordination.k8s.io"),
          Map.entry("IPAddress", "networking.k8s.io"),
          Map.entry("IPAddressList", "networking.k8s.io"),
          Map.entry("IPAddressSpec", "networking.k8s.io"),
          Map.entry("ParentReference", "networking.k8s.io"),
          Map.entry("Scale", "autoscaling"),
          Map.entry("ScaleSpec", "autoscaling"),
          Map.entry("ScaleStatus", "autoscaling"));

  private DefinitionNames() {}

  /** The definition name of a generated model class, or null when the name has no version. */
  static String ofModel(Class<?> model) {
    Matcher m = MODEL_NAME.matcher(model.getSimpleName());
    if (!m.matches()) {
      return null;
    }
    String prefix = m.group(1);
    String version = m.group(2).toLowerCase(java.util.Locale.ROOT);
    String type = m.group(3);
    if (prefix == null && META_TYPES.contains(type)) {
      return META.replace(".v1.", "." + version + ".") + type;
    }
    String group =
        prefix != null ? prefix.toLowerCase(java.util.Locale.ROOT) : GROUP_OF_TYPE.getOrDefault(type, "");
    return "io.k8s.api." + packageOf(group) + "." + version + "." + type;
  }

  /** The Go package name of an API group: "" is core, "discovery.k8s.io" is discovery. */
  static String packageOf(String group) {
    if (group.isEmpty()) {
      return "core";
    }
    int dot = group.indexOf('.');
    return dot < 0 ? group : group.substring(0, dot);
  }

  /** The last segment of a definition name: its type name. */
  static String simpleName(String definitionName) {
    return definitionName.substring(definitionName.lastIndexOf('.') + 1);
  }
}
