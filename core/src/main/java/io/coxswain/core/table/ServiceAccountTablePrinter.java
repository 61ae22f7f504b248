package io.coxswain.core.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.TableColumn;
import io.coxswain.core.TablePrinter;
import java.time.Instant;
import java.util.List;

/** The columns `kubectl get serviceaccounts` shows. */
public final class ServiceAccountTablePrinter implements TablePrinter {
  private static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.nameColumn(),
          TableColumn.of("Secrets", "string",
              "Secrets is a list of the secrets in the same namespace that pods running using this "
                  + "ServiceAccount are allowed to use."),
          TableColumn.ageColumn());

  @Override
  public List<TableColumn> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(ObjectNode obj, Instant now) {
    long secrets = Fields.items(obj, "secrets").size();
    return List.of(Fields.text(obj, "metadata", "name"), secrets, Ages.since(obj, now));
  }
}
