package io.coxswain.core.schema;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.kinds.DeploymentStrategy;
import io.coxswain.core.kinds.PodStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelSchemasTest {
  private final ModelSchemas schemas = ModelSchemas.standard();

  @Test
  void resolvesPodThroughPodSpecToContainerFieldsWithDescriptions() {
    String pod = schemas.kindDefinition(PodStrategy.TYPE).orElseThrow();
    assertEquals("io.k8s.api.core.v1.Pod", pod);
    Property spec = schemas.definition(pod).orElseThrow().properties().get("spec");
    assertEquals(new SchemaType.Ref("io.k8s.api.core.v1.PodSpec"), spec.type());

    Definition podSpec = schemas.definition("io.k8s.api.core.v1.PodSpec").orElseThrow();
    Property containers = podSpec.properties().get("containers");
    assertEquals(new SchemaType.ArrayOf(new SchemaType.Ref("io.k8s.api.core.v1.Container")), containers.type());
    assertTrue(containers.required());
    assertTrue(podSpec.required().contains("containers"));
    assertTrue(containers.description().startsWith("List of containers belonging to the pod."));

    Definition container = schemas.definition("io.k8s.api.core.v1.Container").orElseThrow();
    assertTrue(container.description().startsWith("A single application container"));
    assertTrue(container.properties().get("imagePullPolicy").description().contains("Always, Never, IfNotPresent"));
    assertEquals(new SchemaType.Primitive("string", null), container.properties().get("image").type());
    assertEquals(
        new SchemaType.MapOf(new SchemaType.Ref("io.k8s.apimachinery.pkg.api.resource.Quantity")),
        schemas.definition("io.k8s.api.core.v1.ResourceRequirements").orElseThrow().properties().get("limits").type());
  }

  @Test
  void namesDefinitionsAfterTheKubernetesPackages() {
    Set<String> names = schemas.definitions().keySet();
    for (String expected :
        List.of(
            "io.k8s.api.apps.v1.Deployment",
            "io.k8s.api.apps.v1.DeploymentList",
            "io.k8s.api.apps.v1.RollingUpdateDeployment",
            "io.k8s.api.apps.v1.ReplicaSetSpec",
            "io.k8s.api.core.v1.PodTemplateSpec",
            "io.k8s.api.core.v1.Event",
            "io.k8s.api.core.v1.EndpointPort",
            "io.k8s.api.core.v1.ScaleIOVolumeSource",
            "io.k8s.api.discovery.v1.EndpointSlice",
            "io.k8s.api.discovery.v1.Endpoint",
            "io.k8s.api.discovery.v1.EndpointPort",
            "io.k8s.api.coordination.v1.LeaseSpec",
            "io.k8s.api.autoscaling.v1.Scale",
            "io.k8s.api.autoscaling.v1.ScaleSpec",
            "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
            "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference",
            "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector",
            "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
            "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
            "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime",
            "io.k8s.apimachinery.pkg.api.resource.Quantity",
            "io.k8s.apimachinery.pkg.util.intstr.IntOrString")) {
      assertTrue(names.contains(expected), expected);
    }
    assertTrue(names.stream().noneMatch(n -> n.contains(".V1") || n.contains("CoreV1")), "no client class names");
  }

  @Test
  void marksEveryKindAndListWithItsGroupVersionKind() {
    List<String> withoutModel = new java.util.ArrayList<>();
    for (RegisteredKind k : ResourceRegistry.standard().kinds()) {
      var t = k.type();
      if (schemas.kindDefinition(t).isEmpty()) {
        withoutModel.add(t.apiVersion() + "/" + t.kind());
        continue;
      }
      Definition d = schemas.definition(schemas.kindDefinition(t).orElseThrow()).orElseThrow();
      assertEquals(List.of(new GroupVersionKind(t.group(), t.version(), t.kind())), d.groupVersionKinds());
      Definition list = schemas.definition(schemas.listDefinition(t).orElseThrow()).orElseThrow();
      assertEquals(List.of(new GroupVersionKind(t.group(), t.version(), t.listKind())), list.groupVersionKinds());
    }
    // Coxswain's own internal kind has no Kubernetes model to describe it.
    assertEquals(List.of("coxswain.io/v1/NodePortAllocation"), withoutModel);
    assertEquals(
        List.of(new GroupVersionKind("autoscaling", "v1", "Scale")),
        schemas.definition(ModelSchemas.SCALE).orElseThrow().groupVersionKinds());
  }

  @Test
  void everyReferenceNamesADefinition() {
    List<String> dangling = new ArrayList<>();
    for (Definition d : schemas.definitions().values()) {
      for (Property p : d.properties().values()) {
        SchemaType t = p.type();
        while (t instanceof SchemaType.ArrayOf a) t = a.items();
        while (t instanceof SchemaType.MapOf m) t = m.values();
        if (t instanceof SchemaType.Ref r && schemas.definition(r.name()).isEmpty()) {
          dangling.add(d.name() + "." + p.name() + " -> " + r.name());
        }
      }
    }
    assertEquals(List.of(), dangling);
  }

  @Test
  void reachableSetOfDeploymentIncludesPodSpecButNotNodeTypes() {
    Set<String> reached = schemas.reachableFrom(List.of(schemas.kindDefinition(DeploymentStrategy.TYPE).orElseThrow()));
    assertTrue(reached.contains("io.k8s.api.core.v1.Container"));
    assertTrue(reached.contains("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
    assertFalse(reached.contains("io.k8s.api.core.v1.NodeSpec"));
  }

  @Test
  void rendersStrategicMergeDirectivesAndWrapsDescribedReferencesInAllOfInV3() {
    ObjectNode json = schemas.toJson(List.of("io.k8s.api.core.v1.PodSpec", "io.k8s.api.core.v1.Pod"), SchemaDialect.OPENAPI_V3);
    JsonNode containers = json.path("io.k8s.api.core.v1.PodSpec").path("properties").path("containers");
    assertEquals("array", containers.path("type").asText());
    assertEquals("name", containers.path("x-kubernetes-patch-merge-key").asText());
    assertEquals("merge", containers.path("x-kubernetes-patch-strategy").asText());
    assertEquals("#/components/schemas/io.k8s.api.core.v1.Container", containers.path("items").path("$ref").asText());
    JsonNode spec = json.path("io.k8s.api.core.v1.Pod").path("properties").path("spec");
    assertEquals("#/components/schemas/io.k8s.api.core.v1.PodSpec", spec.path("$ref").asText());
    JsonNode created = schemas.toJson(List.of("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"), SchemaDialect.OPENAPI_V3)
        .path("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").path("properties").path("creationTimestamp");
    assertEquals(
        "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time", created.path("allOf").path(0).path("$ref").asText());
    assertTrue(created.path("description").asText().startsWith("CreationTimestamp is a timestamp"));
    assertTrue(created.path("$ref").isMissingNode());
    JsonNode gvk = json.path("io.k8s.api.core.v1.Pod").path("x-kubernetes-group-version-kind").path(0);
    assertEquals("Pod", gvk.path("kind").asText());
    assertEquals("", gvk.path("group").asText());
  }

  @Test
  void wrapsAReferenceWithPatchDirectivesInAllOfInV3() {
    JsonNode strategy = schemas.toJson(List.of("io.k8s.api.apps.v1.DeploymentSpec"), SchemaDialect.OPENAPI_V3)
        .path("io.k8s.api.apps.v1.DeploymentSpec").path("properties").path("strategy");
    assertEquals("retainKeys", strategy.path("x-kubernetes-patch-strategy").asText());
    assertEquals("#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy",
        strategy.path("allOf").path(0).path("$ref").asText());
    JsonNode ports = schemas.toJson(List.of("io.k8s.api.core.v1.ServiceSpec"), SchemaDialect.OPENAPI_V3)
        .path("io.k8s.api.core.v1.ServiceSpec").path("properties").path("ports");
    assertEquals("port", ports.path("x-kubernetes-patch-merge-key").asText());
  }

  @Test
  void rendersSiblingReferencesInV2() {
    ObjectNode json = schemas.toJson(List.of("io.k8s.api.core.v1.Pod"), SchemaDialect.SWAGGER_V2);
    JsonNode spec = json.path("io.k8s.api.core.v1.Pod").path("properties").path("spec");
    assertEquals("#/definitions/io.k8s.api.core.v1.PodSpec", spec.path("$ref").asText());
    assertTrue(spec.path("allOf").isMissingNode());
  }
}
