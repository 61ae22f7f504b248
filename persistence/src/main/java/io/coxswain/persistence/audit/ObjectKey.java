package io.coxswain.persistence.audit;

/**
 * The name an object's history is kept under: its group-qualified resource ("pods",
 * "deployments.apps"), namespace ("" for cluster-scoped kinds) and name. Every object ever stored
 * under this name, including ones deleted and created again, shares one persistenceId, so its
 * history is one event stream; the objects in it are told apart by uid.
 */
public record ObjectKey(String resource, String namespace, String name) {
  /** The separator the resource entities put between resource and entity id. */
  static final String SEPARATOR = "|";

  public ObjectKey {
    namespace = namespace == null ? "" : namespace;
  }

  /** The persistenceId the object's entity writes under: "pods|default/web-1", "nodes|node-1". */
  public String persistenceId() {
    return resource + SEPARATOR + (namespace.isEmpty() ? name : namespace + "/" + name);
  }

  /** The key a persistenceId names, or null when it is not an object's (another kind of entity). */
  public static ObjectKey ofPersistenceId(String persistenceId) {
    int bar = persistenceId.indexOf(SEPARATOR);
    if (bar <= 0) return null;
    String resource = persistenceId.substring(0, bar);
    String id = persistenceId.substring(bar + 1);
    int slash = id.indexOf('/');
    return slash < 0 ? new ObjectKey(resource, "", id) : new ObjectKey(resource, id.substring(0, slash), id.substring(slash + 1));
  }

  /**
   * The persistenceId prefix shared by every object of {@code resource} in {@code namespace}; a
   * null namespace means every namespace (and is the only choice for cluster-scoped kinds).
   */
  public static String prefix(String resource, String namespace) {
    return resource + SEPARATOR + (namespace == null || namespace.isEmpty() ? "" : namespace + "/");
  }
}
