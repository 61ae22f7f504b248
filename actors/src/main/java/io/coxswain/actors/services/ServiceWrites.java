package io.coxswain.actors.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.services.ServiceAllocations.Taken;
import io.coxswain.actors.store.RequestInfo;
import io.coxswain.actors.store.ResourceEntity;
import io.coxswain.actors.store.ResourceEntity.Result;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.actors.watch.WatchCaches;
import io.coxswain.core.Metadata;
import io.coxswain.core.StatusException;
import io.coxswain.core.kinds.IPAddressStrategy;
import io.coxswain.core.kinds.NodePortAllocationStrategy;
import io.coxswain.core.kinds.ServiceStrategy;
import io.coxswain.core.patch.ServerSideApply;
import io.coxswain.core.write.DeleteOptions;
import io.coxswain.core.write.ObjectWrites;
import io.coxswain.core.write.PatchType;
import io.coxswain.core.write.Subresource;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes of a Service's main resource, with its cluster IP and node ports allocated on the way, as
 * kube-apiserver's service registry does. The write is computed here from the stored version
 * (pure functions, the entity's own), the addresses it needs are taken, and the result is written
 * on the condition that the Service has not changed meanwhile; if it has, the addresses go back and
 * the write is computed again. What a version stops using is freed once the write is stored.
 * Status writes and reads need none of this and go straight to the entity.
 */
public final class ServiceWrites {
  private static final Logger log = LoggerFactory.getLogger(ServiceWrites.class);
  /** Who the journal records for allocation objects: the API server itself, as in Kubernetes. */
  static final String USER = "system:apiserver";
  static final String FIELD_MANAGER = "kube-apiserver";
  /** Computed writes retried when another writer got in between, like the apiserver's GuaranteedUpdate. */
  private static final int MAX_ATTEMPTS = 5;

  private final ResourceStore store;
  private final ServiceStrategy strategy = new ServiceStrategy();
  private final ServiceAllocations allocations;
  private final ServiceNetwork network;
  private final Clock clock;

  public ServiceWrites(ResourceStore store, WatchCaches caches, ServiceNetwork network, Clock clock) {
    this.store = store;
    this.network = network;
    this.clock = clock;
    Allocator ips = new Allocator(IPAddressStrategy.TYPE, network.clusterIpRange(), caches.cache(IPAddressStrategy.TYPE), store,
        Map.of(IPAddressStrategy.FAMILY_LABEL, "IPv4", IPAddressStrategy.MANAGED_BY_LABEL, IPAddressStrategy.MANAGED_BY));
    Allocator ports = new Allocator(NodePortAllocationStrategy.TYPE, network.nodePortRange(),
        caches.cache(NodePortAllocationStrategy.TYPE), store,
        Map.of(NodePortAllocationStrategy.MANAGED_BY_LABEL, NodePortAllocationStrategy.MANAGED_BY));
    this.allocations = new ServiceAllocations(ips, ports);
  }

  public ServiceNetwork network() {
    return network;
  }

  public CompletionStage<Result> create(ObjectNode obj, RequestInfo request) {
    ObjectNode candidate;
    try {
      candidate = ObjectWrites.prepareCreate(strategy, obj.deepCopy(), "", clock.instant());
    } catch (StatusException e) {
      return CompletableFuture.failedFuture(e);
    }
    String ns = Metadata.namespace(candidate);
    String name = Metadata.name(candidate);
    return allocations.assign(candidate, null, request)
        .thenCompose(taken -> undoOnFailure(taken, request,
            store.ask(ServiceStrategy.TYPE, ns, name, r -> new ResourceEntity.Create(candidate, request, r))));
  }

  public CompletionStage<Result> update(String namespace, String name, ObjectNode incoming, RequestInfo request) {
    return attempt(namespace, name, request, 1,
        stored -> ObjectWrites.prepareUpdate(strategy, stored, incoming.deepCopy(), Subresource.MAIN), null);
  }

  /** A patch of the main resource; server-side apply of a Service that does not exist creates it. */
  public CompletionStage<Result> patch(String namespace, String name, PatchType type, JsonNode patch, RequestInfo request) {
    Supplier<CompletionStage<Result>> createInstead = type == PatchType.APPLY_PATCH && patch instanceof ObjectNode applied
        ? () -> create(ServerSideApply.apply(null, applied, ServiceStrategy.TYPE, request.fieldManager(), request.force()), request)
        : null;
    return attempt(namespace, name, request, 1, stored -> ObjectWrites.prepareUpdate(strategy, stored,
        ObjectWrites.applyPatch(strategy, stored, type, patch, request.fieldManager(), request.force()), Subresource.MAIN),
        createInstead);
  }

  public CompletionStage<Result> delete(String namespace, String name, DeleteOptions options, RequestInfo request) {
    return store.ask(ServiceStrategy.TYPE, namespace, name, r -> new ResourceEntity.Delete(options, request, r))
        .thenCompose(res -> res.removed() ? released(res.object(), null, request, res) : CompletableFuture.completedFuture(res));
  }

  private interface Computation {
    ObjectNode apply(ObjectNode stored);
  }

  private CompletionStage<Result> attempt(String namespace, String name, RequestInfo request, int attempt,
      Computation compute, Supplier<CompletionStage<Result>> whenAbsent) {
    return store.ask(ServiceStrategy.TYPE, namespace, name, ResourceEntity.Get::new)
        .handle((res, e) -> {
          if (e == null) return write(res.object(), compute, namespace, name, request, attempt, whenAbsent);
          if (whenAbsent != null && Allocator.statusCode(e) == 404) return whenAbsent.get();
          return CompletableFuture.<Result>failedFuture(unwrap(e));
        })
        .thenCompose(s -> s);
  }

  private CompletionStage<Result> write(ObjectNode stored, Computation compute, String namespace, String name,
      RequestInfo request, int attempt, Supplier<CompletionStage<Result>> whenAbsent) {
    ObjectNode candidate;
    try {
      candidate = compute.apply(stored);
    } catch (StatusException e) {
      return CompletableFuture.failedFuture(e);
    }
    // An object leaving (its last finalizer removed) takes nothing new.
    CompletionStage<Taken> taken = ObjectWrites.readyToRemove(strategy, candidate)
        ? CompletableFuture.completedFuture(Taken.none())
        : allocations.assign(candidate, stored, request);
    return taken.thenCompose(t -> store.ask(ServiceStrategy.TYPE, namespace, name,
                r -> new ResourceEntity.Update(candidate, Subresource.MAIN, request, r))
            .handle((res, e) -> {
              if (e == null) return released(stored, res.removed() ? null : res.object(), request, res);
              return allocations.undo(t, request).thenCompose(v -> {
                if (conflict(e) && attempt < MAX_ATTEMPTS) {
                  return attempt(namespace, name, request, attempt + 1, compute, whenAbsent);
                }
                return CompletableFuture.<Result>failedFuture(unwrap(e));
              });
            })
            .thenCompose(s -> s));
  }

  private CompletionStage<Result> undoOnFailure(Taken taken, RequestInfo request, CompletionStage<Result> write) {
    return write.handle((res, e) -> e == null
            ? CompletableFuture.completedFuture(res)
            : allocations.undo(taken, request).<Result>thenCompose(v -> CompletableFuture.failedFuture(unwrap(e))))
        .thenCompose(s -> s);
  }

  /** Frees what the write made unused; a failure to free is left to the repair loop, never to the client. */
  private CompletionStage<Result> released(ObjectNode before, ObjectNode after, RequestInfo request, Result res) {
    return allocations.releaseUnused(before, after, request)
        .handle((v, e) -> {
          if (e != null) log.warn("could not free addresses of service {}/{} (the repair loop will): {}",
              Metadata.namespace(before), Metadata.name(before), e.toString());
          return res;
        });
  }

  private static boolean conflict(Throwable e) {
    Throwable t = unwrap(e);
    return t instanceof StatusException se && se.code() == 409 && "Conflict".equals(se.reason());
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return t;
  }
}
