package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.Metadata;
import io.coxswain.core.ObjectMetaValidation;
import io.coxswain.core.ResourceType;
import java.util.List;
import java.util.Map;

/** Rules for core/v1 Event. */
public final class EventStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "Event", "events", "event", true,
          List.of("ev"), List.of(), false, false);

  private static final String INVOLVED = "involvedObject";

  @Override
  public ResourceType type() {
    return TYPE;
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> causes = ObjectMetaValidation.validate(obj, TYPE);
    JsonFields f = new JsonFields(causes);
    ObjectNode involved = f.object(obj, "", INVOLVED);
    if (involved == null) {
      if (FieldDefaults.isUnset(obj, INVOLVED)) f.add(Cause.required(INVOLVED));
    } else {
      for (String field : List.of("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")) {
        f.string(involved, INVOLVED, field);
      }
      validateInvolvedNamespace(obj, involved, f);
    }
    for (String field : List.of("reason", "message", "type", "reportingComponent", "reportingInstance", "action",
        "firstTimestamp", "lastTimestamp", "eventTime")) {
      f.string(obj, "", field);
    }
    if (obj.path("eventTime").isTextual() && !obj.path("eventTime").textValue().isEmpty()) {
      // New-style events (events.k8s.io clients writing core/v1) must say who reported what.
      for (String field : List.of("reportingComponent", "reportingInstance", "action", "reason")) {
        f.requiredString(obj, "", field);
      }
    }
    Long count = f.int32(obj, "", "count");
    if (count != null && count < 0) f.add(Cause.invalid("count", count, "must be greater than or equal to 0"));
    ObjectNode source = f.object(obj, "", "source");
    if (source != null) {
      f.string(source, "source", "component");
      f.string(source, "source", "host");
    }
    f.object(obj, "", "series");
    f.object(obj, "", "related");
    return causes;
  }

  @Override
  public Map<String, String> selectableFields(ObjectNode obj) {
    Map<String, String> fields = SelectableFields.objectMeta(obj, true);
    for (String field : List.of("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")) {
      fields.put(INVOLVED + "." + field, SelectableFields.text(obj, INVOLVED + "." + field));
    }
    fields.put("reason", SelectableFields.text(obj, "reason"));
    fields.put("reportingComponent", SelectableFields.text(obj, "reportingComponent"));
    String source = SelectableFields.text(obj, "source.component");
    fields.put("source", source.isEmpty() ? SelectableFields.text(obj, "reportingComponent") : source);
    fields.put("type", SelectableFields.text(obj, "type"));
    return fields;
  }

  /**
   * An event lives in the namespace of what it is about. Events about cluster-scoped objects
   * (nodes) are kept in "default", or, for new-style events with eventTime, also kube-system.
   */
  private static void validateInvolvedNamespace(ObjectNode obj, ObjectNode involved, JsonFields f) {
    String eventNamespace = Metadata.namespace(obj) == null ? "" : Metadata.namespace(obj);
    String involvedNamespace = involved.path("namespace").isTextual() ? involved.path("namespace").textValue() : "";
    boolean newStyle = obj.path("eventTime").isTextual() && !obj.path("eventTime").textValue().isEmpty();
    boolean ok;
    if (involvedNamespace.isEmpty()) {
      ok = eventNamespace.isEmpty() || eventNamespace.equals("default") || (newStyle && eventNamespace.equals("kube-system"));
    } else {
      ok = newStyle || eventNamespace.equals(involvedNamespace);
    }
    if (!ok) f.add(Cause.invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
  }
}
