package io.coxswain.http.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.ResourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The discovery bodies: {@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/{group}[/{version}]}
 * in their plain form (APIVersions, APIGroupList, APIGroup, APIResourceList), {@code /api} and
 * {@code /apis} in the aggregated form ({@code apidiscovery.k8s.io} APIGroupDiscoveryList), and
 * {@code /version}. kubectl asks for the aggregated form first; the Kubernetes Java client only reads
 * the plain one, so the route picks with {@link #aggregatedContentType(String)}.
 */
public final class DiscoveryDocuments {
  /** What every served kind allows, in the order kube-apiserver lists it. */
  static final List<String> KIND_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

  /** A subresource other than status and scale, as discovery lists it. */
  private record Action(String name, String group, String version, String kind, List<String> verbs) {}

  /** Pods' own subresources: kubectl drain looks for pods/eviction to decide between evicting and deleting. */
  private static final List<Action> POD_ACTIONS = List.of(
      new Action("binding", "", "v1", "Binding", List.of("create")),
      new Action("eviction", "policy", "v1", "Eviction", List.of("create")),
      new Action("exec", "", "v1", "PodExecOptions", List.of("create", "get")),
      new Action("log", "", "v1", "Pod", List.of("get")),
      new Action("portforward", "", "v1", "PodPortForwardOptions", List.of("create", "get")));

  private static List<Action> actions(ResourceType t) {
    return t.group().isEmpty() && t.plural().equals("pods") ? POD_ACTIONS : List.of();
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ResourceRegistry registry;
  private final List<ServedGroup> served;

  public DiscoveryDocuments(ResourceRegistry registry) {
    this(registry, List.of());
  }

  /** Discovery of the registry's kinds and of {@code served}, groups listed after the stored kinds' ones. */
  public DiscoveryDocuments(ResourceRegistry registry, List<ServedGroup> served) {
    this.registry = registry;
    this.served = List.copyOf(served);
  }

  // Plain discovery

  /** {@code GET /api}: APIVersions, naming the address clients reach this server at ("host:port"). */
  public ObjectNode apiVersions(String serverAddress) {
    ObjectNode out = NODES.objectNode().put("kind", "APIVersions");
    ArrayNode versions = out.putArray("versions");
    groupVersions().getOrDefault("", List.of()).forEach(versions::add);
    out.putArray("serverAddressByClientCIDRs").addObject()
        .put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
    return out;
  }

  /** {@code GET /apis}: APIGroupList of every named group. */
  public ObjectNode apiGroupList() {
    ObjectNode out = NODES.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = out.putArray("groups");
    groupVersions().forEach((group, versions) -> {
      if (!group.isEmpty()) {
        groups.add(apiGroupBody(group, versions));
      }
    });
    return out;
  }

  /** {@code GET /apis/{group}}: APIGroup; empty for a group that is not served. */
  public Optional<ObjectNode> apiGroup(String group) {
    List<String> versions = groupVersions().get(group);
    if (group.isEmpty() || versions == null) {
      return Optional.empty();
    }
    ObjectNode out = NODES.objectNode().put("kind", "APIGroup").put("apiVersion", "v1");
    out.setAll(apiGroupBody(group, versions));
    return Optional.of(out);
  }

  /**
   * {@code GET /api/v1} (group "") or {@code GET /apis/{group}/{version}}: APIResourceList with every
   * kind and its status and scale subresources; empty for a group version that is not served.
   */
  public Optional<ObjectNode> apiResourceList(String group, String version) {
    Optional<ServedGroup> own = served(group, version);
    if (own.isPresent()) {
      return Optional.of(servedResourceList(own.get()));
    }
    List<ResourceType> kinds = kinds(group, version);
    if (kinds.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode out = NODES.objectNode().put("kind", "APIResourceList");
    if (!group.isEmpty()) {
      out.put("apiVersion", "v1");
    }
    out.put("groupVersion", kinds.get(0).apiVersion());
    List<ObjectNode> resources = new ArrayList<>();
    for (ResourceType t : kinds) {
      ObjectNode r = NODES.objectNode()
          .put("name", t.plural())
          .put("singularName", t.singular())
          .put("namespaced", t.namespaced())
          .put("kind", t.kind());
      strings(r.putArray("verbs"), KIND_VERBS);
      if (!t.shortNames().isEmpty()) {
        strings(r.putArray("shortNames"), t.shortNames());
      }
      if (!t.categories().isEmpty()) {
        strings(r.putArray("categories"), t.categories());
      }
      r.put("storageVersionHash", storageVersionHash(t.group(), t.version(), t.kind()));
      resources.add(r);
      if (t.hasStatus()) {
        resources.add(subresource(t, "status", null, null, t.kind()));
      }
      if (t.hasScale()) {
        resources.add(subresource(t, "scale", "autoscaling", "v1", "Scale"));
      }
      for (Action a : actions(t)) {
        ObjectNode r2 = subresource(t, a.name(), a.group().isEmpty() ? null : a.group(), a.version(), a.kind());
        strings(r2.putArray("verbs"), a.verbs());
        resources.add(r2);
      }
    }
    resources.sort(Comparator.comparing(r -> r.path("name").asText()));
    resources.forEach(out.putArray("resources")::add);
    return Optional.of(out);
  }

  // Aggregated discovery

  /**
   * The Accept header's choice of aggregated discovery: the exact Content-Type to answer
   * {@code /api} and {@code /apis} with, or empty to answer the plain form.
   */
  public static Optional<String> aggregatedContentType(String acceptHeader) {
    return AggregatedDiscoveryNegotiation.contentType(acceptHeader);
  }

  /** {@code GET /api} in aggregated form; {@code contentType} is what {@link #aggregatedContentType} chose. */
  public ObjectNode aggregatedApi(String contentType) {
    return groupDiscoveryList(contentType, true);
  }

  /** {@code GET /apis} in aggregated form; {@code contentType} is what {@link #aggregatedContentType} chose. */
  public ObjectNode aggregatedApis(String contentType) {
    return groupDiscoveryList(contentType, false);
  }

  // Version

  /** {@code GET /version} with an unknown commit and build date. */
  public static ObjectNode version() {
    return version("0000000000000000000000000000000000000000", "1970-01-01T00:00:00Z");
  }

  /** {@code GET /version}: minor 32, so kubectl picks its 1.32 behaviour. */
  public static ObjectNode version(String gitCommit, String buildDate) {
    return NODES.objectNode()
        .put("major", "1")
        .put("minor", "32")
        .put("gitVersion", "v1.32.0-coxswain.1")
        .put("gitCommit", gitCommit)
        .put("gitTreeState", "clean")
        .put("buildDate", buildDate)
        .put("goVersion", "java" + Runtime.version().feature())
        .put("compiler", "pekko")
        .put("platform", platform());
  }

  private ObjectNode groupDiscoveryList(String contentType, boolean core) {
    String version = AggregatedDiscoveryNegotiation.versionOf(contentType);
    ObjectNode out = NODES.objectNode()
        .put("kind", "APIGroupDiscoveryList")
        .put("apiVersion", AggregatedDiscoveryNegotiation.GROUP + "/" + version);
    out.putObject("metadata");
    ArrayNode items = out.putArray("items");
    groupVersions().forEach((group, versions) -> {
      if (group.isEmpty() != core) {
        return;
      }
      ObjectNode item = items.addObject();
      Optional<ServedGroup> own = served(group, versions.get(0));
      if (own.isPresent()) {
        item.setAll(aggregatedServedGroup(own.get()));
        return;
      }
      ObjectNode metadata = item.putObject("metadata");
      if (!group.isEmpty()) {
        metadata.put("name", group);
      }
      metadata.putNull("creationTimestamp");
      ArrayNode versionsNode = item.putArray("versions");
      for (String v : versions) {
        ObjectNode versionNode = versionsNode.addObject().put("version", v);
        ArrayNode resources = versionNode.putArray("resources");
        kinds(group, v).stream()
            .sorted(Comparator.comparing(ResourceType::plural))
            .forEach(t -> resources.add(aggregatedResource(t)));
        versionNode.put("freshness", "Current");
      }
    });
    return out;
  }

  private static ObjectNode aggregatedResource(ResourceType t) {
    ObjectNode r = NODES.objectNode().put("resource", t.plural());
    r.set("responseKind", kindNode(t.group(), t.version(), t.kind()));
    r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
    r.put("singularResource", t.singular());
    strings(r.putArray("verbs"), KIND_VERBS);
    if (!t.shortNames().isEmpty()) {
      strings(r.putArray("shortNames"), t.shortNames());
    }
    if (!t.categories().isEmpty()) {
      strings(r.putArray("categories"), t.categories());
    }
    if (t.hasScale() || t.hasStatus() || !actions(t).isEmpty()) {
      ArrayNode subresources = r.putArray("subresources");
      for (Action a : actions(t)) {
        ObjectNode s = subresources.addObject().put("subresource", a.name());
        s.set("responseKind", kindNode(a.group(), a.version(), a.kind()));
        strings(s.putArray("verbs"), a.verbs());
      }
      if (t.hasScale()) {
        ObjectNode s = subresources.addObject().put("subresource", "scale");
        s.set("responseKind", kindNode("autoscaling", "v1", "Scale"));
        strings(s.putArray("verbs"), SUBRESOURCE_VERBS);
      }
      if (t.hasStatus()) {
        ObjectNode s = subresources.addObject().put("subresource", "status");
        s.set("responseKind", kindNode(t.group(), t.version(), t.kind()));
        strings(s.putArray("verbs"), SUBRESOURCE_VERBS);
      }
    }
    return r;
  }

  private static ObjectNode subresource(ResourceType t, String name, String group, String version, String kind) {
    ObjectNode r = NODES.objectNode()
        .put("name", t.plural() + "/" + name)
        .put("singularName", "")
        .put("namespaced", t.namespaced());
    if (group != null) {
      r.put("group", group).put("version", version);
    }
    r.put("kind", kind);
    strings(r.putArray("verbs"), SUBRESOURCE_VERBS);
    return r;
  }

  private static ObjectNode apiGroupBody(String group, List<String> versions) {
    ObjectNode g = NODES.objectNode().put("name", group);
    ArrayNode versionsNode = g.putArray("versions");
    for (String v : versions) {
      versionsNode.addObject().put("groupVersion", group + "/" + v).put("version", v);
    }
    g.putObject("preferredVersion").put("groupVersion", group + "/" + versions.get(0)).put("version", versions.get(0));
    return g;
  }

  /** Groups in the registry's order, core first, then the served groups, each with its versions, preferred first. */
  private Map<String, List<String>> groupVersions() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (RegisteredKind k : registry.kinds()) {
      List<String> versions = out.computeIfAbsent(k.type().group(), g -> new ArrayList<>());
      if (!versions.contains(k.type().version())) {
        versions.add(k.type().version());
      }
    }
    for (ServedGroup g : served) {
      List<String> versions = out.computeIfAbsent(g.group(), x -> new ArrayList<>());
      if (!versions.contains(g.version())) {
        versions.add(g.version());
      }
    }
    if (out.containsKey("")) {
      List<String> core = out.remove("");
      Map<String, List<String>> coreFirst = new LinkedHashMap<>();
      coreFirst.put("", core);
      coreFirst.putAll(out);
      return coreFirst;
    }
    return out;
  }

  private Optional<ServedGroup> served(String group, String version) {
    return served.stream().filter(g -> g.group().equals(group) && g.version().equals(version)).findFirst();
  }

  private static ObjectNode servedResourceList(ServedGroup g) {
    ObjectNode out = NODES.objectNode().put("kind", "APIResourceList").put("apiVersion", "v1");
    out.put("groupVersion", g.groupVersion());
    ArrayNode resources = out.putArray("resources");
    g.resources().stream().sorted(Comparator.comparing(ServedGroup.Resource::name)).forEach(r -> {
      ObjectNode node = resources.addObject()
          .put("name", r.name())
          .put("singularName", r.singularName())
          .put("namespaced", r.namespaced())
          .put("kind", r.kind());
      strings(node.putArray("verbs"), r.verbs());
    });
    return out;
  }

  private static ObjectNode aggregatedServedGroup(ServedGroup g) {
    ObjectNode item = NODES.objectNode();
    item.putObject("metadata").put("name", g.group()).putNull("creationTimestamp");
    ObjectNode versionNode = item.putArray("versions").addObject().put("version", g.version());
    ArrayNode resources = versionNode.putArray("resources");
    g.resources().stream().sorted(Comparator.comparing(ServedGroup.Resource::name)).forEach(r -> {
      ObjectNode node = resources.addObject().put("resource", r.name());
      node.set("responseKind", kindNode(g.group(), g.version(), r.kind()));
      node.put("scope", r.namespaced() ? "Namespaced" : "Cluster");
      node.put("singularResource", r.singularName());
      strings(node.putArray("verbs"), r.verbs());
    });
    versionNode.put("freshness", "Current");
    return item;
  }

  private List<ResourceType> kinds(String group, String version) {
    return registry.kinds().stream()
        .map(RegisteredKind::type)
        .filter(t -> t.group().equals(group) && t.version().equals(version))
        .toList();
  }

  private static ObjectNode kindNode(String group, String version, String kind) {
    return NODES.objectNode().put("group", group).put("version", version).put("kind", kind);
  }

  /**
   * kube-apiserver's storageVersionHash: the first 8 bytes of SHA-256 over "group/version/kind",
   * base64. Clients only compare it for change.
   */
  static String storageVersionHash(String group, String version, String kind) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((group + "/" + version + "/" + kind).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(digest, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String platform() {
    String os = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
    String goOs = os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "darwin" : os;
    String goArch = switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
    return goOs + "/" + goArch;
  }

  private static void strings(ArrayNode into, List<String> values) {
    values.forEach(into::add);
  }
}
