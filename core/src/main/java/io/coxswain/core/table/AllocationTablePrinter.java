package io.coxswain.core.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.TableColumn;
import io.coxswain.core.TablePrinter;
import io.coxswain.core.kinds.ParentReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns `kubectl get ipaddresses` shows (NAME, PARENTREF, as Kubernetes prints them), and
 * the same for node port allocations, which add AGE.
 */
public final class AllocationTablePrinter implements TablePrinter {
  private final List<TableColumn> columns;

  private AllocationTablePrinter(boolean withAge) {
    List<TableColumn> cols = new ArrayList<>();
    cols.add(TableColumn.nameColumn());
    cols.add(TableColumn.of("ParentRef", "string",
        "ParentRef references the resource that an IPAddress is attached to."));
    if (withAge) cols.add(TableColumn.ageColumn());
    this.columns = List.copyOf(cols);
  }

  public static AllocationTablePrinter ipAddresses() {
    return new AllocationTablePrinter(false);
  }

  public static AllocationTablePrinter nodePorts() {
    return new AllocationTablePrinter(true);
  }

  @Override
  public List<TableColumn> columns() {
    return columns;
  }

  @Override
  public List<Object> cells(ObjectNode obj, Instant now) {
    ParentReference ref = ParentReference.of(obj);
    List<Object> cells = new ArrayList<>();
    cells.add(Fields.text(obj, "metadata", "name"));
    cells.add(ref == null ? "<none>" : ref.toString());
    if (columns.size() > 2) cells.add(Ages.since(obj, now));
    return cells;
  }
}
