package io.coxswain.core.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.TableColumn;
import io.coxswain.core.TablePrinter;
import java.time.Instant;
import java.util.List;

/** The columns `kubectl get secrets` shows. */
public final class SecretTablePrinter implements TablePrinter {
  private static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.nameColumn(),
          TableColumn.of("Type", "string",
              "Used to facilitate programmatic handling of secret data. More info: "
                  + "https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
          TableColumn.of("Data", "string",
              "Data contains the secret data. Each key must consist of alphanumeric characters, "
                  + "'-', '_' or '.'. The serialized form of the secret data is a base64 encoded "
                  + "string, representing the arbitrary (possibly non-string) data value here."),
          TableColumn.ageColumn());

  @Override
  public List<TableColumn> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(ObjectNode obj, Instant now) {
    String type = Fields.text(obj, "type");
    // Only data counts, as in Kubernetes; stringData is merged into data on write.
    long entries = Fields.size(obj, "data");
    return List.of(
        Fields.text(obj, "metadata", "name"),
        // The API server defaults an unset type to Opaque.
        type.isEmpty() ? "Opaque" : type,
        entries,
        Ages.since(obj, now));
  }
}
