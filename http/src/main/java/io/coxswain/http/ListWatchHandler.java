package io.coxswain.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.watch.CachedObject;
import io.coxswain.actors.watch.Change;
import io.coxswain.actors.watch.WatchCache;
import io.coxswain.actors.watch.WatchCaches;
import io.coxswain.actors.watch.WatchFilter;
import io.coxswain.core.HybridLogicalClock;
import io.coxswain.core.Json;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import io.coxswain.core.select.FieldSelector;
import io.coxswain.core.select.LabelSelector;
import io.coxswain.core.write.DeleteOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * LIST, WATCH and deletecollection, served from this member's watch caches. A list without a
 * resourceVersion first waits until the cache has every change acknowledged before the request
 * began, so clients read their own writes; resourceVersion=0 waits for that too, but only briefly,
 * and then answers from the cache as it is.
 */
public final class ListWatchHandler {
  /** How long a read at resourceVersion=0 ("any version") waits for the cache to catch up. */
  private static final Duration ANY_VERSION_WAIT = Duration.ofSeconds(1);

  private final ResourceRegistry registry;
  private final WatchCaches caches;
  private final HybridLogicalClock hlc;
  private final ResourceHandler resources;
  private final Clock clock;
  private final Duration bookmarkInterval;
  private final Map<String, Set<String>> selectableFields = new ConcurrentHashMap<>();

  public ListWatchHandler(ResourceRegistry registry, WatchCaches caches, HybridLogicalClock hlc,
      ResourceHandler resources, Clock clock, Duration bookmarkInterval) {
    this.registry = registry;
    this.caches = caches;
    this.hlc = hlc;
    this.resources = resources;
    this.clock = clock;
    this.bookmarkInterval = bookmarkInterval;
  }

