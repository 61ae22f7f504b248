package io.coxswain.core.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.TableColumn;
import io.coxswain.core.TablePrinter;
import java.time.Instant;
import java.util.List;

/** The columns `kubectl get configmaps` shows. */
public final class ConfigMapTablePrinter implements TablePrinter {
  private static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.nameColumn(),
          TableColumn.of("Data", "string",
              "Data contains the configuration data. Each key must consist of alphanumeric "
                  + "characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the "
                  + "BinaryData field. The keys stored in Data must not overlap with the keys in the "
                  + "BinaryData field, this is enforced during validation process."),
          TableColumn.ageColumn());

  @Override
  public List<TableColumn> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(ObjectNode obj, Instant now) {
    long entries = Fields.size(obj, "data") + Fields.size(obj, "binaryData");
    return List.of(Fields.text(obj, "metadata", "name"), entries, Ages.since(obj, now));
  }
}
