package io.coxswain.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.store.RequestInfo;
import io.coxswain.actors.store.ResourceEntity;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.agent.lifecycle.EventRecorder;
import io.coxswain.agent.lifecycle.PodStatusWriter;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import io.coxswain.core.kinds.ConfigMapStrategy;
import io.coxswain.core.kinds.EventStrategy;
import io.coxswain.core.kinds.NodeStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.kinds.SecretStrategy;
import io.coxswain.core.write.DeleteOptions;
import io.coxswain.core.write.PatchType;
import io.coxswain.core.write.Subresource;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's writes and reads through the resource entities, as the node's own user
 * ({@code system:node:<name>}, field manager "kubelet"): pod status, the final delete of a
 * terminated pod, events, its Node, and the ConfigMaps and Secrets its pods read.
 */
public final class AgentStore implements PodStatusWriter, EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(AgentStore.class);
  private final ResourceStore store;
  private final String nodeName;
  private final Clock clock;
  private final boolean normalEvents;
  private final AtomicLong eventSeq = new AtomicLong(System.nanoTime());

  /** @param normalEvents record Normal events too (hollow nodes keep only Warnings, to spare the journal) */
  public AgentStore(ResourceStore store, String nodeName, Clock clock, boolean normalEvents) {
    this.store = store;
    this.nodeName = nodeName;
    this.clock = clock;
    this.normalEvents = normalEvents;
  }

  public String nodeName() {
    return nodeName;
  }

  private RequestInfo request(String verb) {
    return new RequestInfo("system:node:" + nodeName, UUID.randomUUID().toString(), verb, false, "kubelet");
  }

  @Override
  public CompletionStage<Void> writeStatus(String namespace, String name, String uid, ObjectNode status) {
    ObjectNode patch = Json.MAPPER.createObjectNode();
    patch.set("status", status);
    return store.ask(PodStrategy.TYPE, namespace, name,
            r -> new ResourceEntity.Patch(PatchType.MERGE_PATCH, patch, Subresource.STATUS, request("patch"), r))
        .thenAccept(result -> {
          if (!uid.equals(Metadata.uid(result.object()))) {
            log.debug("status for pod {}/{} uid {} reached a newer pod with the same name", namespace, name, uid);
          }
        });
  }

  @Override
  public CompletionStage<Void> deleteTerminated(String namespace, String name, String uid) {
    DeleteOptions now = new DeleteOptions(uid, null, 0L, null);
    return store.ask(PodStrategy.TYPE, namespace, name, r -> new ResourceEntity.Delete(now, request("delete"), r))
        .<Void>thenApply(r -> null)
        .exceptionally(e -> {
          StatusException se = statusOf(e);
          // Already gone, or a new pod took the name: either way this pod has left the store.
          if (se != null && (se.code() == 404 || se.code() == 409)) return null;
          throw e instanceof CompletionException ce ? ce : new CompletionException(e);
        });
  }

  @Override
  public void record(ObjectNode pod, String fieldPath, String type, String reason, String message) {
    if (!normalEvents && "Normal".equals(type)) return;
    String ns = Metadata.namespace(pod);
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("apiVersion", "v1").put("kind", "Event");
    event.putObject("metadata")
        .put("name", Metadata.name(pod) + "." + Long.toHexString(eventSeq.incrementAndGet()))
        .put("namespace", ns);
    ObjectNode involved = event.putObject("involvedObject");
    involved.put("apiVersion", "v1").put("kind", "Pod").put("namespace", ns).put("name", Metadata.name(pod))
        .put("uid", Metadata.uid(pod));
    if (Metadata.resourceVersion(pod) != null) involved.put("resourceVersion", Metadata.resourceVersion(pod));
    if (fieldPath != null) involved.put("fieldPath", fieldPath);
    event.put("reason", reason).put("message", message).put("type", type);
    event.putObject("source").put("component", "kubelet").put("host", nodeName);
    event.put("firstTimestamp", now).put("lastTimestamp", now).put("count", 1);
    event.put("reportingComponent", "kubelet").put("reportingInstance", nodeName);
    store.ask(EventStrategy.TYPE, ns, Metadata.name(event), r -> new ResourceEntity.Create(event, request("create"), r))
        .whenComplete((r, e) -> {
          if (e != null) log.debug("event {} for pod {}/{} not recorded: {}", reason, ns, Metadata.name(pod), e.toString());
        });
  }

  /** The stored object, or empty when there is none. */
  public CompletionStage<Optional<ObjectNode>> get(ResourceType type, String namespace, String name) {
    return store.ask(type, namespace, name, ResourceEntity.Get::new)
        .thenApply(r -> Optional.of(r.object()))
        .exceptionally(e -> {
          StatusException se = statusOf(e);
          if (se != null && se.code() == 404) return Optional.empty();
          throw e instanceof CompletionException ce ? ce : new CompletionException(e);
        });
  }

  public CompletionStage<Optional<ObjectNode>> configMap(String namespace, String name) {
    return get(ConfigMapStrategy.TYPE, namespace, name);
  }

  public CompletionStage<Optional<ObjectNode>> secret(String namespace, String name) {
    return get(SecretStrategy.TYPE, namespace, name);
  }

  public CompletionStage<Optional<ObjectNode>> node() {
    return get(NodeStrategy.TYPE, null, nodeName);
  }

  public CompletionStage<ObjectNode> createNode(ObjectNode node) {
    return store.ask(NodeStrategy.TYPE, null, nodeName, r -> new ResourceEntity.Create(node, request("create"), r))
        .thenApply(ResourceEntity.Result::object);
  }

  /** A merge patch of the Node itself (labels, annotations, taints) or of its status. */
  public CompletionStage<ObjectNode> patchNode(ObjectNode patch, Subresource subresource) {
    return store.ask(NodeStrategy.TYPE, null, nodeName,
            r -> new ResourceEntity.Patch(PatchType.MERGE_PATCH, patch, subresource, request("patch"), r))
        .thenApply(ResourceEntity.Result::object);
  }

  static StatusException statusOf(Throwable e) {
    Throwable c = e;
    while (c instanceof CompletionException && c.getCause() != null) c = c.getCause();
    return c instanceof StatusException se ? se : null;
  }
}
