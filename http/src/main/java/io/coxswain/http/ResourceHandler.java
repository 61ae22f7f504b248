package io.coxswain.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.store.ResourceEntity;
import io.coxswain.actors.store.ResourceEntity.Result;
import io.coxswain.actors.services.ServiceWrites;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.actors.watch.CachedObject;
import io.coxswain.actors.watch.WatchCache;
import io.coxswain.core.Cause;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import io.coxswain.core.kinds.NamespaceStrategy;
import io.coxswain.core.kinds.ServiceStrategy;
import io.coxswain.core.write.DeleteOptions;
import io.coxswain.core.write.PatchType;
import io.coxswain.core.write.Scales;
import io.coxswain.core.write.Subresource;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/** Single-object verbs: create, get, update, patch and delete, each answered by the object's entity. */
public final class ResourceHandler {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  private static final String GENERATED_CHARS = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  /**
   * Resources whose delete answers with the deleted object even when it is gone at once, as their
   * Kubernetes registries do and as clients generated from its OpenAPI expect. Every other resource
   * answers an immediate delete with a Success Status (the Java client reads it as V1Status).
   */
  private static final Set<String> RETURNS_DELETED_OBJECT = Set.of("pods", "services", "serviceaccounts");

  private final ResourceStore store;
  private final ServiceWrites services;
  private final WatchCache namespaces;
  private final Clock clock;

  public ResourceHandler(ResourceStore store, ServiceWrites services, WatchCache namespaces, Clock clock) {
    this.store = store;
    this.services = services;
    this.namespaces = namespaces;
    this.clock = clock;
  }

  public CompletionStage<HttpResponse> create(ApiPath path, RequestContext ctx) {
    ResourceType type = path.kind().type();
    if (type.namespaced() && path.namespace() == null) {
      throw StatusException.methodNotAllowed("create a " + type.kind() + " under /namespaces/{namespace}/" + type.plural());
    }
    JsonNode body = RequestBodies.parse(ctx.body(), ctx.contentType());
    ObjectNode obj = RequestBodies.forKind(body, type, path.namespace());
    List<String> warnings = RequestBodies.checkFields(obj, type, ctx.param("fieldValidation", null));
    String name = Metadata.name(obj);
    if (name == null || name.isEmpty()) {
      String prefix = Metadata.generateName(obj);
      if (prefix == null || prefix.isEmpty()) {
        throw StatusException.invalid(type, "", List.of(new Cause("FieldValueRequired",
            "name or generateName is required", "metadata.name")));
      }
      name = prefix + randomSuffix();
      Metadata.of(obj).put("name", name);
    }
    requireValidName(type, name);
    String finalName = name;
    var info = ctx.info("create");
    return namespaceAccepting(type, path.namespace(), finalName)
        .thenCompose(ok -> isService(type)
            ? services.create(obj, info)
            : store.ask(type, path.namespace(), finalName, r -> new ResourceEntity.Create(obj, info, r)))
        .thenApply(res -> Responses.object(201, res.object(), ctx.accept(), warnings));
  }

  public CompletionStage<HttpResponse> get(ApiPath path, RequestContext ctx) {
    ResourceType type = path.kind().type();
    if (!plausibleName(path.name())) throw StatusException.notFound(type, path.name());
    return store.ask(type, path.namespace(), path.name(), ResourceEntity.Get::new)
        .thenApply(res -> {
          ObjectNode obj = res.object();
          if ("scale".equals(path.subresource())) return Responses.object(200, Scales.toScale(obj), ctx.accept(), List.of());
          if (Tables.wanted(ctx.accept())) {
            return Responses.object(200, Tables.table(path.kind(), List.of(obj), Metadata.resourceVersion(obj),
                ctx.param("includeObject", null), true, clock.instant()), ctx.accept(), List.of());
          }
          return Responses.object(200, obj, ctx.accept(), List.of());
        });
  }

