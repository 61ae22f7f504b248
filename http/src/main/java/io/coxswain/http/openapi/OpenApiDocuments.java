package io.coxswain.http.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.ResourceType;
import io.coxswain.core.schema.ModelSchemas;
import io.coxswain.core.schema.SchemaDialect;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The OpenAPI documents kube-apiserver serves, built once from the registry and the model schemas:
 * the {@code /openapi/v3} index, one OpenAPI 3.0 document per group version
 * ({@code /openapi/v3/api/v1}, {@code /openapi/v3/apis/apps/v1}) and the Swagger 2.0
 * {@code /openapi/v2}. kubectl needs them for {@code apply}, {@code create -f} and {@code explain}.
 * Documents are serialized JSON; their hashes are uppercase hex SHA-512, as Kubernetes computes them.
 */
public final class OpenApiDocuments {
  /** The version kube-apiserver would report in {@code info.version}. */
  public static final String API_VERSION = "v1.32.0";

  private final ResourceRegistry registry;
  private final ModelSchemas schemas;
  private volatile Built built;

  private record Built(byte[] v3Index, Map<String, byte[]> v3, Map<String, String> v3Hashes, byte[] v2, String v2Hash) {}

  public OpenApiDocuments(ResourceRegistry registry) {
    this(registry, registry == ResourceRegistry.standard() ? ModelSchemas.standard() : ModelSchemas.of(registry));
  }

  public OpenApiDocuments(ResourceRegistry registry, ModelSchemas schemas) {
    this.registry = registry;
    this.schemas = schemas;
  }

  /** {@code GET /openapi/v3}: every group version's document path and hashed URL. */
  public byte[] v3Index() {
    return built().v3Index;
  }

  /**
   * {@code GET /openapi/v3/<groupVersionPath>}, where the path is "api/v1" or "apis/apps/v1" (a
   * leading slash is ignored); empty for a group version that is not served.
   */
  public Optional<byte[]> v3(String groupVersionPath) {
    return Optional.ofNullable(built().v3.get(normalize(groupVersionPath)));
  }

  /** The content hash of a group version's document: its ETag and the {@code hash} of its URL. */
  public Optional<String> v3Hash(String groupVersionPath) {
    return Optional.ofNullable(built().v3Hashes.get(normalize(groupVersionPath)));
  }

  /** The group version paths the index lists, core first: "api/v1", "apis/apps/v1", … */
  public List<String> v3Paths() {
    return List.copyOf(built().v3.keySet());
  }

  /** {@code GET /openapi/v2}: the Swagger 2.0 document of every served kind. */
  public byte[] v2() {
    return built().v2;
  }

  /** The content hash of {@link #v2()}, for its ETag. */
  public String v2Hash() {
    return built().v2Hash;
  }

  private Built built() {
    Built b = built;
    if (b == null) {
      synchronized (this) {
        b = built;
        if (b == null) {
          b = build();
          built = b;
        }
      }
    }
    return b;
  }

  private Built build() {
    Map<String, List<ResourceType>> byGroupVersion = new LinkedHashMap<>();
    for (RegisteredKind k : registry.kinds()) {
      byGroupVersion.computeIfAbsent(normalize(k.type().groupVersionPath()), p -> new ArrayList<>()).add(k.type());
    }
    Map<String, byte[]> v3 = new LinkedHashMap<>();
    Map<String, String> hashes = new LinkedHashMap<>();
    ObjectNode index = JsonNodeFactory.instance.objectNode();
    ObjectNode indexPaths = index.putObject("paths");
    for (Map.Entry<String, List<ResourceType>> gv : byGroupVersion.entrySet()) {
      byte[] doc = bytes(document(gv.getValue(), SchemaDialect.OPENAPI_V3));
      String hash = hash(doc);
      v3.put(gv.getKey(), doc);
      hashes.put(gv.getKey(), hash);
      indexPaths.putObject(gv.getKey()).put("serverRelativeURL", "/openapi/v3/" + gv.getKey() + "?hash=" + hash);
    }
    List<ResourceType> all = registry.kinds().stream().map(RegisteredKind::type).toList();
    byte[] v2 = bytes(document(all, SchemaDialect.SWAGGER_V2));
    return new Built(bytes(index), Collections.unmodifiableMap(v3), Map.copyOf(hashes), v2, hash(v2));
  }

  private ObjectNode document(List<ResourceType> kinds, SchemaDialect dialect) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    if (dialect == SchemaDialect.OPENAPI_V3) {
      doc.put("openapi", "3.0.0");
    } else {
      doc.put("swagger", "2.0");
    }
    doc.putObject("info").put("title", "Kubernetes").put("version", API_VERSION);

    Map<String, ObjectNode> paths = new TreeMap<>();
    Set<String> roots = new TreeSet<>(List.of(ModelSchemas.STATUS, ModelSchemas.DELETE_OPTIONS, ModelSchemas.PATCH));
    for (ResourceType t : kinds) {
      for (ApiPath path : ApiPaths.of(t, schemas)) {
        paths.put(path.path(), PathRenderer.pathItem(path, dialect));
      }
      schemas.kindDefinition(t).ifPresent(roots::add);
      schemas.listDefinition(t).ifPresent(roots::add);
      if (t.hasScale()) {
        roots.add(ModelSchemas.SCALE);
      }
    }
    ObjectNode pathsNode = doc.putObject("paths");
    paths.forEach(pathsNode::set);

    ObjectNode definitions = schemas.toJson(schemas.reachableFrom(roots), dialect);
    if (dialect == SchemaDialect.OPENAPI_V3) {
      ObjectNode components = doc.putObject("components");
      components.set("schemas", definitions);
      components.putObject("securitySchemes").putObject("BearerToken")
          .put("description", "Bearer Token authentication").put("in", "header").put("name", "authorization")
          .put("type", "apiKey");
    } else {
      doc.set("definitions", definitions);
      doc.putObject("securityDefinitions").putObject("BearerToken")
          .put("description", "Bearer Token authentication").put("in", "header").put("name", "authorization")
          .put("type", "apiKey");
    }
    doc.putArray("security").addObject().putArray("BearerToken");
    return doc;
  }

  private static String normalize(String groupVersionPath) {
    String p = groupVersionPath.startsWith("/") ? groupVersionPath.substring(1) : groupVersionPath;
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return Json.MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String hash(byte[] content) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is part of every Java runtime", e);
    }
  }
}
