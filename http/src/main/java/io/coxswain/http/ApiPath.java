package io.coxswain.http;

import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.StatusException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A parsed Kubernetes resource path: {@code /api/v1[/namespaces/{ns}]/{resource}[/{name}[/{sub}]]}
 * or the same under {@code /apis/{group}/{version}}.
 *
 * @param namespace null when the path names no namespace (cluster-scoped kinds, or all namespaces)
 * @param name null for collection paths
 * @param subresource null for the object itself
 */
public record ApiPath(RegisteredKind kind, String namespace, String name, String subresource) {

  public boolean isCollection() {
    return name == null;
  }

  /** Parses a resource path; empty when the path is not one (discovery and the like). */
  public static Optional<ApiPath> parse(String path, ResourceRegistry registry) {
    List<String> seg = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    String group;
    String version;
    int i;
    if (seg.size() >= 3 && seg.get(0).equals("api")) {
      group = "";
      version = seg.get(1);
      i = 2;
    } else if (seg.size() >= 4 && seg.get(0).equals("apis")) {
      group = seg.get(1);
      version = seg.get(2);
      i = 3;
    } else {
      return Optional.empty();
    }
    List<String> rest = seg.subList(i, seg.size());
    String namespace = null;
    // namespaces/{ns}/{resource}... addresses objects inside a namespace; namespaces/{ns}[/status]
    // addresses the Namespace itself.
    if (rest.size() >= 3 && rest.get(0).equals("namespaces") && !isNamespaceSubresource(rest.get(2), rest.size())) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (rest.isEmpty() || rest.size() > 3) throw notFound(path);
    RegisteredKind kind = registry.byResource(group, version, rest.get(0)).orElseThrow(() -> notFound(path));
    if (namespace != null && !kind.type().namespaced()) throw notFound(path);
    String name = rest.size() > 1 ? rest.get(1) : null;
    String sub = rest.size() > 2 ? rest.get(2) : null;
    if (sub != null && !isServedSubresource(kind, sub)) throw notFound(path);
    return Optional.of(new ApiPath(kind, namespace, name, sub));
  }

  private static boolean isNamespaceSubresource(String segment, int size) {
    return size == 3 && (segment.equals("status") || segment.equals("finalize"));
  }

  private static boolean isServedSubresource(RegisteredKind kind, String sub) {
    return (sub.equals("status") && kind.type().hasStatus()) || (sub.equals("scale") && kind.type().hasScale())
        || (isPods(kind) && (sub.equals("log") || sub.equals("exec") || sub.equals("portforward")
            || sub.equals("binding") || sub.equals("eviction")));
  }

  private static boolean isPods(RegisteredKind kind) {
    return kind.type().group().isEmpty() && kind.type().plural().equals("pods");
  }

  /** pods/{name}/log, exec or portforward: served by the pod's node agent, not by its entity. */
  public boolean isPodStream() {
    return isPods(kind) && name != null
        && ("log".equals(subresource) || "exec".equals(subresource) || "portforward".equals(subresource));
  }

  /** pods/{name}/binding or pods/{name}/eviction: a one-off action on the pod's entity. */
  public boolean isPodAction() {
    return isPods(kind) && name != null && ("binding".equals(subresource) || "eviction".equals(subresource));
  }

  private static StatusException notFound(String path) {
    return StatusException.of(404, "NotFound", "the server could not find the requested resource (" + path + ")");
  }
}
