package io.coxswain.http.discovery;

import java.util.List;

/**
 * An API group the server answers itself rather than from stored kinds (such as the audit API):
 * what discovery lists for it. Its resources are read-only views, so they list only the verbs
 * they answer.
 */
public record ServedGroup(String group, String version, List<Resource> resources) {
  public record Resource(String name, String singularName, String kind, boolean namespaced, List<String> verbs) {}

  public String groupVersion() {
    return group + "/" + version;
  }
}
