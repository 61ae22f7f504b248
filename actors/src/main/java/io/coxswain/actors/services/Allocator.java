package io.coxswain.actors.services;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.store.RequestInfo;
import io.coxswain.actors.store.ResourceEntity;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.actors.watch.WatchCache;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import io.coxswain.core.kinds.ParentReference;
import io.coxswain.core.services.AllocationRange;
import io.coxswain.core.write.DeleteOptions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out values of one range (cluster IPs, node ports) with no state of its own: a value is
 * taken by creating the allocation object named after it, and its entity refuses a second create
 * (409 AlreadyExists), so control-plane members allocating at once never hand out the same value.
 * The watch cache only suggests which values are free; a stale suggestion costs one refused
 * create and a try with the next candidate. Releasing deletes the object, if it still belongs to
 * the owner, by uid.
 */
public final class Allocator {
  /** Refused creates one dynamic allocation tolerates before it gives up (the cache is far behind). */
  private static final int MAX_ATTEMPTS = 64;

  /** A value taken for an owner: the allocation object's name and uid. */
  public record Allocation(String name, String uid) {}

  /** Why a value could not be had. */
  public enum Refusal { NOT_IN_RANGE, ALLOCATED, FULL }

  /** A refused allocation; the Service writes turn it into a 422 naming the field. */
  public static final class AllocationException extends RuntimeException {
    private final Refusal refusal;
    private final String value;

    AllocationException(Refusal refusal, String value) {
      super(refusal + " " + value, null, false, false);
      this.refusal = refusal;
      this.value = value;
    }

    public Refusal refusal() {
      return refusal;
    }

    public String value() {
      return value;
    }
  }

  private final ResourceType type;
  private final AllocationRange range;
  private final WatchCache cache;
  private final ResourceStore store;
  private final Map<String, String> labels;

  public Allocator(ResourceType type, AllocationRange range, WatchCache cache, ResourceStore store, Map<String, String> labels) {
    this.type = type;
    this.range = range;
    this.cache = cache;
    this.store = store;
    this.labels = Map.copyOf(labels);
  }

  public AllocationRange range() {
    return range;
  }

  public ResourceType type() {
    return type;
  }

  /** Takes the value a client asked for; fails NOT_IN_RANGE or ALLOCATED. */
  public CompletionStage<Allocation> allocate(String value, ParentReference owner, RequestInfo request) {
    if (!range.contains(value)) return CompletableFuture.failedFuture(new AllocationException(Refusal.NOT_IN_RANGE, value));
    return create(value, owner, request).thenApply(a -> {
      if (a == null) throw new AllocationException(Refusal.ALLOCATED, value);
      return a;
    });
  }

  /** Takes any free value, the dynamic band first; fails FULL when there is none. */
  public CompletionStage<Allocation> allocateNext(ParentReference owner, RequestInfo request) {
    return next(new Candidates(range), owner, request, 0);
  }

  private CompletionStage<Allocation> next(Candidates candidates, ParentReference owner, RequestInfo request, int attempts) {
    String value = candidates.nextFree(this::looksFree);
    if (value == null || attempts >= MAX_ATTEMPTS) {
      return CompletableFuture.failedFuture(new AllocationException(Refusal.FULL, range.describe()));
    }
    return create(value, owner, request)
        .thenCompose(a -> a != null ? CompletableFuture.completedFuture(a) : next(candidates, owner, request, attempts + 1));
  }

  /** For dry runs: whether a requested value could be had now (in range and not taken). */
  public void check(String value) {
    if (!range.contains(value)) throw new AllocationException(Refusal.NOT_IN_RANGE, value);
    if (!looksFree(value)) throw new AllocationException(Refusal.ALLOCATED, value);
  }

  /** For dry runs: a value that is free now, without taking it. */
  public String peekNext() {
    String value = new Candidates(range).nextFree(this::looksFree);
    if (value == null) throw new AllocationException(Refusal.FULL, range.describe());
    return value;
  }

