package io.coxswain.core.schema;

import java.util.Map;

/**
 * Strategic-merge-patch directives of the Kubernetes types (their Go struct tags
 * {@code patchStrategy} and {@code patchMergeKey}), which the client models do not carry. kubectl
 * computes apply patches from these when the OpenAPI document offers them, so a missing entry makes
 * it replace a list it should merge.
 */
final class PatchDirectives {
  record Directive(String strategy, String mergeKey) {}

  private static final Directive MERGE_BY_NAME = new Directive("merge", "name");
  private static final Directive MERGE_BY_TYPE = new Directive("merge", "type");
  private static final Directive MERGE_BY_IP = new Directive("merge", "ip");
  private static final Directive MERGE_SET = new Directive("merge", null);

  /** Keyed by "DefinitionTypeName.jsonField". */
  private static final Map<String, Directive> BY_FIELD =
      Map.ofEntries(
          Map.entry("ObjectMeta.finalizers", MERGE_SET),
          Map.entry("ObjectMeta.ownerReferences", new Directive("merge", "uid")),
          Map.entry("PodSpec.volumes", new Directive("merge,retainKeys", "name")),
          Map.entry("PodSpec.initContainers", MERGE_BY_NAME),
          Map.entry("PodSpec.containers", MERGE_BY_NAME),
          Map.entry("PodSpec.ephemeralContainers", MERGE_BY_NAME),
          Map.entry("PodSpec.imagePullSecrets", MERGE_BY_NAME),
          Map.entry("PodSpec.hostAliases", MERGE_BY_IP),
          Map.entry("PodSpec.topologySpreadConstraints", new Directive("merge", "topologyKey")),
          Map.entry("PodSpec.resourceClaims", new Directive("merge,retainKeys", "name")),
          Map.entry("PodSpec.schedulingGates", MERGE_BY_NAME),
          Map.entry("Container.ports", new Directive("merge", "containerPort")),
          Map.entry("Container.env", MERGE_BY_NAME),
          Map.entry("Container.volumeMounts", new Directive("merge", "mountPath")),
          Map.entry("Container.volumeDevices", new Directive("merge", "devicePath")),
          Map.entry("EphemeralContainer.ports", new Directive("merge", "containerPort")),
          Map.entry("EphemeralContainer.env", MERGE_BY_NAME),
          Map.entry("EphemeralContainer.volumeMounts", new Directive("merge", "mountPath")),
          Map.entry("EphemeralContainer.volumeDevices", new Directive("merge", "devicePath")),
          Map.entry("PodStatus.conditions", MERGE_BY_TYPE),
          Map.entry("PodStatus.podIPs", MERGE_BY_IP),
          Map.entry("PodStatus.hostIPs", MERGE_BY_IP),
          Map.entry("PodStatus.resourceClaimStatuses", new Directive("merge,retainKeys", "name")),
          Map.entry("NodeSpec.podCIDRs", MERGE_SET),
          Map.entry("NodeStatus.conditions", MERGE_BY_TYPE),
          Map.entry("NodeStatus.addresses", MERGE_BY_TYPE),
          Map.entry("NamespaceStatus.conditions", MERGE_BY_TYPE),
          Map.entry("ServiceSpec.ports", new Directive("merge", "port")),
          Map.entry("ServiceStatus.conditions", MERGE_BY_TYPE),
          Map.entry("ServiceAccount.secrets", MERGE_BY_NAME),
          Map.entry("DeploymentSpec.strategy", new Directive("retainKeys", null)),
          Map.entry("DeploymentStatus.conditions", MERGE_BY_TYPE),
          Map.entry("ReplicaSetStatus.conditions", MERGE_BY_TYPE));

  private PatchDirectives() {}

  /** The directive of a field, or null when the field is replaced whole. */
  static Directive of(String definitionName, String field) {
    return BY_FIELD.get(DefinitionNames.simpleName(definitionName) + "." + field);
  }
}
