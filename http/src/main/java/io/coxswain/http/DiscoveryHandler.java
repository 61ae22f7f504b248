package io.coxswain.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.http.discovery.DiscoveryDocuments;
import io.coxswain.http.discovery.ServedGroup;
import io.coxswain.http.openapi.OpenApiDocuments;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * /version, discovery (/api, /apis, plain or aggregated by Accept) and OpenAPI documents. These are
 * static for the life of the server, so they are built once.
 */
final class DiscoveryHandler {
  private final DiscoveryDocuments discovery;
  private final OpenApiDocuments openapi;
  private final String serverAddress;

  DiscoveryHandler(ResourceRegistry registry, String serverAddress, java.util.List<ServedGroup> served) {
    this.discovery = new DiscoveryDocuments(registry, served);
    this.openapi = new OpenApiDocuments(registry);
    this.serverAddress = serverAddress;
  }

  /** The answer when {@code path} is a discovery or OpenAPI path; empty otherwise. */
  Optional<HttpResponse> handle(HttpRequest request, String path) {
    if (request.method() != HttpMethods.GET) return Optional.empty();
    String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String accept = request.getHeader("Accept").map(h -> h.value()).orElse("");
    Optional<String> aggregated = DiscoveryDocuments.aggregatedContentType(accept);
    switch (p) {
      case "/version":
        return Optional.of(json(DiscoveryDocuments.version()));
      case "/api":
        return Optional.of(aggregated.isPresent()
            ? json(discovery.aggregatedApi(aggregated.get()), aggregated.get())
            : json(discovery.apiVersions(serverAddress)));
      case "/apis":
        return Optional.of(aggregated.isPresent()
            ? json(discovery.aggregatedApis(aggregated.get()), aggregated.get())
            : json(discovery.apiGroupList()));
      case "/openapi/v2":
        return Optional.of(Responses.json(200, openapi.v2()));
      case "/openapi/v3":
        return Optional.of(Responses.json(200, openapi.v3Index()));
      default:
        break;
    }
    String[] seg = p.substring(1).split("/");
    if (p.startsWith("/openapi/v3/")) {
      return Optional.of(openapi.v3(p.substring("/openapi/v3/".length()))
          .map(body -> Responses.json(200, body))
          .orElseGet(() -> Responses.status(io.coxswain.core.StatusException.of(404, "NotFound",
              "no OpenAPI document for " + p))));
    }
    if (seg.length == 2 && seg[0].equals("api")) {
      return discovery.apiResourceList("", seg[1]).map(this::json);
    }
    if (seg.length == 2 && seg[0].equals("apis")) {
      return discovery.apiGroup(seg[1]).map(this::json);
    }
    if (seg.length == 3 && seg[0].equals("apis")) {
      return discovery.apiResourceList(seg[1], seg[2]).map(this::json);
    }
    return Optional.empty();
  }

  private HttpResponse json(ObjectNode body) {
    return json(body, null);
  }

  private HttpResponse json(ObjectNode body, String contentType) {
    try {
      byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
      if (contentType == null) return Responses.json(200, bytes);
      ContentType ct = ContentTypes.parse(contentType);
      return HttpResponse.create().withStatus(200).withEntity(HttpEntities.create(ct, bytes));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
