package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.controller.EndpointSliceContent;
import io.coxswain.core.controller.EndpointSlicePlan;
import io.coxswain.core.controller.MergePatches;
import io.coxswain.core.controller.OwnerReferences;
import io.coxswain.core.controller.ServiceSelectors;
import io.coxswain.core.kinds.EndpointSliceStrategy;
import io.coxswain.core.kinds.NodeStrategy;
import io.coxswain.core.kinds.NamespaceStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.kinds.ServiceStrategy;
import io.coxswain.core.write.Subresource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the EndpointSlices of every Service that selects pods (kube-controller-manager's
 * endpointslice controller): IPv4 slices owned by the Service and labelled with its name, one
 * endpoint per pod with ready/serving/terminating conditions, a slice per distinct set of resolved
 * ports, at most {@code maxEndpointsPerSlice} endpoints each, updated in place.
 */
public final class EndpointSliceController implements Reconciler {
  public static final String NAME = "endpointslice-controller";
  public static final String USER = "system:serviceaccount:kube-system:endpointslice-controller";
  /** kube-controller-manager's default --max-endpoints-per-slice. */
  public static final int MAX_ENDPOINTS_PER_SLICE = 100;
  /** This controller's slices indexed by their Service's key (namespace/name). */
  static final String BY_SERVICE = "service";
  private static final Logger log = LoggerFactory.getLogger(EndpointSliceController.class);
  private static final Duration OBSERVE_TIMEOUT = Duration.ofSeconds(10);

  private final Informer services;
  private final Informer pods;
  private final Informer slices;
  private final Informer nodes;
  private final Informer namespaces;
  private final ControllerWrites writes;
  private final int maxEndpointsPerSlice;

  public EndpointSliceController(Informers informers, ControllerWrites writes) {
    this(informers, writes, MAX_ENDPOINTS_PER_SLICE);
  }

  public EndpointSliceController(Informers informers, ControllerWrites writes, int maxEndpointsPerSlice) {
    this.services = informers.get(ServiceStrategy.TYPE);
    this.pods = informers.get(PodStrategy.TYPE);
    this.slices = informers.get(EndpointSliceStrategy.TYPE, BY_SERVICE, EndpointSliceController::serviceIndex);
    this.nodes = informers.get(NodeStrategy.TYPE);
    this.namespaces = informers.get(NamespaceStrategy.TYPE);
    this.writes = writes;
    this.maxEndpointsPerSlice = maxEndpointsPerSlice;
  }

  static Collection<String> serviceIndex(ObjectNode slice) {
    String service = Metadata.labels(slice).get(EndpointSliceContent.SERVICE_NAME_LABEL);
    if (service == null || !EndpointSliceContent.isManaged(slice)) return List.of();
    return List.of(Metadata.namespace(slice) + "/" + service);
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
    // A change to one of this controller's slices by anyone else (or its deletion) is looked at again.
    return List.of(
        new Watch(pods, e -> ServicePods.servicesOf(services, e)),
        new Watch(slices, e -> serviceIndex(e.object())));
  }

  @Override
  public CompletionStage<Outcome> reconcile(String key) {
    ObjectNode service = services.get(key);
    List<ObjectNode> existing = slices.byIndex(BY_SERVICE, key);
    WriteBatch batch = new WriteBatch();
    if (service == null) {
      // The garbage collector would remove them too (they are owned); there is no reason to wait for it.
      for (ObjectNode slice : existing) batch.add(delete(slice));
      return finish(batch);
    }
    if (!ServiceSelectors.managesEndpoints(service)) return finish(batch);

    String uid = Metadata.uid(service);
    List<ObjectNode> owned = new ArrayList<>();
    for (ObjectNode slice : existing) {
      // Slices of an earlier Service of the same name are not this one's to reuse.
      if (uid.equals(OwnerReferences.controllerUid(slice))) owned.add(slice);
      else batch.add(delete(slice));
    }
    // A node's zone is read as it is now; a relabelled node shows in its endpoints from the next resync.
    var desired = EndpointSliceContent.desired(service, ServicePods.podsOf(pods, service), this::zoneOf);
    EndpointSlicePlan plan = EndpointSlicePlan.plan(owned, desired, maxEndpointsPerSlice);
    ObjectNode labels = EndpointSliceContent.labels(service);
    for (EndpointSlicePlan.Kept kept : plan.kept()) {
      boolean sameLabels = kept.slice().path("metadata").path("labels").equals(labels);
      if (!kept.changed() && sameLabels) continue;
      ObjectNode patch = Json.MAPPER.createObjectNode();
      ObjectNode meta = patch.putObject("metadata");
      meta.put("resourceVersion", Metadata.resourceVersion(kept.slice()));
      meta.set("labels", MergePatches.replacingMap(kept.slice().path("metadata").path("labels"), labels));
      patch.putArray("endpoints").addAll(kept.endpoints());
      patch.set("ports", kept.ports());
      batch.add(writes.patch(EndpointSliceStrategy.TYPE, Metadata.namespace(kept.slice()), Metadata.name(kept.slice()),
          patch, Subresource.MAIN));
    }
    // No new slices for a Service on its way out (they would race the garbage collector), nor in a
    // namespace being emptied (NamespaceLifecycle admission would refuse them).
    if (Metadata.deletionTimestamp(service) == null && !namespaceTerminating(Metadata.namespace(service))) {
      for (EndpointSliceContent.Group group : plan.creates()) {
        batch.add(writes.create(EndpointSliceStrategy.TYPE, EndpointSliceContent.newSlice(service, group)));
      }
    }
    for (ObjectNode slice : plan.deletes()) batch.add(delete(slice));
    if (!batch.isEmpty()) {
      log.debug("{}: {} slices kept, {} created, {} deleted", key, plan.kept().size(), plan.creates().size(),
          plan.deletes().size());
    }
    return finish(batch);
  }

  private String zoneOf(String nodeName) {
    ObjectNode node = nodes.get(nodeName);
    return node == null ? null : Metadata.labels(node).get(EndpointSliceContent.ZONE_LABEL);
  }

  private CompletionStage<ObjectNode> delete(ObjectNode slice) {
    return writes.deleteIfPresent(EndpointSliceStrategy.TYPE, Metadata.namespace(slice), Metadata.name(slice),
        Metadata.uid(slice));
  }

  private CompletionStage<Outcome> finish(WriteBatch batch) {
    if (batch.isEmpty()) return CompletableFuture.completedFuture(Outcome.done());
    return batch.observedBy(slices, OBSERVE_TIMEOUT).thenApply(v -> Outcome.done());
  }

  private boolean namespaceTerminating(String namespace) {
    ObjectNode ns = namespaces.get(namespace);
    return ns != null && Metadata.deletionTimestamp(ns) != null;
  }
}
