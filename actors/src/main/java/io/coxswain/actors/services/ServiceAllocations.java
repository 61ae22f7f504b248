package io.coxswain.actors.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.services.Allocator.Allocation;
import io.coxswain.actors.services.Allocator.AllocationException;
import io.coxswain.actors.store.RequestInfo;
import io.coxswain.core.Cause;
import io.coxswain.core.Metadata;
import io.coxswain.core.StatusException;
import io.coxswain.core.kinds.FieldDefaults;
import io.coxswain.core.kinds.ParentReference;
import io.coxswain.core.kinds.ServiceAddresses;
import io.coxswain.core.kinds.ServiceStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Gives a Service version the cluster IP and node ports it needs and takes back what a version no
 * longer uses, as kube-apiserver's service allocators do on create and update: requested values
 * are taken or refused with 422, missing ones are allocated, and on update what the stored version
 * already holds is kept. Allocation happens before the Service is written; a write that fails
 * gives its new values back, and the repair loop frees what a crash in between leaves behind.
 */
final class ServiceAllocations {
  private final Allocator ips;
  private final Allocator nodePorts;

  ServiceAllocations(Allocator ips, Allocator nodePorts) {
    this.ips = ips;
    this.nodePorts = nodePorts;
  }

  /** What one write took, to give back if the write does not happen. */
  record Taken(List<Allocation> ips, List<Allocation> ports) {
    static Taken none() {
      return new Taken(List.of(), List.of());
    }
  }

  /**
   * Fills {@code candidate}'s spec with its addresses, taking what {@code stored} (null on create)
   * does not hold yet. A dry run takes nothing, but still refuses requested values that are taken.
   */
  CompletionStage<Taken> assign(ObjectNode candidate, ObjectNode stored, RequestInfo request) {
    try {
      checkFamilies(candidate);
    } catch (StatusException e) {
      return CompletableFuture.failedFuture(e);
    }
    Assignment a = new Assignment(candidate, stored, request);
    return a.clusterIp()
        .thenCompose(v -> a.nodePorts())
        .thenCompose(v -> a.healthCheckNodePort())
        .handle((v, e) -> {
          if (e == null) return CompletableFuture.completedFuture(a.taken());
          return undo(a.taken(), request).<Taken>thenApply(done -> {
            throw refusal(candidate, e);
          });
        })
        .thenCompose(s -> s);
  }