  /** Gives back a value taken by this write (the write failed): deletes the object it created. */
  public CompletionStage<Void> undo(Allocation allocation, RequestInfo request) {
    return delete(allocation.name(), allocation.uid(), request);
  }

  /**
   * Gives back a value the owner held: deletes its allocation object if that still names the
   * owner. Absent or someone else's counts as done.
   */
  public CompletionStage<Void> release(String value, ParentReference owner, RequestInfo request) {
    return store.ask(type, null, value, ResourceEntity.Get::new)
        .thenCompose(res -> owner.equals(ParentReference.of(res.object()))
            ? delete(value, Metadata.uid(res.object()), request)
            : CompletableFuture.<Void>completedFuture(null))
        .exceptionally(e -> {
          if (statusCode(e) == 404) return null;
          throw e instanceof CompletionException ce ? ce : new CompletionException(e);
        });
  }

  private boolean looksFree(String value) {
    return cache.get(null, value) == null;
  }

  /** Creates the allocation object; null when it exists already (someone holds the value). */
  private CompletionStage<Allocation> create(String value, ParentReference owner, RequestInfo request) {
    ObjectNode obj = Json.MAPPER.createObjectNode();
    obj.put("apiVersion", type.apiVersion());
    obj.put("kind", type.kind());
    ObjectNode meta = obj.putObject("metadata");
    meta.put("name", value);
    ObjectNode labelNode = meta.putObject("labels");
    labels.forEach(labelNode::put);
    obj.putObject("spec").set("parentRef", owner.toJson());
    RequestInfo info = new RequestInfo(ServiceWrites.USER, request.requestId(), "create", false, ServiceWrites.FIELD_MANAGER);
    return store.ask(type, null, value, r -> new ResourceEntity.Create(obj, info, r))
        .thenApply(res -> new Allocation(value, Metadata.uid(res.object())))
        .exceptionally(e -> {
          if (statusCode(e) == 409) return null;
          throw e instanceof CompletionException ce ? ce : new CompletionException(e);
        });
  }

  private CompletionStage<Void> delete(String value, String uid, RequestInfo request) {
    RequestInfo info = new RequestInfo(ServiceWrites.USER, request.requestId(), "delete", false, ServiceWrites.FIELD_MANAGER);
    return store.ask(type, null, value, r -> new ResourceEntity.Delete(new DeleteOptions(uid, null, null, null), info, r))
        .<Void>thenApply(res -> null)
        .exceptionally(e -> {
          // Gone, or replaced by someone else's (uid precondition): nothing of ours is left.
          int code = statusCode(e);
          if (code == 404 || code == 409) return null;
          throw e instanceof CompletionException ce ? ce : new CompletionException(e);
        });
  }

  static int statusCode(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return t instanceof StatusException se ? se.code() : 0;
  }

  /**
   * The order candidates are tried in: the dynamic band from a random point (wrapping), then the
   * static band the same way, so members and concurrent requests rarely pick the same value.
   */
  static final class Candidates {
    private final AllocationRange range;
    private final long dynamicStart;
    private final long upperStart;
    private final long lowerStart;
    private long tried;

    Candidates(AllocationRange range) {
      this.range = range;
      this.dynamicStart = range.dynamicStart();
      ThreadLocalRandom random = ThreadLocalRandom.current();
      long upper = range.size() - dynamicStart;
      this.upperStart = upper > 0 ? dynamicStart + random.nextLong(upper) : 0;
      this.lowerStart = dynamicStart > 0 ? random.nextLong(dynamicStart) : 0;
    }

    /** The next candidate that {@code free} accepts, or null when every value has been looked at. */
    String nextFree(java.util.function.Predicate<String> free) {
      while (tried < range.size()) {
        String value = range.name(offset(tried++));
        if (free.test(value)) return value;
      }
      return null;
    }

    private long offset(long i) {
      long upper = range.size() - dynamicStart;
      if (i < upper) return dynamicStart + (upperStart - dynamicStart + i) % upper;
      return (lowerStart + (i - upper)) % dynamicStart;
    }
  }
}
