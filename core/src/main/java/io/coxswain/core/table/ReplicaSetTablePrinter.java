package io.coxswain.core.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.TableColumn;
import io.coxswain.core.TablePrinter;
import java.time.Instant;
import java.util.List;

/** The columns `kubectl get replicasets` shows. */
public final class ReplicaSetTablePrinter implements TablePrinter {
  private static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.nameColumn(),
          TableColumn.of("Desired", "integer",
              "Replicas is the number of desired replicas. This is a pointer to distinguish between "
                  + "explicit zero and unspecified. Defaults to 1."),
          TableColumn.of("Current", "integer",
              "Replicas is the most recently observed number of replicas."),
          TableColumn.of("Ready", "integer",
              "readyReplicas is the number of pods targeted by this ReplicaSet with a Ready "
                  + "Condition."),
          TableColumn.ageColumn(),
          TableColumn.wide("Containers", "string", ContainerCells.CONTAINERS_DESCRIPTION),
          TableColumn.wide("Images", "string", ContainerCells.IMAGES_DESCRIPTION),
          TableColumn.wide("Selector", "string",
              "Selector is a label query over pods that should match the replica count. Label keys "
                  + "and values that must match in order to be controlled by this replica set."));

  @Override
  public List<TableColumn> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(ObjectNode obj, Instant now) {
    JsonNode spec = obj.path("spec");
    JsonNode podSpec = spec.path("template").path("spec");
    return List.of(
        Fields.text(obj, "metadata", "name"),
        desiredReplicas(spec),
        Fields.integer(obj, "status", "replicas"),
        Fields.integer(obj, "status", "readyReplicas"),
        Ages.since(obj, now),
        ContainerCells.names(podSpec),
        ContainerCells.images(podSpec),
        LabelSelectorFormatter.format(spec.path("selector")));
  }

  /** spec.replicas, which the API server defaults to 1 when unset. */
  static long desiredReplicas(JsonNode spec) {
    JsonNode replicas = spec.path("replicas");
    return replicas.isNumber() ? replicas.asLong() : 1L;
  }
}