  /** Gives back what a failed write took. */
  CompletionStage<Void> undo(Taken taken, RequestInfo request) {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Allocation ip : taken.ips()) all.add(ips.undo(ip, request).toCompletableFuture());
    for (Allocation port : taken.ports()) all.add(nodePorts.undo(port, request).toCompletableFuture());
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  /** After a write: frees what {@code before} held and {@code after} (null once deleted) does not. */
  CompletionStage<Void> releaseUnused(ObjectNode before, ObjectNode after, RequestInfo request) {
    if (before == null || request.dryRun()) return CompletableFuture.completedFuture(null);
    ParentReference owner = ParentReference.service(Metadata.namespace(before), Metadata.name(before));
    List<CompletableFuture<Void>> all = new ArrayList<>();
    String ip = ServiceAddresses.clusterIp(before);
    if (!ip.isEmpty() && (after == null || !ip.equals(ServiceAddresses.clusterIp(after)))) {
      all.add(ips.release(ip, owner, request).toCompletableFuture());
    }
    Set<Integer> kept = after == null ? Set.of() : ServiceAddresses.nodePorts(after);
    for (int port : ServiceAddresses.nodePorts(before)) {
      if (!kept.contains(port)) all.add(nodePorts.release(Integer.toString(port), owner, request).toCompletableFuture());
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  /** The service network is single-stack IPv4, as kube-apiserver with one IPv4 range refuses. */
  private static void checkFamilies(ObjectNode svc) {
    if (!ServiceAddresses.allocatesClusterIp(svc)) return;
    JsonNode spec = svc.path("spec");
    List<Cause> causes = new ArrayList<>();
    JsonNode families = spec.path("ipFamilies");
    for (int i = 0; i < families.size(); i++) {
      if (!"IPv4".equals(families.get(i).asText())) {
        causes.add(Cause.invalid("spec.ipFamilies[" + i + "]", families.get(i).asText(), "not configured on this cluster"));
      }
    }
    if ("RequireDualStack".equals(FieldDefaults.text(spec, "ipFamilyPolicy"))) {
      causes.add(Cause.invalid("spec.ipFamilyPolicy", "RequireDualStack", "this cluster is not configured for dual-stack services"));
    }
    if (spec.path("clusterIPs").size() > 1) {
      causes.add(Cause.invalid("spec.clusterIPs", spec.path("clusterIPs").toString(),
          "this cluster is not configured for dual-stack services: a Service gets one IPv4 address"));
    }
    if (!causes.isEmpty()) throw StatusException.invalid(ServiceStrategy.TYPE, Metadata.name(svc), causes);
  }

  /** The 422 Kubernetes answers for a refused allocation, naming the field that asked for it. */
  private StatusException refusal(ObjectNode svc, Throwable e) {
    Throwable t = e;
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) t = t.getCause();
    if (t instanceof FieldRefusal r) {
      return StatusException.invalid(ServiceStrategy.TYPE, Metadata.name(svc), List.of(r.cause()));
    }
    if (t instanceof RuntimeException re) throw re;
    throw new java.util.concurrent.CompletionException(t);
  }

  /** An allocation refusal with the field and message it is reported under. */
  private static final class FieldRefusal extends RuntimeException {
    private final Cause cause;

    FieldRefusal(Cause cause) {
      super(cause.describe(), null, false, false);
      this.cause = cause;
    }

    Cause cause() {
      return cause;
    }
  }

  /** One Service version's allocations, step by step. */
  private final class Assignment {
    private final ObjectNode svc;
    private final ObjectNode spec;
    private final ObjectNode stored;
    private final RequestInfo request;
    private final ParentReference owner;
    private final List<Allocation> takenIps = new ArrayList<>();
    private final List<Allocation> takenPorts = new ArrayList<>();

    Assignment(ObjectNode svc, ObjectNode stored, RequestInfo request) {
      this.svc = svc;
      this.spec = (ObjectNode) svc.get("spec");
      this.stored = stored;
      this.request = request;
      this.owner = ParentReference.service(Metadata.namespace(svc), Metadata.name(svc));
    }

    Taken taken() {
      return new Taken(List.copyOf(takenIps), List.copyOf(takenPorts));
    }

    CompletionStage<Void> clusterIp() {
      if (!ServiceAddresses.allocatesClusterIp(svc)) return done();
      String requested = ServiceAddresses.clusterIp(svc);
      if (!requested.isEmpty() && stored != null && requested.equals(ServiceAddresses.clusterIp(stored))) return done();
      Supplier<CompletionStage<Allocation>> allocation = requested.isEmpty()
          ? () -> ips.allocateNext(owner, request)
          : () -> ips.allocate(requested, owner, request);
      return take(ips, requested, allocation, ipRefusal(requested), takenIps).thenAccept(ip -> {
        spec.put("clusterIP", ip);
        spec.putArray("clusterIPs").add(ip);
      });
    }

    /**
     * Requested node ports are taken unless the stored version holds them; ports without one get
     * a new one, shared by ports with the same number (53/TCP and 53/UDP), as Kubernetes does.
     */
    CompletionStage<Void> nodePorts() {
      if (!ServiceAddresses.needsNodePorts(svc)) return done();
      boolean allocates = ServiceAddresses.allocatesNodePorts(svc);
      Set<Integer> held = stored != null && ServiceAddresses.needsNodePorts(stored) ? ServiceAddresses.nodePorts(stored) : Set.of();
      List<ObjectNode> ports = FieldDefaults.objects(spec, "ports");
      Map<Integer, Integer> byServicePort = new HashMap<>();
      for (ObjectNode p : ports) {
        int n = p.path("nodePort").asInt(0);
        if (n > 0) byServicePort.putIfAbsent(p.path("port").asInt(), n);
      }
      CompletionStage<Void> chain = done();
      Set<Integer> takenHere = new java.util.HashSet<>();
      for (int i = 0; i < ports.size(); i++) {
        ObjectNode p = ports.get(i);
        String field = "spec.ports[" + i + "].nodePort";
        chain = chain.thenCompose(v -> {
          int requested = p.path("nodePort").asInt(0);
          if (requested > 0) {
            if (held.contains(requested) || !takenHere.add(requested)) return done();
            return take(nodePorts, Integer.toString(requested), () -> nodePorts.allocate(Integer.toString(requested), owner, request),
                portRefusal(field, requested), takenPorts).thenAccept(n -> {});
          }
          if (!allocates) return done();
          Integer shared = byServicePort.get(p.path("port").asInt());
          if (shared != null) {
            p.put("nodePort", shared);
            return done();
          }
          return take(nodePorts, "", () -> nodePorts.allocateNext(owner, request), portRefusal(field, 0), takenPorts)
              .thenAccept(n -> {
                p.put("nodePort", Integer.parseInt(n));
                byServicePort.put(p.path("port").asInt(), Integer.parseInt(n));
                takenHere.add(Integer.parseInt(n));
              });
        });
      }
      return chain;
    }

    CompletionStage<Void> healthCheckNodePort() {
      if (!ServiceAddresses.needsHealthCheckNodePort(svc)) return done();
      int requested = spec.path("healthCheckNodePort").asInt(0);
      if (requested > 0 && stored != null && ServiceAddresses.needsHealthCheckNodePort(stored)
          && requested == stored.path("spec").path("healthCheckNodePort").asInt(0)) {
        return done();
      }
      String value = requested > 0 ? Integer.toString(requested) : "";
      Supplier<CompletionStage<Allocation>> allocation = requested > 0
          ? () -> nodePorts.allocate(value, owner, request)
          : () -> nodePorts.allocateNext(owner, request);
      return take(nodePorts, value, allocation, portRefusal("spec.healthCheckNodePort", requested), takenPorts)
          .thenAccept(n -> spec.put("healthCheckNodePort", Integer.parseInt(n)));
    }

    /** Takes a value (or, in a dry run, checks it), recording it; a refusal becomes the field's cause. */
    private CompletionStage<String> take(Allocator allocator, String requested, Supplier<CompletionStage<Allocation>> allocation,
        java.util.function.Function<AllocationException, Cause> cause, List<Allocation> record) {
      CompletionStage<String> value;
      if (request.dryRun()) {
        try {
          if (requested.isEmpty()) {
            value = CompletableFuture.completedFuture(allocator.peekNext());
          } else {
            allocator.check(requested);
            value = CompletableFuture.completedFuture(requested);
          }
        } catch (AllocationException e) {
          value = CompletableFuture.failedFuture(e);
        }
      } else {
        value = allocation.get().thenApply(a -> {
          record.add(a);
          return a.name();
        });
      }
      return value.exceptionally(e -> {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof AllocationException ae) throw new FieldRefusal(cause.apply(ae));
        throw e instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(e);
      });
    }

    private java.util.function.Function<AllocationException, Cause> ipRefusal(String requested) {
      return e -> switch (e.refusal()) {
        case FULL -> Cause.forbidden("spec.clusterIPs", "failed to allocate a serviceIP: range is full (every address of "
            + ips.range().describe() + " is taken)");
        case NOT_IN_RANGE -> goSliceInvalid(requested, "failed to allocate IP " + requested + ": the provided IP ("
            + requested + ") is not in the valid range. The range of valid IPs is " + ips.range().describe());
        case ALLOCATED -> goSliceInvalid(requested, "failed to allocate IP " + requested + ": provided IP is already allocated");
      };
    }

    private java.util.function.Function<AllocationException, Cause> portRefusal(String field, int requested) {
      return e -> switch (e.refusal()) {
        case FULL -> Cause.forbidden(field, "failed to allocate a nodePort: range is full (every port of "
            + nodePorts.range().describe() + " is taken)");
        case NOT_IN_RANGE -> Cause.invalid(field, requested,
            "provided port is not in the valid range. The range of valid ports is " + nodePorts.range().describe());
        case ALLOCATED -> Cause.invalid(field, requested, "provided port is already allocated");
      };
    }
  }

  /** Kubernetes reports a refused cluster IP on spec.clusterIPs, showing the Go slice. */
  private static Cause goSliceInvalid(String ip, String detail) {
    return new Cause("FieldValueInvalid", "Invalid value: []string{\"" + ip + "\"}: " + detail, "spec.clusterIPs");
  }

  private static CompletionStage<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