  public CompletionStage<HttpResponse> update(ApiPath path, RequestContext ctx) {
    ResourceType type = path.kind().type();
    Subresource sub = Subresource.parse(path.subresource());
    JsonNode body = RequestBodies.parse(ctx.body(), ctx.contentType());
    ObjectNode obj;
    List<String> warnings = List.of();
    if (sub == Subresource.SCALE) {
      if (!(body instanceof ObjectNode o)) throw StatusException.badRequest("the request body must be an autoscaling/v1 Scale object");
      obj = o;
    } else {
      obj = RequestBodies.forKind(body, type, path.namespace());
      warnings = RequestBodies.checkFields(obj, type, ctx.param("fieldValidation", null));
    }
    String bodyName = Metadata.name(obj);
    if (bodyName != null && !bodyName.isEmpty() && !bodyName.equals(path.name())) {
      throw StatusException.badRequest("the name of the object (" + bodyName
          + ") does not match the name on the URL (" + path.name() + ")");
    }
    if (!plausibleName(path.name())) throw StatusException.notFound(type, path.name());
    var info = ctx.info("update");
    List<String> w = warnings;
    CompletionStage<Result> write = isService(type) && sub == Subresource.MAIN
        ? services.update(path.namespace(), path.name(), obj, info)
        : store.ask(type, path.namespace(), path.name(), r -> new ResourceEntity.Update(obj, sub, info, r));
    return write.thenApply(res -> respond(sub, res, ctx, w));
  }

  public CompletionStage<HttpResponse> patch(ApiPath path, RequestContext ctx) {
    ResourceType type = path.kind().type();
    Subresource sub = Subresource.parse(path.subresource());
    PatchType patchType = PatchType.fromContentType(ctx.contentType());
    JsonNode patch = RequestBodies.parse(ctx.body(), patchType == PatchType.APPLY_PATCH ? "application/yaml" : "application/json");
    List<String> warnings = List.of();
    if (patchType == PatchType.APPLY_PATCH) {
      if (ctx.param("fieldManager").isEmpty()) {
        throw StatusException.badRequest("fieldManager is required for apply requests");
      }
      patch = RequestBodies.forKind(patch, type, path.namespace());
      String applied = Metadata.name(patch);
      if (applied != null && !applied.isEmpty() && !applied.equals(path.name())) {
        throw StatusException.badRequest("the name of the object (" + applied
            + ") does not match the name on the URL (" + path.name() + ")");
      }
      Metadata.of((ObjectNode) patch).put("name", path.name());
    }
    if (sub != Subresource.SCALE && patchType != PatchType.JSON_PATCH) {
      warnings = RequestBodies.checkFields(patch, type, ctx.param("fieldValidation", null));
    }
    requireValidName(type, path.name());
    JsonNode p = patch;
    var info = ctx.info(patchType == PatchType.APPLY_PATCH ? "apply" : "patch");
    List<String> w = warnings;
    CompletionStage<Void> precheck = patchType == PatchType.APPLY_PATCH
        ? namespaceAccepting(type, path.namespace(), path.name()) : CompletableFuture.completedFuture(null);
    return precheck
        .thenCompose(ok -> isService(type) && sub == Subresource.MAIN
            ? services.patch(path.namespace(), path.name(), patchType, p, info)
            : store.ask(type, path.namespace(), path.name(), r -> new ResourceEntity.Patch(patchType, p, sub, info, r)))
        .thenApply(res -> respond(sub, res, ctx, w));
  }

  public CompletionStage<HttpResponse> delete(ApiPath path, RequestContext ctx) {
    ResourceType type = path.kind().type();
    if (path.subresource() != null) throw StatusException.methodNotAllowed("delete is not supported on " + path.subresource());
    JsonNode body = ctx.body().length == 0 ? null : RequestBodies.parse(ctx.body(), ctx.contentType());
    DeleteOptions options = DeleteOptions.from(body, ctx.param("gracePeriodSeconds", null),
        ctx.param("propagationPolicy", null), ctx.query().containsKey("orphanDependents") ? ctx.flag("orphanDependents") : null);
    if (!plausibleName(path.name())) throw StatusException.notFound(type, path.name());
    return deleteOne(type, path.namespace(), path.name(), options, ctx)
        .thenApply(res -> Responses.object(200,
            res.removed() && !RETURNS_DELETED_OBJECT.contains(type.qualifiedResource()) ? deleted(type, res.object()) : res.object(),
            ctx.accept(), List.of()));
  }