  public CompletionStage<HttpResponse> list(ApiPath path, RequestContext ctx) {
    RegisteredKind kind = path.kind();
    WatchCache cache = caches.cache(kind.type());
    WatchFilter filter = filter(path, ctx);
    return readBarrier(cache, ctx.param("resourceVersion", "")).thenApply(rv -> {
      WatchCache.Snapshot snap = cache.list(filter);
      String version = Long.toString(snap.resourceVersion());
      if (Tables.wanted(ctx.accept())) {
        return HttpResponse.create().withStatus(200).withEntity(HttpEntities.createChunked(
            ContentTypes.APPLICATION_JSON, tableBody(kind, snap.items(), version, ctx.param("includeObject", null))));
      }
      if (Responses.wantsYaml(ctx.accept())) {
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", kind.type().listKind());
        list.put("apiVersion", kind.type().apiVersion());
        list.putObject("metadata").put("resourceVersion", version);
        var items = list.putArray("items");
        for (CachedObject o : snap.items()) items.add(parse(o.json()));
        return Responses.object(200, list, ctx.accept(), List.of());
      }
      return HttpResponse.create().withStatus(200)
          .withEntity(HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, listBody(kind.type(), snap.items(), version)));
    });
  }

  public CompletionStage<HttpResponse> watch(ApiPath path, RequestContext ctx) {
    RegisteredKind kind = path.kind();
    WatchCache cache = caches.cache(kind.type());
    WatchFilter filter = filter(path, ctx);
    String rvParam = ctx.param("resourceVersion", "");
    boolean table = Tables.wanted(ctx.accept());
    boolean bookmarks = ctx.flag("allowWatchBookmarks");
    long timeoutSeconds = parseLong(ctx.param("timeoutSeconds", "1800"), "timeoutSeconds");
    CompletionStage<Long> start = rvParam.isEmpty() || rvParam.equals("0")
        ? readBarrier(cache, rvParam) : CompletableFuture.completedFuture(0L);
    return start.thenApply(ignored -> {
      Source<ByteString, NotUsed> events;
      try {
        Long from = rvParam.isEmpty() || rvParam.equals("0") ? null : parseResourceVersion(rvParam);
        WatchCache.Registration reg = cache.watch(from, filter);
        Source<ByteString, NotUsed> changes = Source.from(reg.initial()).concat(reg.live())
            .map(c -> ByteString.fromArrayUnsafe(eventBytes(kind, c, table)));
        if (bookmarks) {
          Source<ByteString, NotUsed> marks = Source.tick(bookmarkInterval, bookmarkInterval, "")
              .map(t -> ByteString.fromArrayUnsafe(bookmark(kind, cache.syncedThrough())))
              .mapMaterializedValue(m -> NotUsed.getInstance());
          changes = changes.merge(marks, true);
        }
        events = changes.takeWithin(Duration.ofSeconds(Math.max(1, timeoutSeconds)))
            .recover(new PFBuilder<Throwable, ByteString>()
                .match(StatusException.class, e -> ByteString.fromArrayUnsafe(errorEvent(e)))
                .build());
      } catch (StatusException e) {
        if (e.code() != 410) throw e;
        events = Source.single(ByteString.fromArrayUnsafe(errorEvent(e)));
      }
      return HttpResponse.create().withStatus(200)
          .withEntity(HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, events));
    });
  }

  public CompletionStage<HttpResponse> deleteCollection(ApiPath path, RequestContext ctx) {
    ResourceType type = path.kind().type();
    WatchCache cache = caches.cache(type);
    WatchFilter filter = filter(path, ctx);
    DeleteOptions options = DeleteOptions.from(
        ctx.body().length == 0 ? null : RequestBodies.parse(ctx.body(), ctx.contentType()),
        ctx.param("gracePeriodSeconds", null), ctx.param("propagationPolicy", null), null);
    return readBarrier(cache, "").thenCompose(rv -> {
      List<CompletableFuture<ObjectNode>> deletions = new ArrayList<>();
      for (CachedObject o : cache.list(filter).items()) {
        deletions.add(resources.deleteOne(type, o.namespace(), o.name(), options, ctx)
            .thenApply(r -> r.object())
            .exceptionally(e -> null)
            .toCompletableFuture());
      }
      return CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new)).thenApply(done -> {
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", type.listKind());
        list.put("apiVersion", type.apiVersion());
        list.putObject("metadata");
        var items = list.putArray("items");
        deletions.forEach(d -> {
          ObjectNode obj = d.join();
          if (obj != null) items.add(obj);
        });
        return Responses.object(200, list, ctx.accept(), List.of());
      });
    });
  }

  /**
   * Deletes every object inside a namespace, before the namespace itself goes. Stands in for the
   * namespace controller (Terminating, then content, then the namespace) until controllers exist.
   */
  public CompletionStage<Void> deleteNamespaceContents(String namespace, RequestContext ctx) {
    WatchFilter inNamespace = new WatchFilter(namespace, LabelSelector.parse(""), FieldSelector.parse(""));
    List<CompletableFuture<?>> deletions = new ArrayList<>();
    for (RegisteredKind kind : registry.kinds()) {
      if (!kind.type().namespaced()) continue;
      WatchCache cache = caches.cache(kind.type());
      deletions.add(readBarrier(cache, "").thenCompose(rv -> {
        List<CompletableFuture<?>> each = new ArrayList<>();
        for (CachedObject o : cache.list(inNamespace).items()) {
          each.add(resources.deleteOne(kind.type(), o.namespace(), o.name(), DeleteOptions.DEFAULT, ctx)
              .exceptionally(e -> null).toCompletableFuture());
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
      }).toCompletableFuture());
    }
    return CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new));
  }

  /**
   * Waits until the cache can answer at the requested version: "" is a consistent read (every
   * write acknowledged so far), "0" is the same for at most {@link #ANY_VERSION_WAIT} and then
   * whatever the cache has, N is at least N.
   *
   * <p>"0" may be stale by Kubernetes' rules, but informers list at 0, and one started right after
   * its client's write (kubectl rollout status after set image) would otherwise often begin from
   * before that write, a feed poll behind, and report the previous rollout as finished.
   */
  private CompletionStage<Long> readBarrier(WatchCache cache, String resourceVersion) {
    if (resourceVersion.equals("0")) {
      return cache.awaitSynced(hlc.now()).toCompletableFuture()
          .completeOnTimeout(0L, ANY_VERSION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
    long target = resourceVersion.isEmpty() ? hlc.now() : parseResourceVersion(resourceVersion);
    return cache.awaitSynced(target).toCompletableFuture()
        .orTimeout(10, TimeUnit.SECONDS)
        .exceptionally(e -> {
          throw StatusException.timeout("Too large resource version: " + resourceVersion
              + ", the watch cache has not caught up yet; retry shortly");
        });
  }

  private WatchFilter filter(ApiPath path, RequestContext ctx) {
    LabelSelector labels = LabelSelector.parse(ctx.param("labelSelector", ""));
    FieldSelector fields = FieldSelector.parse(ctx.param("fieldSelector", ""));
    Set<String> supported = selectableFields.computeIfAbsent(path.kind().type().qualifiedResource(),
        k -> supportedFields(path.kind().strategy()));
    for (String f : fields.fieldNames()) {
      if (!supported.contains(f)) throw FieldSelector.unsupportedField(f);
    }
    return new WatchFilter(path.namespace(), labels, fields);
  }

  private static Set<String> supportedFields(KindStrategy strategy) {
    ObjectNode empty = Json.MAPPER.createObjectNode();
    empty.putObject("metadata");
    return Set.copyOf(strategy.selectableFields(empty).keySet());
  }

  /**
   * A list body streamed item by item from the cached bytes: a list of 100,000 objects never
   * exists as one array in memory.
   */
  private static Source<ByteString, NotUsed> listBody(ResourceType type, List<CachedObject> items, String rv) {
    String head = "{\"kind\":\"" + type.listKind() + "\",\"apiVersion\":\"" + type.apiVersion()
        + "\",\"metadata\":{\"resourceVersion\":\"" + rv + "\"},\"items\":[";
    return arrayBody(ByteString.fromString(head), items, CachedObject::json);
  }

  /**
   * A Table streamed row by row: each cached object is parsed, printed and dropped, so a table of
   * 100,000 pods never holds 100,000 parsed objects at once.
   */
  private Source<ByteString, NotUsed> tableBody(
      RegisteredKind kind, List<CachedObject> items, String rv, String includeObject) {
    java.time.Instant now = clock.instant();
    byte[] head;
    try {
      head = Json.MAPPER.writeValueAsBytes(Tables.head(kind, rv, true));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    // The head ends with ...,"columnDefinitions":[...]} : reopen it to append the rows.
    ByteString open = ByteString.fromArrayUnsafe(head, 0, head.length - 1).concat(ByteString.fromString(",\"rows\":["));
    return arrayBody(open, items,
        o -> Json.MAPPER.writeValueAsBytes(Tables.row(kind, parse(o.json()), includeObject, now)));
  }

  /**
   * {@code open}, then each item's JSON comma-separated, then "]}": the streamed body of a list or
   * table, built in small groups so no whole-list array exists.
   */
  private static Source<ByteString, NotUsed> arrayBody(
      ByteString open, List<CachedObject> items, org.apache.pekko.japi.function.Function<CachedObject, byte[]> element) {
    Source<ByteString, NotUsed> elements = Source.from(items).zipWithIndex().grouped(128).map(group -> {
      var b = ByteString.createBuilder();
      for (var pair : group) {
        if (pair.second() > 0) b.putByte((byte) ',');
        b.putBytes(element.apply(pair.first()));
      }
      return b.result();
    });
    return Source.single(open).concat(elements).concat(Source.single(ByteString.fromString("]}")));
  }

  private byte[] eventBytes(RegisteredKind kind, Change c, boolean table) {
    if (table) {
      ObjectNode event = Json.MAPPER.createObjectNode();
      event.put("type", c.type().name());
      event.set("object", Tables.table(kind, List.of(parse(c.object().json())),
          Long.toString(c.object().resourceVersion()), null, true, clock.instant()));
      return line(event);
    }
    var out = new java.io.ByteArrayOutputStream(c.object().json().length + 32);
    out.writeBytes(("{\"type\":\"" + c.type().name() + "\",\"object\":").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(c.object().json());
    out.writeBytes("}\n".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static byte[] bookmark(RegisteredKind kind, long rv) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("type", "BOOKMARK");
    ObjectNode obj = event.putObject("object");
    obj.put("kind", kind.type().kind());
    obj.put("apiVersion", kind.type().apiVersion());
    obj.putObject("metadata").put("resourceVersion", Long.toString(rv));
    return line(event);
  }

  private static byte[] errorEvent(StatusException e) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("type", "ERROR");
    event.set("object", e.toStatus());
    return line(event);
  }

  private static byte[] line(ObjectNode node) {
    try {
      byte[] body = Json.MAPPER.writeValueAsBytes(node);
      byte[] out = new byte[body.length + 1];
      System.arraycopy(body, 0, out, 0, body.length);
      out[body.length] = '\n';
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode parse(byte[] json) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("cached object does not parse", e);
    }
  }

  /** A resourceVersion is an unsigned number, as Kubernetes parses it. */
  private static long parseResourceVersion(String value) {
    long rv = parseLong(value, "resourceVersion");
    if (rv < 0) throw StatusException.badRequest("resourceVersion must be a non-negative number, got \"" + value + "\"");
    return rv;
  }

  private static long parseLong(String value, String param) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw StatusException.badRequest(param + " must be a number, got \"" + value + "\"");
    }
  }
}
