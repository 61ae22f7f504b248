package io.coxswain.http.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import io.coxswain.http.Authenticator;
import io.coxswain.http.RequestContext;
import io.coxswain.http.Responses;
import io.coxswain.http.discovery.ServedGroup;
import io.coxswain.persistence.audit.AuditReplay;
import io.coxswain.persistence.audit.ChangeFilter;
import io.coxswain.persistence.audit.HistoryStep;
import io.coxswain.persistence.audit.Moment;
import io.coxswain.persistence.audit.ObjectKey;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The audit API, {@code audit.coxswain.io/v1}, answered by replaying the journal:
 * <ul>
 *   <li>{@code [namespaces/NS/]histories/RESOURCE/NAME}: a ChangeList of every version stored
 *       under the name (every object that had it, told apart by uid), oldest first, each with a
 *       JSON Patch from the version before and the same change as readable lines;
 *   <li>{@code [namespaces/NS/]states/RESOURCE[/NAME]?time=…|resourceVersion=…}: the object, or
 *       the kind's list, as it was then, deleted objects included;
 *   <li>{@code [namespaces/NS/]changes?since=&until=&resource=&name=&user=&verb=&follow=}: the
 *       timeline, a ChangeList that with {@code follow=true} stays open and goes on with live changes.
 * </ul>
 * Every response body is streamed. Read-only: nothing here writes.
 */
public final class AuditHandler {
  /** What discovery lists for the audit group: three read-only views. */
  public static final ServedGroup GROUP = new ServedGroup(AuditPath.GROUP, AuditPath.VERSION, List.of(
      new ServedGroup.Resource("changes", "change", "Change", true, List.of("list")),
      new ServedGroup.Resource("histories", "history", "Change", true, List.of("get")),
      new ServedGroup.Resource("states", "state", "List", true, List.of("get", "list"))));

  /** A followed timeline sends a blank between changes this often when idle, so nothing on the way closes it. */
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(30);
  private static final int CHUNK_BYTES = 64 * 1024;
  private static final Duration CHUNK_WAIT = Duration.ofMillis(20);

  private final ResourceRegistry registry;
  private final AuditReplay replay;
  private final AuditAccess access;
  private final Materializer materializer;

  public AuditHandler(ResourceRegistry registry, AuditReplay replay, AuditAccess access, Materializer materializer) {
    this.registry = registry;
    this.replay = replay;
    this.access = access;
    this.materializer = materializer;
  }

  public CompletionStage<HttpResponse> handle(AuditPath path, RequestContext ctx) {
    Authenticator.UserInfo user = ctx.user();
    return switch (path.view()) {
      case HISTORIES -> {
        access.check(user, path.request(null));
        yield history(path, ctx);
      }
      case STATES -> {
        access.check(user, path.request(null));
        yield state(path, ctx);
      }
      case CHANGES -> {
        ChangeFilter filter = filter(path, ctx);
        access.check(user, path.request(filter.resource()));
        yield timeline(filter, ctx.flag("follow"), ctx.flag("includeObject"));
      }
    };
  }

  private CompletionStage<HttpResponse> history(AuditPath path, RequestContext ctx) {
    ObjectKey key = new ObjectKey(path.type().qualifiedResource(), path.namespace(), path.name());
    String uid = ctx.param("uid", "");
    boolean includeObject = ctx.flag("includeObject");
    Source<HistoryStep, NotUsed> steps = replay.history(key).filter(s -> uid.isEmpty() || uid.equals(s.entry().uid()));
    // The first version decides between 200 and 404; the rest streams on behind it.
    return steps.prefixAndTail(1).runWith(Sink.head(), materializer).thenApply(pair -> {
      if (pair.first().isEmpty()) throw neverStored(path, uid);
      Source<JsonNode, NotUsed> items = Source.from(pair.first()).concat(pair.second())
          .map(s -> AuditBodies.change(s, includeObject));
      return streamed(AuditBodies.list(AuditBodies.API_VERSION, "ChangeList", items));
    });
  }

