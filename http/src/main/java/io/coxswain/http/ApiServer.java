package io.coxswain.http;

import io.coxswain.actors.services.ServiceWrites;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.actors.watch.WatchCaches;
import io.coxswain.core.HybridLogicalClock;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.StatusException;
import io.coxswain.http.audit.AuditAccess;
import io.coxswain.http.audit.AuditHandler;
import io.coxswain.http.audit.AuditPath;
import io.coxswain.http.streams.PodStreamsHandler;
import io.coxswain.persistence.audit.AuditReplay;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes REST API over Pekko HTTP. Each request is authenticated, its body read (bounded),
 * then dispatched by path and verb: discovery and OpenAPI, or a resource verb answered by entities
 * (writes, GET) or watch caches (LIST, WATCH), or an audit view replayed from the journal. Every
 * failure becomes a Kubernetes Status.
 */
public final class ApiServer {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final ActorSystem<?> system;
  private final ResourceRegistry registry;
  private final Authenticator authenticator;
  private final ResourceHandler resources;
  private final ListWatchHandler lists;
  private final DiscoveryHandler discovery;
  private final PodStreamsHandler podStreams;
  private final PodActionsHandler podActions;
  private final AuditHandler audit;
  private final Materializer materializer;
  private final long maxBodyBytes;
  private final AtomicBoolean ready = new AtomicBoolean();

  public ApiServer(ActorSystem<?> system, ResourceRegistry registry, ResourceStore store, ServiceWrites services,
      WatchCaches caches, HybridLogicalClock hlc, Authenticator authenticator, String advertisedAddress,
      AuditReplay auditReplay, AuditAccess auditAccess) {
    this.system = system;
    this.registry = registry;
    this.authenticator = authenticator;
    var config = system.settings().config();
    Clock clock = Clock.systemUTC();
    this.resources = new ResourceHandler(store, services, caches.cache(io.coxswain.core.kinds.NamespaceStrategy.TYPE), clock);
    this.lists = new ListWatchHandler(registry, caches, hlc, resources, clock, config.getDuration("coxswain.watch.bookmark-interval"));
    this.discovery = new DiscoveryHandler(registry, advertisedAddress, java.util.List.of(AuditHandler.GROUP));
    this.podActions = new PodActionsHandler(store);
    this.podStreams = new PodStreamsHandler(system, store, config.getDuration("coxswain.http.ask-timeout"));
    this.materializer = Materializer.matFromSystem(system);
    this.audit = new AuditHandler(registry, auditReplay, auditAccess, materializer);
    this.maxBodyBytes = config.getLong("coxswain.http.max-body-bytes");
  }

  public CompletionStage<ServerBinding> bind(String host, int port) {
    return Http.get(system).newServerAt(host, port).bind(this::handle);
  }

  /** From now on /readyz answers 200. */
  public void markReady() {
    ready.set(true);
  }

