package io.coxswain.core.table;

import static io.coxswain.core.table.TestObjects.NOW;
import static io.coxswain.core.table.TestObjects.json;
import static io.coxswain.core.table.TestObjects.minutesAgo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coxswain.core.TableColumn;
import io.coxswain.core.TablePrinter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kinds whose rows are a name, a field or a count, and an age. */
class SimpleKindTablePrinterTest {
  private static final String META =
      "\"metadata\": {\"name\": \"x\", \"creationTimestamp\": \"" + minutesAgo(200) + "\"}";

  private static List<String> names(TablePrinter p) {
    return p.columns().stream().map(TableColumn::name).toList();
  }

  @Test
  void namespaceShowsPhase() {
    NamespaceTablePrinter p = new NamespaceTablePrinter();
    assertEquals(List.of("Name", "Status", "Age"), names(p));
    assertEquals(List.of("x", "Terminating", "3h20m"),
        p.cells(json("{" + META + ", \"status\": {\"phase\": \"Terminating\"}}"), NOW));
    assertEquals("Active", p.cells(json("{" + META + "}"), NOW).get(1));
  }

  @Test
  void configMapCountsDataAndBinaryData() {
    ConfigMapTablePrinter p = new ConfigMapTablePrinter();
    assertEquals(List.of("Name", "Data", "Age"), names(p));
    assertEquals(List.of("x", 3L, "3h20m"), p.cells(json("{" + META
        + ", \"data\": {\"a\": \"1\", \"b\": \"2\"}, \"binaryData\": {\"c\": \"AAE=\"}}"), NOW));
  }

  @Test
  void secretShowsTypeAndDataCount() {
    SecretTablePrinter p = new SecretTablePrinter();
    assertEquals(List.of("Name", "Type", "Data", "Age"), names(p));
    assertEquals(List.of("x", "kubernetes.io/tls", 2L, "3h20m"), p.cells(json("{" + META
        + ", \"type\": \"kubernetes.io/tls\", \"data\": {\"tls.crt\": \"\", \"tls.key\": \"\"}}"), NOW));
    assertEquals(List.of("x", "Opaque", 0L, "3h20m"), p.cells(json("{" + META + "}"), NOW));
  }

  @Test
  void serviceAccountCountsSecrets() {
    ServiceAccountTablePrinter p = new ServiceAccountTablePrinter();
    assertEquals(List.of("Name", "Secrets", "Age"), names(p));
    assertEquals(List.of("x", 1L, "3h20m"),
        p.cells(json("{" + META + ", \"secrets\": [{\"name\": \"x-token\"}]}"), NOW));
    assertEquals(0L, p.cells(json("{" + META + "}"), NOW).get(1));
  }

  @Test
  void leaseShowsHolder() {
    LeaseTablePrinter p = new LeaseTablePrinter();
    assertEquals(List.of("Name", "Holder", "Age"), names(p));
    assertEquals(List.of("x", "node-1", "3h20m"),
        p.cells(json("{" + META + ", \"spec\": {\"holderIdentity\": \"node-1\"}}"), NOW));
    assertEquals("", p.cells(json("{" + META + ", \"spec\": {}}"), NOW).get(1));
  }
}
