package io.coxswain.http.audit;

import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed audit path under {@code /apis/audit.coxswain.io/v1}, optionally inside
 * {@code namespaces/{ns}}: {@code changes}, {@code histories/{resource}/{name}} or
 * {@code states/{resource}[/{name}]}. The resource is named as kubectl names it: plural, singular,
 * kind or short name, group-qualified when ambiguous ({@code deployments.apps}).
 *
 * @param type the kind the path names; null for the timeline
 * @param namespace null when the path names none (cluster-scoped kinds, or every namespace)
 * @param name null for a whole kind
 */
public record AuditPath(View view, ResourceType type, String namespace, String name) {
  public static final String GROUP = "audit.coxswain.io";
  public static final String VERSION = "v1";
  public static final String PREFIX = "/apis/" + GROUP + "/" + VERSION;

  public enum View {
    CHANGES("changes"), HISTORIES("histories"), STATES("states");

    final String resource;

    View(String resource) {
      this.resource = resource;
    }
  }

  /** The path parsed, or empty when it is not under the audit group version. */
  public static Optional<AuditPath> parse(String path, ResourceRegistry registry) {
    if (!path.startsWith(PREFIX + "/")) return Optional.empty();
    List<String> all = Arrays.stream(path.substring(PREFIX.length()).split("/")).filter(s -> !s.isEmpty()).toList();
    boolean inNamespace = all.size() >= 3 && all.get(0).equals("namespaces");
    String namespace = inNamespace ? all.get(1) : null;
    List<String> seg = inNamespace ? all.subList(2, all.size()) : all;
    if (seg.isEmpty()) throw notFound(path);
    View view = Arrays.stream(View.values()).filter(v -> v.resource.equals(seg.get(0))).findFirst()
        .orElseThrow(() -> notFound(path));
    List<String> rest = seg.subList(1, seg.size());
    return Optional.of(switch (view) {
      case CHANGES -> {
        if (!rest.isEmpty()) throw notFound(path);
        yield new AuditPath(view, null, namespace, null);
      }
      case HISTORIES -> {
        if (rest.size() != 2) {
          throw StatusException.badRequest("a history is read at " + PREFIX + "[/namespaces/NAMESPACE]/histories/RESOURCE/NAME, "
              + "for example " + PREFIX + "/namespaces/default/histories/pods/web-1");
        }
        ResourceType type = resolve(rest.get(0), registry);
        String ns = scoped(type, namespace);
        if (type.namespaced() && ns == null) {
          throw StatusException.badRequest(type.qualifiedResource() + " are namespaced: read the history at "
              + PREFIX + "/namespaces/NAMESPACE/histories/" + rest.get(0) + "/" + rest.get(1));
        }
        yield new AuditPath(view, type, ns, rest.get(1));
      }
      case STATES -> {
        if (rest.isEmpty() || rest.size() > 2) {
          throw StatusException.badRequest("a state is read at " + PREFIX + "[/namespaces/NAMESPACE]/states/RESOURCE[/NAME]"
              + "?time=RFC3339 or ?resourceVersion=N");
        }
        ResourceType type = resolve(rest.get(0), registry);
        String ns = scoped(type, namespace);
        if (rest.size() == 2 && type.namespaced() && ns == null) {
          throw StatusException.badRequest(type.qualifiedResource() + " are namespaced: read the state at "
              + PREFIX + "/namespaces/NAMESPACE/states/" + rest.get(0) + "/" + rest.get(1));
        }
        yield new AuditPath(view, type, ns, rest.size() == 2 ? rest.get(1) : null);
      }
    });
  }

  /** What the access check is told about this request. */
  AuditAccess.AuditRequest request(String filteredResource) {
    String resource = type != null ? type.qualifiedResource() : filteredResource;
    return new AuditAccess.AuditRequest(view.resource, resource, namespace);
  }

  /** kubectl's leniency: a namespace given for a cluster-scoped kind is ignored. */
  private static String scoped(ResourceType type, String namespace) {
    return type.namespaced() ? namespace : null;
  }

  /**
   * The kind a resource name means: an exact group-qualified match first, then plural, singular,
   * kind or short name, which must name one kind only.
   */
  public static ResourceType resolve(String name, ResourceRegistry registry) {
    String n = name.toLowerCase(Locale.ROOT);
    List<ResourceType> types = registry.kinds().stream().map(RegisteredKind::type).toList();
    for (ResourceType t : types) {
      if (t.qualifiedResource().equals(n)) return t;
    }
    int dot = n.indexOf('.');
    String bare = dot < 0 ? n : n.substring(0, dot);
    String group = dot < 0 ? null : n.substring(dot + 1);
    List<ResourceType> matches = types.stream()
        .filter(t -> group == null || t.group().equals(group))
        .filter(t -> t.plural().equals(bare) || t.singular().equals(bare) || t.kind().toLowerCase(Locale.ROOT).equals(bare)
            || t.shortNames().contains(bare))
        .toList();
    if (matches.size() == 1) return matches.get(0);
    if (matches.isEmpty()) {
      throw StatusException.of(404, "NotFound", "the server doesn't have a resource type \"" + name + "\"");
    }
    throw StatusException.badRequest("\"" + name + "\" names more than one resource ("
        + String.join(", ", matches.stream().map(ResourceType::qualifiedResource).toList()) + "): name it with its group");
  }

  private static StatusException notFound(String path) {
    return StatusException.of(404, "NotFound", "the server could not find the requested resource (" + path
        + "); the audit API serves changes, histories/RESOURCE/NAME and states/RESOURCE[/NAME]");
  }
}