  public CompletionStage<HttpResponse> handle(HttpRequest request) {
    String requestId = UUID.randomUUID().toString();
    CompletionStage<HttpResponse> response;
    try {
      response = dispatch(request, requestId);
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    return response
        .exceptionally(e -> failure(e, request))
        .thenApply(r -> r.addHeader(RawHeader.create("Audit-Id", requestId))
            .addHeader(RawHeader.create("Cache-Control", "no-cache, private")));
  }

  private CompletionStage<HttpResponse> dispatch(HttpRequest request, String requestId) {
    String path = request.getUri().path();
    switch (path) {
      case "/readyz", "/livez", "/healthz" -> {
        request.discardEntityBytes(materializer);
        return CompletableFuture.completedFuture(ready.get()
            ? Responses.text(200, "ok")
            : Responses.text(503, "not ready: the watch caches are still loading the journal"));
      }
      default -> {}
    }
    Authenticator.UserInfo user = authenticator.authenticate(request);
    Optional<HttpResponse> doc = discovery.handle(request, path);
    if (doc.isPresent()) {
      request.discardEntityBytes(materializer);
      return CompletableFuture.completedFuture(doc.get());
    }
    Optional<AuditPath> auditPath = AuditPath.parse(path, registry);
    if (auditPath.isPresent()) {
      request.discardEntityBytes(materializer);
      if (request.method() != HttpMethods.GET) {
        throw StatusException.methodNotAllowed("the audit API is read-only: only get and list (GET) are allowed");
      }
      RequestContext ctx = new RequestContext(user, requestId, query(request),
          request.getHeader("Accept").map(h -> h.value()).orElse("application/json"), "", new byte[0]);
      return audit.handle(auditPath.get(), ctx);
    }
    Optional<ApiPath> parsed = ApiPath.parse(path, registry);
    if (parsed.isEmpty()) {
      request.discardEntityBytes(materializer);
      throw StatusException.of(404, "NotFound", "the server could not find the requested resource");
    }
    ApiPath api = parsed.get();
    if (request.entity().getContentLengthOption().isPresent()
        && request.entity().getContentLengthOption().getAsLong() > maxBodyBytes) {
      request.discardEntityBytes(materializer);
      throw StatusException.tooLarge(maxBodyBytes);
    }
    return request.entity().toStrict(30_000, maxBodyBytes, materializer).thenCompose(strict -> {
      RequestContext ctx = new RequestContext(user, requestId, query(request),
          request.getHeader("Accept").map(h -> h.value()).orElse("application/json"),
          rawContentType(request),
          strict.getData().toArray());
      return route(request, api, ctx);
    });
  }

  private CompletionStage<HttpResponse> route(HttpRequest request, ApiPath api, RequestContext ctx) {
    var method = request.method();
    if (api.isPodStream()) {
      if (api.subresource().equals("log") && method == HttpMethods.GET) return podStreams.logs(api, ctx);
      if (api.subresource().equals("exec") && (method == HttpMethods.GET || method == HttpMethods.POST)) {
        return podStreams.exec(request, api, ctx);
      }
      if (api.subresource().equals("portforward") && (method == HttpMethods.GET || method == HttpMethods.POST)) {
        return podStreams.portForward(request, api);
      }
      throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
    if (api.isPodAction()) {
      if (method != HttpMethods.POST) throw StatusException.methodNotAllowed("pods/" + api.subresource() + " only accepts create (POST)");
      return api.subresource().equals("binding") ? podActions.bind(api, ctx) : podActions.evict(api, ctx);
    }
    if (api.isCollection()) {
      if (method == HttpMethods.GET) return ctx.flag("watch") ? lists.watch(api, ctx) : lists.list(api, ctx);
      if (method == HttpMethods.POST) return resources.create(api, ctx);
      if (method == HttpMethods.DELETE) return lists.deleteCollection(api, ctx);
    } else {
      if (method == HttpMethods.GET) return resources.get(api, ctx);
      if (method == HttpMethods.PUT) return resources.update(api, ctx);
      if (method == HttpMethods.PATCH) return resources.patch(api, ctx);
      if (method == HttpMethods.DELETE) {
        if (api.kind().type().kind().equals("Namespace") && api.subresource() == null && !ctx.dryRun()) {
          return lists.deleteNamespaceContents(api.name(), ctx).thenCompose(done -> resources.delete(api, ctx));
        }
        return resources.delete(api, ctx);
      }
    }
    throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
  }

  private static String rawContentType(HttpRequest request) {
    // Pekko models media types it knows; Kubernetes' own (strategic-merge-patch+json…) are kept raw.
    String ct = request.entity().getContentType().toString();
    return ct.startsWith("application/octet-stream") ? "" : ct;
  }

  private static Map<String, String> query(HttpRequest request) {
    Map<String, String> q = new HashMap<>();
    request.getUri().rawQueryString().ifPresent(raw -> {
      for (String pair : raw.split("&")) {
        if (pair.isEmpty()) continue;
        int eq = pair.indexOf('=');
        String k = decode(eq < 0 ? pair : pair.substring(0, eq));
        String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
        q.putIfAbsent(k, v);
      }
    });
    return q;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw StatusException.badRequest("malformed query string: " + e.getMessage());
    }
  }

  private HttpResponse failure(Throwable e, HttpRequest request) {
    Throwable cause = e;
    while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof StatusException se) return Responses.status(se);
    if (cause instanceof EntityStreamSizeException) return Responses.status(StatusException.tooLarge(maxBodyBytes));
    // A chunked body that outgrows the limit fails while it is read, as "Request too large".
    if (cause instanceof EntityStreamException ese) {
      return Responses.status(ese.info().summary().startsWith("Request too large")
          ? StatusException.tooLarge(maxBodyBytes)
          : StatusException.badRequest("could not read the request body: " + ese.info().formatPretty()));
    }
    if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
      return Responses.status(StatusException.timeout(
          "the server was unable to finish the request in time; it may still complete: retry with a GET"));
    }
    log.error("unexpected failure serving {} {}", request.method().value(), request.getUri().path(), cause);
    return Responses.status(StatusException.of(500, "InternalError",
        "an internal error occurred: " + cause.getClass().getSimpleName()));
  }
}
