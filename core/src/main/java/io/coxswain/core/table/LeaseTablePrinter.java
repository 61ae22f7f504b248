package io.coxswain.core.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.TableColumn;
import io.coxswain.core.TablePrinter;
import java.time.Instant;
import java.util.List;

/** The columns `kubectl get leases` shows. */
public final class LeaseTablePrinter implements TablePrinter {
  private static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.nameColumn(),
          TableColumn.of("Holder", "string",
              "holderIdentity contains the identity of the holder of a current lease."),
          TableColumn.ageColumn());

  @Override
  public List<TableColumn> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(ObjectNode obj, Instant now) {
    return List.of(
        Fields.text(obj, "metadata", "name"),
        Fields.text(obj, "spec", "holderIdentity"),
        Ages.since(obj, now));
  }
}
