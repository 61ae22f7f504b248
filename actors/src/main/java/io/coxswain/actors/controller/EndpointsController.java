package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.watch.Change;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.controller.EndpointSliceContent;
import io.coxswain.core.controller.EndpointSubsets;
import io.coxswain.core.controller.MergePatches;
import io.coxswain.core.controller.ServiceSelectors;
import io.coxswain.core.kinds.EndpointsStrategy;
import io.coxswain.core.kinds.NamespaceStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.kinds.ServiceStrategy;
import io.coxswain.core.write.Subresource;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an Endpoints object beside every Service that selects pods, named as the Service and
 * labelled with its labels: the ready pods' addresses, the others' as notReadyAddresses, with each
 * service port resolved per pod (kube-controller-manager's endpoints controller). Endpoints of
 * Services without a selector are the user's and left alone.
 */
public final class EndpointsController implements Reconciler {
  public static final String NAME = "endpoints-controller";
  public static final String USER = "system:serviceaccount:kube-system:endpoint-controller";
  private static final Logger log = LoggerFactory.getLogger(EndpointsController.class);
  private static final Duration OBSERVE_TIMEOUT = Duration.ofSeconds(10);

  private final Informer services;
  private final Informer pods;
  private final Informer endpoints;
  private final Informer namespaces;
  private final ControllerWrites writes;
  /**
   * Whether the last reconcile of a Service key found it selecting pods, so that once the Service is
   * gone its Endpoints are deleted only if they were this controller's.
   */
  private final Map<String, Boolean> managed = new HashMap<>();

  public EndpointsController(Informers informers, ControllerWrites writes) {
    this.services = informers.get(ServiceStrategy.TYPE);
    this.pods = informers.get(PodStrategy.TYPE);
    this.endpoints = informers.get(EndpointsStrategy.TYPE);
    this.namespaces = informers.get(NamespaceStrategy.TYPE);
    this.writes = writes;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Informer primary() {
    return services;
  }

  @Override
  public List<Watch> watches() {
    return List.of(
        new Watch(pods, e -> ServicePods.servicesOf(services, e)),
        // Deleted Endpoints of a selecting Service are put back; other edits wait for the resync.
        new Watch(endpoints, this::recreateDeleted));
  }

  private Collection<String> recreateDeleted(Informer.Event e) {
    return e.type() == Change.Type.DELETED && services.get(e.key()) != null ? List.of(e.key()) : List.of();
  }

  @Override
  public CompletionStage<Outcome> reconcile(String key) {
    ObjectNode service = services.get(key);
    ObjectNode current = endpoints.get(key);
    if (service == null) {
      Boolean wasManaged = managed.remove(key);
      if (current == null || Boolean.FALSE.equals(wasManaged)) return done();
      log.debug("deleting endpoints {}: the service is gone", key);
      return observe(writes.deleteIfPresent(EndpointsStrategy.TYPE, Metadata.namespace(current), Metadata.name(current),
          Metadata.uid(current)));
    }
    boolean selecting = ServiceSelectors.managesEndpoints(service);
    managed.put(key, selecting);
    if (!selecting) return done();

    EndpointSubsets.Capped capped = EndpointSubsets.truncate(
        EndpointSubsets.subsets(service, ServicePods.podsOf(pods, service)), EndpointSubsets.MAX_CAPACITY);
    ArrayNode subsets = EndpointSubsets.toJson(capped.subsets());
    ObjectNode labels = labels(service);
    if (current == null) {
      // As NamespaceLifecycle admission would refuse it: nothing new in a namespace being emptied.
      if (namespaceTerminating(Metadata.namespace(service))) return done();
      return create(service, subsets, labels, capped.truncated());
    }
    JsonNode stored = current.path("subsets");
    boolean sameSubsets = stored.isMissingNode() || stored.isNull() ? subsets.isEmpty() : stored.equals(subsets);
    boolean sameLabels = current.path("metadata").path("labels").equals(labels)
        || (labels.isEmpty() && current.path("metadata").path("labels").isMissingNode());
    boolean markedTruncated = Metadata.annotations(current).containsKey(EndpointSubsets.OVER_CAPACITY);
    if (sameSubsets && sameLabels && markedTruncated == capped.truncated()) return done();

    ObjectNode patch = Json.MAPPER.createObjectNode();
    ObjectNode meta = patch.putObject("metadata");
    meta.put("resourceVersion", Metadata.resourceVersion(current));
    meta.set("labels", MergePatches.replacingMap(current.path("metadata").path("labels"), labels));
    if (markedTruncated != capped.truncated()) {
      ObjectNode annotations = meta.putObject("annotations");
      if (capped.truncated()) annotations.put(EndpointSubsets.OVER_CAPACITY, EndpointSubsets.TRUNCATED);
      else annotations.putNull(EndpointSubsets.OVER_CAPACITY);
    }
    if (subsets.isEmpty()) patch.putNull("subsets");
    else patch.set("subsets", subsets);
    log.debug("updating endpoints {}", key);
    return observe(writes.patch(EndpointsStrategy.TYPE, Metadata.namespace(service), Metadata.name(service), patch,
        Subresource.MAIN));
  }

  private CompletionStage<Outcome> create(ObjectNode service, ArrayNode subsets, ObjectNode labels, boolean truncated) {
    ObjectNode ep = Json.MAPPER.createObjectNode();
    ep.put("apiVersion", "v1");
    ep.put("kind", "Endpoints");
    ObjectNode meta = ep.putObject("metadata");
    meta.put("name", Metadata.name(service));
    meta.put("namespace", Metadata.namespace(service));
    if (!labels.isEmpty()) meta.set("labels", labels);
    if (truncated) meta.putObject("annotations").put(EndpointSubsets.OVER_CAPACITY, EndpointSubsets.TRUNCATED);
    if (!subsets.isEmpty()) ep.set("subsets", subsets);
    log.debug("creating endpoints {}/{}", Metadata.namespace(service), Metadata.name(service));
    return observe(writes.create(EndpointsStrategy.TYPE, ep).exceptionally(e -> {
      // Forbidden (a terminating namespace) stays forbidden: drop the key until something changes.
      if (ControllerWrites.statusCode(e) == 403) return null;
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }));
  }

  /** The Service's labels, and the headless marker for a Service without a cluster IP. */
  static ObjectNode labels(JsonNode service) {
    ObjectNode labels = Json.MAPPER.createObjectNode();
    Metadata.labels(service).forEach((k, v) -> {
      if (!k.equals(EndpointSliceContent.HEADLESS_LABEL)) labels.put(k, v);
    });
    if (ServiceSelectors.isHeadless(service)) labels.put(EndpointSliceContent.HEADLESS_LABEL, "");
    return labels;
  }

  private CompletionStage<Outcome> observe(CompletionStage<ObjectNode> write) {
    WriteBatch batch = new WriteBatch();
    batch.add(write);
    return batch.observedBy(endpoints, OBSERVE_TIMEOUT).thenApply(v -> Outcome.done());
  }

  private static CompletionStage<Outcome> done() {
    return CompletableFuture.completedFuture(Outcome.done());
  }

  private boolean namespaceTerminating(String namespace) {
    ObjectNode ns = namespaces.get(namespace);
    return ns != null && Metadata.deletionTimestamp(ns) != null;
  }
}
