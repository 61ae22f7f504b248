package io.coxswain.http.discovery;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoveryDocumentsTest {
  private static final String V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
  private static final String V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
  private static final String KUBECTL_ACCEPT = V2 + "," + V2BETA1 + ",application/json";
  private static final Set<String> IN_CATEGORY_ALL = Set.of("pods", "services", "deployments", "replicasets");

  private final DiscoveryDocuments docs = new DiscoveryDocuments(ResourceRegistry.standard());

  @Test
  void apiListsTheCoreVersionAndTheServerAddress() {
    ObjectNode api = docs.apiVersions("127.0.0.1:6443");
    assertEquals("APIVersions", api.path("kind").asText());
    assertEquals("[\"v1\"]", api.path("versions").toString());
    assertEquals("127.0.0.1:6443", api.path("serverAddressByClientCIDRs").path(0).path("serverAddress").asText());
    assertEquals("0.0.0.0/0", api.path("serverAddressByClientCIDRs").path(0).path("clientCIDR").asText());
  }

  @Test
  void apisListsEveryNamedGroupWithItsPreferredVersion() {
    JsonNode groups = docs.apiGroupList().path("groups");
    List<String> names = new ArrayList<>();
    groups.forEach(g -> names.add(g.path("name").asText()));
    assertEquals(List.of("apps", "discovery.k8s.io", "coordination.k8s.io", "networking.k8s.io", "coxswain.io"), names);
    JsonNode apps = groups.path(0);
    assertEquals("apps/v1", apps.path("versions").path(0).path("groupVersion").asText());
    assertEquals("v1", apps.path("preferredVersion").path("version").asText());
    assertEquals("apps/v1", apps.path("preferredVersion").path("groupVersion").asText());
    assertEquals("APIGroup", docs.apiGroup("apps").orElseThrow().path("kind").asText());
    assertTrue(docs.apiGroup("batch").isEmpty());
    assertTrue(docs.apiGroup("").isEmpty());
  }

  @Test
  void resourceListsCarryEveryKindWithVerbsShortNamesAndCategories() {
    for (RegisteredKind k : ResourceRegistry.standard().kinds()) {
      ResourceType t = k.type();
      JsonNode list = docs.apiResourceList(t.group(), t.version()).orElseThrow();
      assertEquals("APIResourceList", list.path("kind").asText());
      assertEquals(t.apiVersion(), list.path("groupVersion").asText());
      JsonNode r = find(list.path("resources"), "name", t.plural());
      assertEquals(t.kind(), r.path("kind").asText());
      assertEquals(t.singular(), r.path("singularName").asText());
      assertEquals(t.namespaced(), r.path("namespaced").asBoolean());
      assertEquals("[\"create\",\"delete\",\"deletecollection\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]",
          r.path("verbs").toString());
      assertEquals(t.shortNames(), strings(r.path("shortNames")));
      assertEquals(IN_CATEGORY_ALL.contains(t.plural()) ? List.of("all") : List.of(), strings(r.path("categories")));
      assertFalse(r.path("storageVersionHash").asText().isEmpty());
    }
    JsonNode core = docs.apiResourceList("", "v1").orElseThrow();
    assertEquals("[\"po\"]", find(core.path("resources"), "name", "pods").path("shortNames").toString());
    assertTrue(docs.apiResourceList("apps", "v2").isEmpty());
    assertTrue(docs.apiResourceList("batch", "v1").isEmpty());
  }

  @Test
  void resourceListsCarryStatusAndScaleSubresources() {
    JsonNode status = find(docs.apiResourceList("", "v1").orElseThrow().path("resources"), "name", "pods/status");
    assertEquals("Pod", status.path("kind").asText());
    assertEquals("[\"get\",\"patch\",\"update\"]", status.path("verbs").toString());
    JsonNode scale = find(docs.apiResourceList("apps", "v1").orElseThrow().path("resources"), "name", "deployments/scale");
    assertEquals("Scale", scale.path("kind").asText());
    assertEquals("autoscaling", scale.path("group").asText());
    assertEquals("v1", scale.path("version").asText());
    assertNull(find(docs.apiResourceList("", "v1").orElseThrow().path("resources"), "name", "configmaps/status"));
  }

  @Test
  void aggregatedApiHoldsTheCoreGroupAndAggregatedApisTheNamedOnes() {
    ObjectNode api = docs.aggregatedApi(V2);
    assertEquals("APIGroupDiscoveryList", api.path("kind").asText());
    assertEquals("apidiscovery.k8s.io/v2", api.path("apiVersion").asText());
    assertEquals(1, api.path("items").size());
    JsonNode core = api.path("items").path(0);
    assertFalse(core.path("metadata").has("name"));
    JsonNode v1 = core.path("versions").path(0);
    assertEquals("v1", v1.path("version").asText());
    assertEquals("Current", v1.path("freshness").asText());
    JsonNode pods = find(v1.path("resources"), "resource", "pods");
    assertEquals("{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"}", pods.path("responseKind").toString());
    assertEquals("Namespaced", pods.path("scope").asText());
    assertEquals("pod", pods.path("singularResource").asText());
    assertEquals("[\"all\"]", pods.path("categories").toString());
    List<String> subresources = new ArrayList<>();
    pods.path("subresources").forEach(sr -> subresources.add(sr.path("subresource").asText()));
    assertEquals(List.of("binding", "eviction", "exec", "log", "portforward", "status"), subresources,
        "alphabetical, as Kubernetes lists them");
    assertEquals("{\"group\":\"policy\",\"version\":\"v1\",\"kind\":\"Eviction\"}",
        pods.path("subresources").path(1).path("responseKind").toString(), "kubectl drain reads the eviction version here");
    assertEquals("Cluster", find(v1.path("resources"), "resource", "nodes").path("scope").asText());

    ObjectNode apis = docs.aggregatedApis(V2);
    List<String> groups = new ArrayList<>();
    apis.path("items").forEach(i -> groups.add(i.path("metadata").path("name").asText()));
    assertEquals(List.of("apps", "discovery.k8s.io", "coordination.k8s.io", "networking.k8s.io", "coxswain.io"), groups);
    JsonNode deployments = find(apis.path("items").path(0).path("versions").path(0).path("resources"), "resource", "deployments");
    JsonNode scale = find(deployments.path("subresources"), "subresource", "scale");
    assertEquals("{\"group\":\"autoscaling\",\"version\":\"v1\",\"kind\":\"Scale\"}", scale.path("responseKind").toString());
    assertEquals("[\"deploy\"]", deployments.path("shortNames").toString());
  }

  @Test
  void aggregatedV2beta1AnswersInV2beta1() {
    assertEquals("apidiscovery.k8s.io/v2beta1", docs.aggregatedApis(V2BETA1).path("apiVersion").asText());
  }

  @Test
  void negotiatesAggregatedDiscoveryFromTheAcceptHeader() {
    assertEquals(Optional.of(V2), DiscoveryDocuments.aggregatedContentType(KUBECTL_ACCEPT));
    assertEquals(Optional.of(V2BETA1), DiscoveryDocuments.aggregatedContentType(V2BETA1 + ",application/json"));
    assertEquals(Optional.of(V2), DiscoveryDocuments.aggregatedContentType(
        "application/json; as=APIGroupDiscoveryList; v=v2; g=apidiscovery.k8s.io"));
    assertEquals(Optional.empty(), DiscoveryDocuments.aggregatedContentType("application/json"));
    assertEquals(Optional.empty(), DiscoveryDocuments.aggregatedContentType("application/json, */*"));
    assertEquals(Optional.empty(), DiscoveryDocuments.aggregatedContentType(null));
    assertEquals(Optional.empty(), DiscoveryDocuments.aggregatedContentType(""));
    assertEquals(Optional.empty(), DiscoveryDocuments.aggregatedContentType(
        "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json"));
  }

  @Test
  void negotiationRespectsQualityValues() {
    assertEquals(Optional.empty(), DiscoveryDocuments.aggregatedContentType(V2 + ";q=0.5,application/json"));
    assertEquals(Optional.of(V2), DiscoveryDocuments.aggregatedContentType("application/json;q=0.9," + V2));
    assertEquals(Optional.empty(), DiscoveryDocuments.aggregatedContentType(V2 + ";q=0"));
    assertEquals(Optional.of(V2BETA1), DiscoveryDocuments.aggregatedContentType(V2 + ";q=0.8," + V2BETA1));
    assertEquals(Optional.empty(), DiscoveryDocuments.aggregatedContentType(
        "application/json;as=Table;v=v1;g=meta.k8s.io," + "application/json;q=0.9"));
  }

  @Test
  void versionReportsKubernetes132() {
    ObjectNode v = DiscoveryDocuments.version("abc", "2025-01-01T00:00:00Z");
    assertEquals("1", v.path("major").asText());
    assertEquals("32", v.path("minor").asText());
    assertTrue(v.path("gitVersion").asText().startsWith("v1.32.0-coxswain."));
    assertEquals("abc", v.path("gitCommit").asText());
    assertTrue(v.path("platform").asText().contains("/"));
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (n.path(field).asText().equals(value)) return n;
    }
    return null;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void servedGroupsAreListedInPlainAndAggregatedDiscovery() {
    ServedGroup audit = new ServedGroup("audit.coxswain.io", "v1", List.of(
        new ServedGroup.Resource("histories", "history", "Change", true, List.of("get"))));
    DiscoveryDocuments withAudit = new DiscoveryDocuments(ResourceRegistry.standard(), List.of(audit));
    List<String> names = new ArrayList<>();
    withAudit.apiGroupList().path("groups").forEach(g -> names.add(g.path("name").asText()));
    assertEquals(List.of("apps", "discovery.k8s.io", "coordination.k8s.io", "networking.k8s.io", "coxswain.io", "audit.coxswain.io"), names);
    assertEquals("audit.coxswain.io/v1",
        withAudit.apiGroup("audit.coxswain.io").orElseThrow().path("preferredVersion").path("groupVersion").asText());
    JsonNode list = withAudit.apiResourceList("audit.coxswain.io", "v1").orElseThrow();
    assertEquals("audit.coxswain.io/v1", list.path("groupVersion").asText());
    assertEquals("histories", list.path("resources").path(0).path("name").asText());
    assertEquals("[\"get\"]", list.path("resources").path(0).path("verbs").toString());
    JsonNode group = null;
    for (JsonNode item : withAudit.aggregatedApis(V2).path("items")) {
      if (item.path("metadata").path("name").asText().equals("audit.coxswain.io")) group = item;
    }
    assertTrue(group != null, "the aggregated form lists the group");
    JsonNode resource = group.path("versions").path(0).path("resources").path(0);
    assertEquals("histories", resource.path("resource").asText());
    assertEquals("Namespaced", resource.path("scope").asText());
    assertEquals("Change", resource.path("responseKind").path("kind").asText());
    assertTrue(withAudit.aggregatedApi(V2).toString().contains("\"v1\"") && !withAudit.aggregatedApi(V2).toString().contains("audit"),
        "the core group's document stays as it was");
  }
}
