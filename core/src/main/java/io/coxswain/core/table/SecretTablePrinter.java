package io.coxswain.core.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.TableColumn;
import io.coxswain.core.TablePrinter;
import java.time.Instant;
import java.util.List;

/** The columns `kubectl get secrets` shows. */
public final class SecretTablePrinter implements TablePrinter {
  @Override
  public List<TableColumn> columns() {
    return List.of(TableColumn.nameColumn(), TableColumn.ageColumn());
  }

  @Override
  public List<Object> cells(ObjectNode obj, Instant now) {
    return List.of(io.coxswain.core.Metadata.name(obj), Ages.since(obj, now));
  }
}
