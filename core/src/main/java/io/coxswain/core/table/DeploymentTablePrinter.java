package io.coxswain.core.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.TableColumn;
import io.coxswain.core.TablePrinter;
import java.time.Instant;
import java.util.List;

/** The columns `kubectl get deployments` shows. */
public final class DeploymentTablePrinter implements TablePrinter {
  private static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.nameColumn(),
          TableColumn.of("Ready", "string", "Number of the pod with ready state"),
          TableColumn.of("Up-to-date", "string",
              "Total number of non-terminated pods targeted by this deployment that have the "
                  + "desired template spec."),
          TableColumn.of("Available", "string",
              "Total number of available pods (ready for at least minReadySeconds) targeted by this "
                  + "deployment."),
          TableColumn.ageColumn(),
          TableColumn.wide("Containers", "string", ContainerCells.CONTAINERS_DESCRIPTION),
          TableColumn.wide("Images", "string", ContainerCells.IMAGES_DESCRIPTION),
          TableColumn.wide("Selector", "string",
              "Label selector for pods. Existing ReplicaSets whose pods are selected by this will "
                  + "be the ones affected by this deployment."));

  @Override
  public List<TableColumn> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(ObjectNode obj, Instant now) {
    JsonNode spec = obj.path("spec");
    JsonNode podSpec = spec.path("template").path("spec");
    long ready = Fields.integer(obj, "status", "readyReplicas");
    return List.of(
        Fields.text(obj, "metadata", "name"),
        ready + "/" + ReplicaSetTablePrinter.desiredReplicas(spec),
        Fields.integer(obj, "status", "updatedReplicas"),
        Fields.integer(obj, "status", "availableReplicas"),
        Ages.since(obj, now),
        ContainerCells.names(podSpec),
        ContainerCells.images(podSpec),
        // Unlike ReplicaSets, Kubernetes prints an empty deployment selector as blank.
        LabelSelectorFormatter.asSelector(spec.path("selector")).orElse("<invalid>"));
  }
}
