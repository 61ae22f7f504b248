package io.coxswain.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** The columns `kubectl get` shows for a kind, computed by the server as Kubernetes' printers do. */
public interface TablePrinter {
  List<TableColumn> columns();

  /** One cell per column, in order: String, Long/Integer or null. */
  List<Object> cells(ObjectNode obj, Instant now);
}
