package io.coxswain.http.openapi;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.ResourceType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiDocumentsTest {
  private static final OpenApiDocuments DOCS = new OpenApiDocuments(ResourceRegistry.standard());

  private static JsonNode parse(byte[] bytes) {
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode v3(ResourceType t) {
    return parse(DOCS.v3(t.groupVersionPath()).orElseThrow(() -> new AssertionError(t.apiVersion())));
  }

  @Test
  void indexListsEveryServedGroupVersionWithItsHashedUrl() {
    JsonNode paths = parse(DOCS.v3Index()).path("paths");
    List<String> expected = ResourceRegistry.standard().groupVersions().stream()
        .map(gv -> gv.contains("/") ? "apis/" + gv : "api/" + gv).toList();
    List<String> listed = new ArrayList<>();
    paths.fieldNames().forEachRemaining(listed::add);
    assertEquals(expected, listed);
    for (String gv : expected) {
      String hash = DOCS.v3Hash(gv).orElseThrow();
      assertTrue(hash.matches("[0-9A-F]{128}"), hash);
      assertEquals("/openapi/v3/" + gv + "?hash=" + hash, paths.path(gv).path("serverRelativeURL").asText());
      assertEquals(OpenApiDocuments.hash(DOCS.v3(gv).orElseThrow()), hash);
    }
    assertEquals(List.of("api/v1", "apis/apps/v1", "apis/discovery.k8s.io/v1", "apis/coordination.k8s.io/v1",
        "apis/networking.k8s.io/v1", "apis/coxswain.io/v1"), DOCS.v3Paths());
  }

  @Test
  void answersOnlyServedGroupVersionsWithOrWithoutSlashes() {
    assertTrue(DOCS.v3("/apis/apps/v1").isPresent());
    assertTrue(DOCS.v3("apis/apps/v1/").isPresent());
    assertTrue(DOCS.v3("apis/batch/v1").isEmpty());
    assertTrue(DOCS.v3Hash("apis/batch/v1").isEmpty());
  }

  @Test
  void everyKindHasAPatchOperationNamingItsKindAndTakingFieldValidation() {
    for (RegisteredKind k : ResourceRegistry.standard().kinds()) {
      ResourceType t = k.type();
      JsonNode doc = v3(t);
      assertEquals("3.0.0", doc.path("openapi").asText());
      int patches = 0;
      for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
        JsonNode patch = it.next().getValue().path("patch");
        JsonNode gvk = patch.path("x-kubernetes-group-version-kind");
        if (!gvk.path("kind").asText().equals(t.kind()) || !gvk.path("group").asText().equals(t.group())) {
          continue;
        }
        patches++;
        assertEquals(t.version(), gvk.path("version").asText());
        assertEquals("patch", patch.path("x-kubernetes-action").asText());
        List<String> query = new ArrayList<>();
        patch.path("parameters").forEach(p -> {
          if (p.path("in").asText().equals("query")) query.add(p.path("name").asText());
        });
        assertTrue(query.containsAll(List.of("dryRun", "fieldManager", "fieldValidation", "force")), query.toString());
        assertTrue(patch.path("requestBody").path("content").has("application/strategic-merge-patch+json"));
        assertTrue(patch.path("requestBody").path("content").has("application/apply-patch+yaml"));
      }
      assertEquals(t.hasStatus() ? 2 : 1, patches, t.kind());
    }
  }

  @Test
  void itemPathsOfferReadReplaceAndDeleteAndCollectionsListAndCreate() {
    JsonNode paths = v3(io.coxswain.core.kinds.PodStrategy.TYPE).path("paths");
    JsonNode item = paths.path("/api/v1/namespaces/{namespace}/pods/{name}");
    assertEquals(List.of("get", "put", "patch", "delete"), fieldNames(item).subList(0, 4));
    assertEquals("readCoreV1NamespacedPod", item.path("get").path("operationId").asText());
    JsonNode collection = paths.path("/api/v1/namespaces/{namespace}/pods");
    assertEquals("list", collection.path("get").path("x-kubernetes-action").asText());
    assertEquals("#/components/schemas/io.k8s.api.core.v1.PodList",
        collection.path("get").path("responses").path("200").path("content").path("application/json")
            .path("schema").path("$ref").asText());
    assertEquals("post", collection.path("post").path("x-kubernetes-action").asText());
    assertEquals("deletecollection", collection.path("delete").path("x-kubernetes-action").asText());
    assertTrue(paths.has("/api/v1/pods"));
    assertTrue(v3(io.coxswain.core.kinds.NodeStrategy.TYPE).path("paths").has("/api/v1/nodes/{name}/status"));
  }

  @Test
  void scaleSubresourceSpeaksAutoscalingScale() {
    JsonNode doc = v3(io.coxswain.core.kinds.DeploymentStrategy.TYPE);
    JsonNode scale = doc.path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale");
    assertEquals("Scale", scale.path("patch").path("x-kubernetes-group-version-kind").path("kind").asText());
    assertEquals("autoscaling", scale.path("patch").path("x-kubernetes-group-version-kind").path("group").asText());
    assertEquals("patchAppsV1NamespacedDeploymentScale", scale.path("patch").path("operationId").asText());
    assertEquals("Scale", doc.path("components").path("schemas").path("io.k8s.api.autoscaling.v1.Scale")
        .path("x-kubernetes-group-version-kind").path(0).path("kind").asText());
  }

  @Test
  void everyReferenceInEveryDocumentResolves() {
    for (String gv : DOCS.v3Paths()) {
      JsonNode doc = parse(DOCS.v3(gv).orElseThrow());
      List<String> dangling = new ArrayList<>();
      collectRefs(doc, "#/components/schemas/", doc.path("components").path("schemas"), dangling);
      assertEquals(List.of(), dangling, gv);
    }
    JsonNode v2 = parse(DOCS.v2());
    List<String> dangling = new ArrayList<>();
    collectRefs(v2, "#/definitions/", v2.path("definitions"), dangling);
    assertEquals(List.of(), dangling);
  }

  @Test
  void explainCanWalkFromThePodKindToContainerFields() {
    JsonNode doc = v3(io.coxswain.core.kinds.PodStrategy.TYPE);
    JsonNode schemas = doc.path("components").path("schemas");
    JsonNode pod = null;
    for (JsonNode s : schemas) {
      JsonNode gvk = s.path("x-kubernetes-group-version-kind").path(0);
      if (gvk.path("kind").asText().equals("Pod") && gvk.path("version").asText().equals("v1")) pod = s;
    }
    assertNotNull(pod);
    JsonNode spec = resolve(schemas, pod.path("properties").path("spec"));
    JsonNode containers = spec.path("properties").path("containers");
    assertEquals("array", containers.path("type").asText());
    assertFalse(containers.path("description").asText().isEmpty());
    JsonNode container = resolve(schemas, containers.path("items"));
    assertTrue(container.path("properties").path("imagePullPolicy").path("description").asText()
        .contains("IfNotPresent"));
    JsonNode quantity = resolve(schemas, container.path("properties").path("resources")).path("properties")
        .path("limits").path("additionalProperties");
    assertTrue(resolve(schemas, quantity).path("description").asText().startsWith("Quantity"));
  }

  @Test
  void swaggerV2CarriesDefinitionsAndBodyParameters() {
    JsonNode v2 = parse(DOCS.v2());
    assertEquals("2.0", v2.path("swagger").asText());
    assertTrue(v2.path("definitions").has("io.k8s.api.apps.v1.Deployment"));
    JsonNode patch = v2.path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").path("patch");
    assertEquals("body", patch.path("parameters").path(0).path("in").asText());
    assertEquals("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
        patch.path("parameters").path(0).path("schema").path("$ref").asText());
    assertTrue(patch.path("consumes").toString().contains("application/strategic-merge-patch+json"));
    assertEquals(OpenApiDocuments.hash(DOCS.v2()), DOCS.v2Hash());
  }

  private static JsonNode resolve(JsonNode schemas, JsonNode node) {
    JsonNode ref = node.has("allOf") ? node.path("allOf").path(0).path("$ref") : node.path("$ref");
    String name = ref.asText().substring("#/components/schemas/".length());
    assertTrue(schemas.has(name), name);
    return schemas.path(name);
  }

  private static void collectRefs(JsonNode node, String prefix, JsonNode definitions, List<String> dangling) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && (!ref.asText().startsWith(prefix) || !definitions.has(ref.asText().substring(prefix.length())))) {
        dangling.add(ref.asText());
      }
      node.forEach(child -> collectRefs(child, prefix, definitions, dangling));
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, prefix, definitions, dangling));
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
