package io.coxswain.core.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.TableColumn;
import io.coxswain.core.TablePrinter;
import java.time.Instant;
import java.util.List;

/** The columns `kubectl get namespaces` shows. */
public final class NamespaceTablePrinter implements TablePrinter {
  private static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.nameColumn(),
          TableColumn.of("Status", "string", "The status of the namespace"),
          TableColumn.ageColumn());

  @Override
  public List<TableColumn> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(ObjectNode obj, Instant now) {
    String phase = Fields.text(obj, "status", "phase");
    return List.of(
        Fields.text(obj, "metadata", "name"),
        // The API server defaults an unset phase to Active.
        phase.isEmpty() ? "Active" : phase,
        Ages.since(obj, now));
  }
}
