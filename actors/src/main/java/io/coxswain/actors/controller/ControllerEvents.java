package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.kinds.EventStrategy;
import io.coxswain.core.write.ObjectWrites;
import io.coxswain.core.write.Subresource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events for a control loop, deduplicated as client-go's event correlator does:
 * the same reason and message about the same object within ten minutes bumps count and
 * lastTimestamp of the Event already written instead of writing another. Fire and forget: a lost
 * event is logged at debug and never fails the loop.
 */
public final class ControllerEvents {
  private static final Logger log = LoggerFactory.getLogger(ControllerEvents.class);
  private static final Duration DEDUP_WINDOW = Duration.ofMinutes(10);
  private static final int REMEMBERED = 4096;

  private final ControllerWrites writes;
  private final String component;
  private final Clock clock;
  private final AtomicLong seq = new AtomicLong(System.nanoTime());
  private final Map<String, Recorded> recent = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Recorded> eldest) {
      return size() > REMEMBERED;
    }
  };

  private record Recorded(String namespace, String name, String firstTimestamp, int count, Instant last) {}

  public ControllerEvents(ControllerWrites writes, String component, Clock clock) {
    this.writes = writes;
    this.component = component;
    this.clock = clock;
  }

  /**
   * @param involved the object the event is about (its kind, name, uid are read)
   * @param type "Normal" or "Warning"
   */
  public void record(JsonNode involved, String type, String reason, String message) {
    Instant now = clock.instant();
    String ts = ObjectWrites.timestamp(now);
    String ns = Metadata.namespace(involved) == null ? "default" : Metadata.namespace(involved);
    String key = Metadata.uid(involved) + "\u0000" + type + "\u0000" + reason + "\u0000" + message;
    Recorded previous;
    synchronized (recent) {
      previous = recent.get(key);
      if (previous != null && previous.last().plus(DEDUP_WINDOW).isAfter(now)) {
        recent.put(key, new Recorded(previous.namespace(), previous.name(), previous.firstTimestamp(), previous.count() + 1, now));
      } else {
        previous = null;
      }
    }
    if (previous != null) {
      ObjectNode patch = Json.MAPPER.createObjectNode();
      patch.put("count", previous.count() + 1).put("lastTimestamp", ts);
      String existing = previous.name();
      writes.patch(EventStrategy.TYPE, previous.namespace(), existing, patch, Subresource.MAIN)
          .whenComplete((o, e) -> {
            if (e != null) log.debug("event {} not updated: {}", existing, e.toString());
          });
      return;
    }
    String name = Metadata.name(involved) + "." + Long.toHexString(seq.incrementAndGet());
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("apiVersion", "v1").put("kind", "Event");
    event.putObject("metadata").put("name", name).put("namespace", ns);
    ObjectNode ref = event.putObject("involvedObject");
    ref.put("apiVersion", involved.path("apiVersion").asText("v1")).put("kind", involved.path("kind").asText(""));
    if (Metadata.namespace(involved) != null) ref.put("namespace", Metadata.namespace(involved));
    ref.put("name", Metadata.name(involved)).put("uid", Metadata.uid(involved));
    if (Metadata.resourceVersion(involved) != null) ref.put("resourceVersion", Metadata.resourceVersion(involved));
    event.put("reason", reason).put("message", message).put("type", type);
    event.putObject("source").put("component", component);
    event.put("firstTimestamp", ts).put("lastTimestamp", ts).put("count", 1);
    // As client-go's legacy recorder fills them from the source: a controller names no host, so
    // kubectl's SOURCE column reads "deployment-controller", not "deployment-controller, deployment-controller".
    event.put("reportingComponent", component).put("reportingInstance", "");
    synchronized (recent) {
      recent.put(key, new Recorded(ns, name, ts, 1, now));
    }
    writes.create(EventStrategy.TYPE, event).whenComplete((o, e) -> {
      if (e != null) log.debug("event {} about {} not recorded: {}", reason, Metadata.name(involved), e.toString());
    });
  }
}
