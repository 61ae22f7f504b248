package io.coxswain.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.store.ResourceEntity;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.core.Json;
import io.coxswain.core.StatusException;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.write.DeleteOptions;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * The pod subresources that act rather than read: {@code binding} (what a scheduler posts to place
 * a pod) and {@code eviction} (what {@code kubectl drain} posts to move one off a node). Both answer
 * 201 with a Success Status, as Kubernetes does.
 */
public final class PodActionsHandler {
  private final ResourceStore store;

  public PodActionsHandler(ResourceStore store) {
    this.store = store;
  }

  public CompletionStage<HttpResponse> bind(ApiPath path, RequestContext ctx) {
    JsonNode body = RequestBodies.parse(ctx.body(), ctx.contentType());
    if (!(body instanceof ObjectNode binding)) throw StatusException.badRequest("the request body must be a v1 Binding object");
    var info = ctx.info("create");
    return store.ask(PodStrategy.TYPE, path.namespace(), path.name(), r -> new ResourceEntity.Bind(binding, info, r))
        .thenApply(res -> Responses.object(201, success(), ctx.accept(), List.of()));
  }

  /**
   * An eviction deletes the pod with the eviction's delete options. There are no
   * PodDisruptionBudgets to consult yet, so every eviction is allowed.
   */
  public CompletionStage<HttpResponse> evict(ApiPath path, RequestContext ctx) {
    JsonNode body = ctx.body().length == 0 ? Json.MAPPER.createObjectNode() : RequestBodies.parse(ctx.body(), ctx.contentType());
    if (!body.isObject()) throw StatusException.badRequest("the request body must be a policy/v1 Eviction object");
    String named = body.path("metadata").path("name").asText("");
    if (!named.isEmpty() && !named.equals(path.name())) {
      throw StatusException.badRequest("name in URL does not match name in Eviction object");
    }
    JsonNode options = body.path("deleteOptions");
    DeleteOptions delete = DeleteOptions.from(options.isObject() ? options : null, null, null, null);
    var info = ctx.info("delete");
    return store.ask(PodStrategy.TYPE, path.namespace(), path.name(), r -> new ResourceEntity.Delete(delete, info, r))
        .thenApply(res -> Responses.object(201, success(), ctx.accept(), List.of()));
  }

  private static ObjectNode success() {
    ObjectNode status = Json.MAPPER.createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success").put("code", 201);
    return status;
  }
}