  /** The Success Status Kubernetes answers when an object is gone at once; details.kind is the resource. */
  private static ObjectNode deleted(ResourceType type, ObjectNode obj) {
    ObjectNode status = Json.MAPPER.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success");
    ObjectNode details = status.putObject("details");
    details.put("name", Metadata.name(obj));
    if (!type.group().isEmpty()) details.put("group", type.group());
    details.put("kind", type.plural());
    details.put("uid", Metadata.uid(obj));
    return status;
  }

  /** Deletes one object for deletecollection; the caller collects the results. */
  public CompletionStage<Result> deleteOne(ResourceType type, String namespace, String name, DeleteOptions options, RequestContext ctx) {
    var info = ctx.info("delete");
    // A deleted Service gives its cluster IP and node ports back at once.
    if (isService(type)) return services.delete(namespace, name, options, info);
    return store.ask(type, namespace, name, r -> new ResourceEntity.Delete(options, info, r));
  }

  /** Services' main resource is written through the allocating registry, as in kube-apiserver. */
  private static boolean isService(ResourceType type) {
    return type.equals(ServiceStrategy.TYPE);
  }

  private HttpResponse respond(Subresource sub, Result res, RequestContext ctx, List<String> warnings) {
    JsonNode out = sub == Subresource.SCALE ? Scales.toScale(res.object()) : res.object();
    return Responses.object(res.created() ? 201 : 200, out, ctx.accept(), warnings);
  }

  /**
   * Objects may only be created in a namespace that exists and is not being deleted. Asks the
   * Namespace entity, not a cache, so a namespace created a moment ago counts. A terminating
   * namespace refuses as Kubernetes' NamespaceLifecycle admission does: 403 with a
   * NamespaceTerminating cause, which clients such as Helm look for.
   */
  private CompletionStage<Void> namespaceAccepting(ResourceType type, String namespace, String name) {
    if (namespace == null) return CompletableFuture.completedFuture(null);
    // The cache answers for namespaces that exist and are active; only a miss (a namespace created
    // a moment ago, or none) needs the entity's word.
    CachedObject cached = namespaces.get(null, namespace);
    if (cached != null && "Active".equals(cached.fields().get("status.phase"))) {
      return CompletableFuture.completedFuture(null);
    }
    return store.ask(NamespaceStrategy.TYPE, null, namespace, ResourceEntity.Get::new)
        .handle((res, err) -> {
          if (err != null) {
            Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
            if (cause instanceof StatusException se && se.code() == 404) throw StatusException.namespaceNotFound(namespace);
            throw cause instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(cause);
          }
          if (Metadata.deletionTimestamp(res.object()) != null) {
            throw StatusException.forbidden(type, name, "unable to create new content in namespace " + namespace
                + " because it is being terminated", List.of(new Cause("NamespaceTerminating",
                "namespace " + namespace + " is being terminated", "metadata.namespace")));
          }
          return null;
        });
  }

  private static void requireValidName(ResourceType type, String name) {
    if (name.length() > 253 || !NAME.matcher(name).matches()) {
      throw StatusException.invalid(type, name, List.of(Cause.invalid("metadata.name", name,
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
              + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
              + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")));
    }
  }

  /** A name no object can have is answered 404 without waking an entity for it. */
  private static boolean plausibleName(String name) {
    return name != null && name.length() <= 253 && NAME.matcher(name).matches();
  }

  private static String randomSuffix() {
    StringBuilder sb = new StringBuilder(5);
    for (int i = 0; i < 5; i++) sb.append(GENERATED_CHARS.charAt(RANDOM.nextInt(GENERATED_CHARS.length())));
    return sb.toString();
  }
}
