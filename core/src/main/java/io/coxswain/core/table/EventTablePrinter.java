package io.coxswain.core.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.TableColumn;
import io.coxswain.core.TablePrinter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The columns `kubectl get events` shows. */
public final class EventTablePrinter implements TablePrinter {
  private static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.of("Last Seen", "string",
              "The time at which the most recent occurrence of this event was recorded."),
          TableColumn.of("Type", "string",
              "Type of this event (Normal, Warning), new types could be added in the future"),
          TableColumn.of("Reason", "string",
              "This should be a short, machine understandable string that gives the reason for the "
                  + "transition into the object's current status."),
          TableColumn.of("Object", "string", "The object that this event is about."),
          TableColumn.wide("Subobject", "string",
              "If referring to a piece of an object instead of an entire object, this string should "
                  + "contain a valid JSON/Go field access statement, such as "
                  + "desiredState.manifest.containers[2]."),
          TableColumn.wide("Source", "string",
              "The component reporting this event. Should be a short machine understandable "
                  + "string."),
          TableColumn.of("Message", "string",
              "A human-readable description of the status of this operation."),
          TableColumn.wide("First Seen", "string",
              "The time at which the event was first recorded. (Time of server receipt is in "
                  + "TypeMeta.)"),
          TableColumn.wide("Count", "string", "The number of times this event has occurred."),
          new TableColumn("Name", "string", "name", TableColumn.nameColumn().description(), 1));

  @Override
  public List<TableColumn> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(ObjectNode obj, Instant now) {
    Instant first = Fields.instant(obj, "firstTimestamp");
    if (first == null) first = Fields.instant(obj, "eventTime");
    // Events with no time at all (Kubernetes prints <unknown>) show their creation instead.
    if (first == null) first = Fields.instant(obj, "metadata", "creationTimestamp");
    Instant last = Fields.instant(obj, "lastTimestamp");
    if (last == null) last = first;

    long count = Fields.integer(obj, "count");
    JsonNode series = obj.path("series");
    if (series.isObject()) {
      last = Fields.instant(series, "lastObservedTime");
      count = Fields.integer(series, "count");
    } else if (count == 0) {
      // Singleton events from the events.k8s.io API carry no count.
      count = 1;
    }

    return List.of(
        Ages.since(last, now),
        Fields.text(obj, "type"),
        Fields.text(obj, "reason"),
        involvedObject(obj.path("involvedObject")),
        Fields.text(obj, "involvedObject", "fieldPath"),
        source(obj),
        Fields.text(obj, "message").strip(),
        Ages.since(first, now),
        count,
        Fields.text(obj, "metadata", "name"));
  }

  /** "pod/web-0", or just the kind when the event names no object. */
  private static String involvedObject(JsonNode ref) {
    String kind = Fields.text(ref, "kind").toLowerCase(Locale.ROOT);
    String name = Fields.text(ref, "name");
    return name.isEmpty() ? kind : kind + "/" + name;
  }

  /** "component, host", falling back to the reporting controller and instance. */
  private static String source(JsonNode event) {
    String component = Fields.text(event, "source", "component");
    if (component.isEmpty()) component = Fields.text(event, "reportingComponent");
    String host = Fields.text(event, "source", "host");
    if (host.isEmpty()) host = Fields.text(event, "reportingInstance");
    return host.isEmpty() ? component : component + ", " + host;
  }
}
