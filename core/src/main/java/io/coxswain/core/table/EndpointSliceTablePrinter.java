package io.coxswain.core.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.TableColumn;
import io.coxswain.core.TablePrinter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The columns `kubectl get endpointslices` shows. */
public final class EndpointSliceTablePrinter implements TablePrinter {
  private static final int SHOWN = 3;

  private static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.nameColumn(),
          TableColumn.of("AddressType", "string",
              "addressType specifies the type of address carried by this EndpointSlice. All "
                  + "addresses in this slice must be the same type. This field is immutable after "
                  + "creation."),
          TableColumn.of("Ports", "string",
              "ports specifies the list of network ports exposed by each endpoint in this slice. "
                  + "Each port must have a unique name. When ports is empty, it indicates that there "
                  + "are no defined ports. When a port is defined with a nil port value, it "
                  + "indicates \"all ports\". Each slice may include a maximum of 100 ports."),
          TableColumn.of("Endpoints", "string",
              "endpoints is a list of unique endpoints in this slice. Each slice may include a "
                  + "maximum of 1000 endpoints."),
          TableColumn.ageColumn());

  @Override
  public List<TableColumn> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(ObjectNode obj, Instant now) {
    return List.of(
        Fields.text(obj, "metadata", "name"),
        Fields.text(obj, "addressType"),
        ports(obj),
        endpoints(obj),
        Ages.since(obj, now));
  }

  /** Port numbers, else port names, else "*" (all ports). */
  static String ports(JsonNode slice) {
    List<String> values = new ArrayList<>();
    for (JsonNode p : Fields.items(slice, "ports")) {
      if (p.path("port").isNumber()) {
        values.add(Long.toString(Fields.integer(p, "port")));
      } else if (p.path("name").isTextual()) {
        values.add(Fields.text(p, "name"));
      } else {
        values.add("*");
      }
    }
    return firstThree(values);
  }

  static String endpoints(JsonNode slice) {
    List<String> addresses = new ArrayList<>();
    for (JsonNode e : Fields.items(slice, "endpoints")) {
      for (JsonNode a : Fields.items(e, "addresses")) {
        addresses.add(Fields.text(a));
      }
    }
    return firstThree(addresses);
  }

  private static String firstThree(List<String> values) {
    String joined = String.join(",", values.subList(0, Math.min(SHOWN, values.size())));
    if (values.size() > SHOWN) return joined + " + " + (values.size() - SHOWN) + " more...";
    return joined.isEmpty() ? "<unset>" : joined;
  }
}
