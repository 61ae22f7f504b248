package io.coxswain.core.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.TableColumn;
import io.coxswain.core.TablePrinter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The columns `kubectl get endpoints` shows. */
public final class EndpointsTablePrinter implements TablePrinter {
  private static final int SHOWN = 3;

  private static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.nameColumn(),
          TableColumn.of("Endpoints", "string",
              "The set of all endpoints is the union of all subsets. Addresses are placed into "
                  + "subsets according to the IPs they share. Sets of addresses and ports that "
                  + "comprise a service."),
          TableColumn.ageColumn());

  @Override
  public List<TableColumn> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(ObjectNode obj, Instant now) {
    return List.of(Fields.text(obj, "metadata", "name"), endpoints(obj), Ages.since(obj, now));
  }

  /**
   * Ready address:port pairs, the first three and a count of the rest
   * ("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more..."); bare IPs for subsets without ports.
   */
  static String endpoints(JsonNode obj) {
    List<JsonNode> subsets = Fields.items(obj, "subsets");
    if (subsets.isEmpty()) return "<none>";
    List<String> shown = new ArrayList<>();
    boolean more = false;
    long count = 0;
    for (JsonNode subset : subsets) {
      List<JsonNode> addresses = Fields.items(subset, "addresses");
      List<JsonNode> ports = Fields.items(subset, "ports");
      if (ports.isEmpty()) {
        // Headless services may have no ports.
        count += addresses.size();
        for (JsonNode a : addresses) {
          if (shown.size() == SHOWN) {
            more = true;
            break;
          }
          shown.add(Fields.text(a, "ip"));
        }
        continue;
      }
      for (JsonNode port : ports) {
        count += addresses.size();
        for (JsonNode a : addresses) {
          if (shown.size() == SHOWN) {
            more = true;
            break;
          }
          shown.add(hostPort(Fields.text(a, "ip"), Fields.integer(port, "port")));
        }
      }
    }
    String joined = String.join(",", shown);
    return more ? joined + " + " + (count - SHOWN) + " more..." : joined;
  }

  /** IPv6 hosts are bracketed, as Go's net.JoinHostPort does. */
  private static String hostPort(String ip, long port) {
    return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
  }
}
