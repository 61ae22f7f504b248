package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.watch.WatchCache;
import io.coxswain.core.Metadata;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.ResourceType;
import io.coxswain.core.controller.OwnerReferences;
import io.coxswain.core.kinds.EventStrategy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who owns what, across every kind the garbage collector tracks: the kinds' shared informers, each
 * indexed by the uids its objects name as owners. kube-controller-manager keeps a dependency graph
 * of its own; here the informers are that graph.
 */
final class OwnerGraph {
  /** Objects indexed by the uid of every owner they name, controller or not. */
  static final String BY_OWNER = "owner-uid";

  private final List<Informer> informers = new ArrayList<>();
  private final Map<String, Informer> byGroupKind = new HashMap<>();

  /** A dependent as found through the graph: the object and the informer of its kind. */
  record Dependent(Informer informer, ObjectNode object) {}

  OwnerGraph(Informers shared, ResourceRegistry registry) {
    for (RegisteredKind kind : registry.kinds()) {
      // Events neither own nor are owned in practice and are the most numerous kind, so the
      // garbage collector ignores them, as kube-controller-manager does by default.
      if (kind.type().equals(EventStrategy.TYPE)) continue;
      Informer informer = shared.get(kind.type(), BY_OWNER, OwnerGraph::ownerIndex);
      informers.add(informer);
      byGroupKind.put(kind.type().group() + "/" + kind.type().kind(), informer);
    }
  }

  static Collection<String> ownerIndex(ObjectNode obj) {
    return OwnerReferences.ownerUids(obj);
  }

  List<Informer> informers() {
    return informers;
  }

  /**
   * The informer of the kind an owner reference names (any version of its group), or null when
   * this server does not serve that kind.
   */
  Informer ownerInformer(JsonNode ref) {
    String apiVersion = ref.path("apiVersion").asText("");
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    return byGroupKind.get(group + "/" + ref.path("kind").asText(""));
  }

  /**
   * The informer key of the owner a reference names: owners of a namespaced kind live in their
   * dependent's namespace; cluster-scoped ones have none.
   */
  static String ownerKey(ResourceType ownerType, JsonNode ref, String dependentNamespace) {
    return WatchCache.key(ownerType.namespaced() ? dependentNamespace : null, ref.path("name").asText(""));
  }

  /** Every tracked object, of any kind, that names {@code uid} as an owner. */
  List<Dependent> dependents(String uid) {
    List<Dependent> out = new ArrayList<>();
    for (Informer informer : informers) {
      for (ObjectNode obj : informer.byIndex(BY_OWNER, uid)) out.add(new Dependent(informer, obj));
    }
    return out;
  }

  boolean hasDependents(String uid) {
    for (Informer informer : informers) {
      if (!informer.byIndex(BY_OWNER, uid).isEmpty()) return true;
    }
    return false;
  }

  /** The object's owner reference to {@code uid}, or null. */
  static JsonNode referenceTo(JsonNode obj, String uid) {
    for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
      if (uid.equals(ref.path("uid").asText())) return ref;
    }
    return null;
  }

  static String key(JsonNode obj) {
    return WatchCache.key(Metadata.namespace(obj), Metadata.name(obj));
  }
}
