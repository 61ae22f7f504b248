package io.coxswain.cli.audit;

/**
 * An object or a kind as the audit commands name it: {@code RESOURCE}, {@code RESOURCE/NAME}
 * (namespace from -n) or {@code RESOURCE/NAMESPACE/NAME}; the resource as kubectl names it
 * (pods, deploy, deployments.apps). The server ignores a namespace for cluster-scoped kinds, as
 * kubectl does.
 */
record ObjectReference(String resource, String namespace, String name) {
  static ObjectReference parse(String text, String namespaceOption, boolean allNamespaces) {
    String[] parts = text.split("/", -1);
    for (String p : parts) {
      if (p.isEmpty()) throw new AuditFailure("\"" + text + "\": give RESOURCE, RESOURCE/NAME or RESOURCE/NAMESPACE/NAME");
    }
    String namespace = allNamespaces ? null : namespaceOption;
    return switch (parts.length) {
      case 1 -> new ObjectReference(parts[0], namespace, null);
      case 2 -> new ObjectReference(parts[0], namespaceOption, parts[1]);
      case 3 -> new ObjectReference(parts[0], parts[1], parts[2]);
      default -> throw new AuditFailure("\"" + text + "\": give RESOURCE, RESOURCE/NAME or RESOURCE/NAMESPACE/NAME");
    };
  }

  /** The path of {@code view} for this reference under the audit group. */
  String path(String view) {
    return AuditClient.path(namespace, view + "/" + resource + (name == null ? "" : "/" + name));
  }
}