  private CompletionStage<HttpResponse> state(AuditPath path, RequestContext ctx) {
    Moment moment = moment(ctx);
    ResourceType type = path.type();
    if (path.name() != null) {
      ObjectKey key = new ObjectKey(type.qualifiedResource(), path.namespace(), path.name());
      return replay.objectAt(key, moment).thenApply(found -> Responses.object(200,
          found.orElseThrow(() -> StatusException.of(404, "NotFound", type.qualifiedResource() + " \"" + path.name()
              + "\" did not exist at " + moment + where(path.namespace()))),
          ctx.accept(), List.of()));
    }
    Source<JsonNode, NotUsed> objects = replay.objectsAt(type.qualifiedResource(), path.namespace(), moment).map(o -> o);
    return java.util.concurrent.CompletableFuture.completedFuture(
        streamed(AuditBodies.list(type.apiVersion(), type.listKind(), objects)));
  }

  private CompletionStage<HttpResponse> timeline(ChangeFilter filter, boolean follow, boolean includeObject) {
    if (follow && filter.until() != null) throw StatusException.badRequest("follow and until exclude each other: a followed timeline has no end");
    Source<JsonNode, NotUsed> items = replay.timeline(filter, follow).map(e -> AuditBodies.change(e, includeObject));
    Source<ByteString, NotUsed> body = AuditBodies.list(AuditBodies.API_VERSION, "ChangeList", items);
    if (follow) body = body.keepAlive(KEEP_ALIVE, () -> ByteString.fromString(" "));
    return java.util.concurrent.CompletableFuture.completedFuture(streamed(body));
  }

  /** Small pieces are sent together, but none waits more than {@link #CHUNK_WAIT}: a followed change goes out at once. */
  private static HttpResponse streamed(Source<ByteString, NotUsed> body) {
    Source<ByteString, NotUsed> chunks = body
        .groupedWeightedWithin(CHUNK_BYTES, b -> (long) b.size(), CHUNK_WAIT)
        .map(parts -> parts.stream().reduce(ByteString.emptyByteString(), ByteString::concat));
    return HttpResponse.create().withStatus(200).withEntity(HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, chunks));
  }

  private ChangeFilter filter(AuditPath path, RequestContext ctx) {
    String resource = ctx.param("resource", "");
    String qualified = resource.isEmpty() ? null : AuditPath.resolve(resource, registry).qualifiedResource();
    String namespace = path.namespace() != null ? path.namespace() : ctx.param("namespace", null);
    Instant since = ctx.param("since").map(v -> instant("since", v)).orElse(null);
    Instant until = ctx.param("until").map(v -> instant("until", v)).orElse(null);
    if (since != null && until != null && until.isBefore(since)) {
      throw StatusException.badRequest("until (" + until + ") is before since (" + since + ")");
    }
    return new ChangeFilter(since, until, qualified, namespace, blankToNull(ctx.param("name", null)),
        blankToNull(ctx.param("user", null)), blankToNull(ctx.param("verb", null)));
  }

  private static Moment moment(RequestContext ctx) {
    String time = ctx.param("time", "");
    String rv = ctx.param("resourceVersion", "");
    if (time.isEmpty() == rv.isEmpty()) {
      throw StatusException.badRequest("say when: give exactly one of time (RFC 3339, e.g. 2026-11-23T10:00:00Z) "
          + "or resourceVersion");
    }
    if (!time.isEmpty()) return new Moment.AtTime(instant("time", time));
    try {
      long v = Long.parseLong(rv);
      if (v < 0) throw new NumberFormatException();
      return new Moment.AtVersion(v);
    } catch (NumberFormatException e) {
      throw StatusException.badRequest("resourceVersion must be a non-negative integer, got \"" + rv + "\"");
    }
  }

  /** RFC 3339, with or without fractions of a second and with any UTC offset. */
  static Instant instant(String param, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw StatusException.badRequest(param + " must be an RFC 3339 time such as 2026-11-23T10:00:00Z, got \"" + value + "\"");
    }
  }

  private static StatusException neverStored(AuditPath path, String uid) {
    String what = path.type().qualifiedResource() + " \"" + path.name() + "\"" + where(path.namespace());
    return StatusException.of(404, "NotFound", uid.isEmpty()
        ? "no history of " + what + ": no object of that name was ever stored"
        : "no history of " + what + " with uid " + uid);
  }

  private static String where(String namespace) {
    return namespace == null ? "" : " in the namespace \"" + namespace + "\"";
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
