package io.coxswain.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.TableColumn;
import java.time.Instant;
import java.util.List;

/**
 * {@code meta.k8s.io/v1 Table} responses, what `kubectl get` asks for: the kind's printer columns,
 * one row per object, each row carrying the object's metadata (or the whole object) for kubectl's
 * --show-labels, -A and -o wide.
 */
public final class Tables {
  private Tables() {}

  /** Whether the Accept header asks for a Table. */
  public static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  public static ObjectNode table(RegisteredKind kind, List<ObjectNode> objects, String resourceVersion,
      String includeObject, boolean withColumns, Instant now) {
    ObjectNode table = head(kind, resourceVersion, withColumns);
    ArrayNode rows = table.putArray("rows");
    for (ObjectNode obj : objects) rows.add(row(kind, obj, includeObject, now));
    return table;
  }

  /** A Table without its rows: kind, metadata and (optionally) the column definitions. */
  public static ObjectNode head(RegisteredKind kind, String resourceVersion, boolean withColumns) {
    ObjectNode table = Json.MAPPER.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode meta = table.putObject("metadata");
    if (resourceVersion != null) meta.put("resourceVersion", resourceVersion);
    ArrayNode cols = table.putArray("columnDefinitions");
    if (withColumns) {
      for (TableColumn c : kind.printer().columns()) {
        ObjectNode col = cols.addObject();
        col.put("name", c.name());
        col.put("type", c.type());
        col.put("format", c.format());
        col.put("description", c.description());
        col.put("priority", c.priority());
      }
    }
    return table;
  }

  /** One row: the printer's cells and the object's metadata (or the object, or nothing). */
  public static ObjectNode row(RegisteredKind kind, ObjectNode obj, String includeObject, Instant now) {
    ObjectNode row = Json.MAPPER.createObjectNode();
    ArrayNode cells = row.putArray("cells");
    for (Object cell : kind.printer().cells(obj, now)) {
      if (cell == null) cells.addNull();
      else if (cell instanceof Number n) cells.add(n.longValue());
      else if (cell instanceof Boolean b) cells.add(b);
      else cells.add(cell.toString());
    }
    if ("None".equals(includeObject)) return row;
    if ("Object".equals(includeObject)) {
      row.set("object", obj);
    } else {
      ObjectNode partial = row.putObject("object");
      partial.put("kind", "PartialObjectMetadata");
      partial.put("apiVersion", "meta.k8s.io/v1");
      JsonNode m = obj.get("metadata");
      partial.set("metadata", m == null ? Json.MAPPER.createObjectNode() : m);
    }
    return row;
  }
}
