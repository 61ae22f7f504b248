package io.coxswain.core;

import java.util.List;

/**
 * What the API knows about one kind: its group/version, names as discovery lists them, scope and
 * subresources. Pure data; behaviour lives in {@link KindStrategy}.
 */
public record ResourceType(
    String group,
    String version,
    String kind,
    String plural,
    String singular,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    boolean hasStatus,
    boolean hasScale) {

  /** "v1" for the core group, "apps/v1" otherwise. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public String listKind() {
    return kind + "List";
  }

  /** The group-qualified resource name Kubernetes uses in messages: "pods", "deployments.apps". */
  public String qualifiedResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** Base path of the group/version: "/api/v1" or "/apis/apps/v1". */
  public String groupVersionPath() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }
}
