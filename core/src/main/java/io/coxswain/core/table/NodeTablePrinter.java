package io.coxswain.core.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.TableColumn;
import io.coxswain.core.TablePrinter;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The columns `kubectl get nodes` shows. */
public final class NodeTablePrinter implements TablePrinter {
  private static final String ROLE_LABEL_PREFIX = "node-role.kubernetes.io/";
  private static final String LEGACY_ROLE_LABEL = "kubernetes.io/role";
  private static final String ADDRESSES_DESCRIPTION =
      "List of addresses reachable to the node. Queried from cloud provider, if available.";

  private static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.nameColumn(),
          TableColumn.of("Status", "string", "The status of the node"),
          TableColumn.of("Roles", "string", "The roles of the node"),
          TableColumn.ageColumn(),
          TableColumn.of("Version", "string", "Kubelet Version reported by the node."),
          TableColumn.wide("Internal-IP", "string", ADDRESSES_DESCRIPTION),
          TableColumn.wide("External-IP", "string", ADDRESSES_DESCRIPTION),
          TableColumn.wide("OS-Image", "string", "OS Image reported by the node."),
          TableColumn.wide("Kernel-Version", "string", "Kernel Version reported by the node."),
          TableColumn.wide("Container-Runtime", "string",
              "ContainerRuntime Version reported by the node through runtime remote API."));

  @Override
  public List<TableColumn> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(ObjectNode obj, Instant now) {
    JsonNode info = obj.path("status").path("nodeInfo");
    return List.of(
        Fields.text(obj, "metadata", "name"),
        status(obj),
        roles(obj),
        Ages.since(obj, now),
        Fields.text(info, "kubeletVersion"),
        address(obj, "InternalIP"),
        address(obj, "ExternalIP"),
        orUnknown(Fields.text(info, "osImage")),
        orUnknown(Fields.text(info, "kernelVersion")),
        orUnknown(Fields.text(info, "containerRuntimeVersion")));
  }

  /** "Ready", "NotReady" (False or Unknown), "Unknown" (no Ready condition), then cordoning. */
  static String status(JsonNode node) {
    String status = "Unknown";
    for (JsonNode c : Fields.items(node, "status", "conditions")) {
      // Later duplicates win, as they would in Kubernetes' condition map.
      if (Fields.text(c, "type").equals("Ready")) {
        status = Fields.text(c, "status").equals("True") ? "Ready" : "NotReady";
      }
    }
    return Fields.bool(node, "spec", "unschedulable") ? status + ",SchedulingDisabled" : status;
  }

  /** Sorted roles from node-role.kubernetes.io/ROLE and kubernetes.io/role=ROLE labels. */
  static String roles(JsonNode node) {
    SortedSet<String> roles = new TreeSet<>();
    JsonNode labels = node.path("metadata").path("labels");
    if (labels.isObject()) {
      labels.fields().forEachRemaining(e -> {
        String key = e.getKey();
        if (key.startsWith(ROLE_LABEL_PREFIX)) {
          String role = key.substring(ROLE_LABEL_PREFIX.length());
          if (!role.isEmpty()) roles.add(role);
        } else if (key.equals(LEGACY_ROLE_LABEL) && e.getValue().isTextual()
            && !e.getValue().asText().isEmpty()) {
          roles.add(e.getValue().asText());
        }
      });
    }
    return roles.isEmpty() ? "<none>" : String.join(",", roles);
  }

  private static String address(JsonNode node, String type) {
    for (JsonNode a : Fields.items(node, "status", "addresses")) {
      if (Fields.text(a, "type").equals(type)) return Fields.text(a, "address");
    }
    return "<none>";
  }

  private static String orUnknown(String s) {
    return s.isEmpty() ? "<unknown>" : s;
  }
}
