package io.coxswain.http.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.persistence.ResourceEvent;
import io.coxswain.persistence.audit.HistoryStep;
import io.coxswain.persistence.audit.JournalEntry;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The audit API's bodies. A {@code Change} is one stored change: its type, who made it (user,
 * verb, request id), when (time to the millisecond, resourceVersion), the object it touched and,
 * in a history, the diff from the version before. Lists are streamed item by item, so neither a
 * long history nor a day's timeline is ever held whole.
 */
final class AuditBodies {
  static final String API_VERSION = AuditPath.GROUP + "/" + AuditPath.VERSION;

  private AuditBodies() {}

  static ObjectNode change(HistoryStep step, boolean includeObject) {
    ObjectNode c = change(step.entry(), includeObject);
    c.set("patch", step.diff().patch());
    step.diff().lines().forEach(c.putArray("diff")::add);
    return c;
  }

  static ObjectNode change(JournalEntry entry, boolean includeObject) {
    ResourceEvent event = entry.event();
    ObjectNode object = event.object();
    JsonNode meta = object.path("metadata");
    ObjectNode c = Json.MAPPER.createObjectNode().put("apiVersion", API_VERSION).put("kind", "Change");
    // resourceVersions are unique across the cluster, so one names its change.
    c.putObject("metadata").put("name", Long.toString(event.resourceVersion()));
    c.put("type", type(event));
    c.put("time", time(event.audit().timeMillis()));
    c.put("resourceVersion", Long.toString(event.resourceVersion()));
    c.put("user", event.audit().user());
    c.put("verb", event.audit().verb());
    c.put("requestID", event.audit().requestId());
    ObjectNode target = c.putObject("objectRef");
    target.put("resource", entry.key().resource());
    target.put("apiVersion", object.path("apiVersion").asText(""));
    target.put("kind", object.path("kind").asText(""));
    if (!entry.key().namespace().isEmpty()) target.put("namespace", entry.key().namespace());
    target.put("name", entry.key().name());
    target.put("uid", meta.path("uid").asText(""));
    c.put("sequence", entry.sequenceNr());
    if (includeObject) c.set("object", object);
    return c;
  }

  static String type(ResourceEvent event) {
    if (event instanceof ResourceEvent.ObjectCreated) return "Created";
    if (event instanceof ResourceEvent.ObjectDeleted) return "Deleted";
    return "Updated";
  }

  /** RFC 3339 in UTC with milliseconds when there are any: "2026-11-23T10:00:00.123Z". */
  static String time(long millis) {
    return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(millis));
  }

  /**
   * A Kubernetes list document ({@code {"apiVersion":…,"kind":…,"metadata":{},"items":[…]}})
   * streamed from {@code items}; for an endless source (a followed timeline) the list never closes
   * and each item goes out as soon as it is read.
   */
  static Source<ByteString, NotUsed> list(String apiVersion, String kind, Source<? extends JsonNode, NotUsed> items) {
    String head = "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"metadata\":{},\"items\":[";
    Source<ByteString, NotUsed> elements = items.zipWithIndex().map(pair -> {
      byte[] json = bytes(pair.first());
      ByteString item = ByteString.fromArrayUnsafe(json);
      return pair.second() == 0 ? item : ByteString.fromString(",").concat(item);
    });
    return Source.single(ByteString.fromString(head)).concat(elements).concat(Source.single(ByteString.fromString("]}\n")));
  }

  static byte[] bytes(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
