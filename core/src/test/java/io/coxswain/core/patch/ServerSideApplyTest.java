package io.coxswain.core.patch;

import static io.coxswain.core.patch.StrategicMergePatchTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import io.coxswain.core.kinds.ConfigMapStrategy;
import io.coxswain.core.kinds.DeploymentStrategy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest {
  private static final ResourceType DEPLOYMENT = DeploymentStrategy.TYPE;
  private static final Clock T1 = Clock.fixed(Instant.parse("2025-03-04T05:06:07.890Z"), ZoneOffset.UTC);
  private static final Clock T2 = Clock.fixed(Instant.parse("2025-03-04T06:00:00Z"), ZoneOffset.UTC);

  private static ObjectNode live() {
    return json("""
        {'apiVersion':'apps/v1','kind':'Deployment',
         'metadata':{'name':'web','namespace':'default','uid':'u1','resourceVersion':'7','labels':{'app':'web','team':'a'},
           'managedFields':[{'manager':'kube-controller-manager','operation':'Update','apiVersion':'apps/v1'}]},
         'spec':{'replicas':3,'selector':{'matchLabels':{'app':'web'}},
           'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}},
           'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[
             {'name':'web','image':'nginx:1.24','env':[{'name':'A','value':'1'}],'terminationMessagePath':'/dev/termination-log'},
             {'name':'sidecar','image':'busybox','args':['sleep','1']}]}}},
         'status':{'replicas':3}}
        """);
  }

  private static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(e -> out.add(e.path("name").asText()));
    return out;
  }

  @Test
  void createsFromAppliedConfigurationWhenNothingIsLive() {
    ObjectNode applied = json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'k':'v','n':null}}");

    ObjectNode result = ServerSideApply.apply(null, applied, ConfigMapStrategy.TYPE, "kubectl", T1);

    assertEquals(json("{'k':'v'}"), result.get("data"));
    assertEquals("c", result.at("/metadata/name").asText());
    assertEquals("kubectl", result.at("/metadata/managedFields/0/manager").asText());
    assertEquals(json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'k':'v','n':null}}"), applied);
  }

  @Test
  void keepsFieldsTheConfigurationOmits() {
    ObjectNode applied = json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'tier':'fe'}},"
        + "'spec':{'replicas':5}}");

    ObjectNode result = ServerSideApply.apply(live(), applied, DEPLOYMENT, "kubectl", T1);

    assertEquals(5, result.at("/spec/replicas").asInt());
    assertEquals(json("{'app':'web','team':'a','tier':'fe'}"), result.at("/metadata/labels"));
    assertEquals(live().at("/spec/template"), result.at("/spec/template"));
    assertEquals(3, result.at("/status/replicas").asInt());
    assertEquals("u1", result.at("/metadata/uid").asText());
  }

  @Test
  void mergesContainersByName() {
    ObjectNode applied = json("""
        {'spec':{'template':{'spec':{'containers':[
          {'name':'web','image':'nginx:1.25','env':[{'name':'B','value':'2'}]}]}}}}
        """);

    ObjectNode result = ServerSideApply.apply(live(), applied, DEPLOYMENT, "kubectl", T1);

    JsonNode containers = result.at("/spec/template/spec/containers");
    assertEquals(List.of("web", "sidecar"), names(containers));
    assertEquals("nginx:1.25", containers.get(0).path("image").asText());
    assertEquals("/dev/termination-log", containers.get(0).path("terminationMessagePath").asText());
    assertEquals(List.of("A", "B"), names(containers.get(0).path("env")));
  }

  @Test
  void switchingStrategyToRecreateDropsRollingUpdate() {
    ObjectNode applied = json("{'spec':{'strategy':{'type':'Recreate'}}}");

    ObjectNode result = ServerSideApply.apply(live(), applied, DEPLOYMENT, "kubectl", T1);

    assertEquals(json("{'type':'Recreate'}"), result.at("/spec/strategy"));
  }

  @Test
  void atomicListsAreReplaced() {
    ObjectNode applied = json("{'spec':{'template':{'spec':{'containers':[{'name':'sidecar','args':['sleep','9']}]}}}}");

    ObjectNode result = ServerSideApply.apply(live(), applied, DEPLOYMENT, "kubectl", T1);

    assertEquals(json("{'a':['sleep','9']}").get("a"), result.at("/spec/template/spec/containers/1/args"));
    assertEquals("busybox", result.at("/spec/template/spec/containers/1/image").asText());
  }

  @Test
  void nullInConfigurationChangesNothing() {
    ObjectNode result = ServerSideApply.apply(live(), json("{'spec':{'replicas':null}}"), DEPLOYMENT, "kubectl", T1);

    assertEquals(3, result.at("/spec/replicas").asInt());
  }

  @Test
  void finalizersMergeAsSet() {
    ObjectNode l = json("{'metadata':{'name':'x','finalizers':['a']}}");

    ObjectNode result = ServerSideApply.apply(l, json("{'metadata':{'finalizers':['a','b']}}"), DEPLOYMENT, "m", T1);

    assertEquals(json("{'f':['a','b']}").get("f"), result.at("/metadata/finalizers"));
  }

  @Test
  void recordsApplyEntryBesideOtherManagers() {
    ObjectNode applied = json("""
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'tier':'fe'}},
         'spec':{'replicas':2,'template':{'spec':{'containers':[{'name':'web','image':'x'}]}}}}
        """);

    ObjectNode result = ServerSideApply.apply(live(), applied, DEPLOYMENT, "kubectl", T1);

    JsonNode managed = result.at("/metadata/managedFields");
    assertEquals(2, managed.size());
    assertEquals("kube-controller-manager", managed.get(0).path("manager").asText());
    JsonNode entry = managed.get(1);
    assertEquals("kubectl", entry.path("manager").asText());
    assertEquals("Apply", entry.path("operation").asText());
    assertEquals("apps/v1", entry.path("apiVersion").asText());
    assertEquals("2025-03-04T05:06:07Z", entry.path("time").asText());
    assertEquals("FieldsV1", entry.path("fieldsType").asText());
    assertEquals(json("""
        {'f:metadata':{'f:labels':{'f:tier':{}}},
         'f:spec':{'f:replicas':{},'f:template':{'f:spec':{'f:containers':{
           'k:{\\'name\\':\\'web\\'}':{'.':{},'f:image':{},'f:name':{}}}}}}}
        """.replace("\\'", "\\\"")), entry.path("fieldsV1"));
  }

  @Test
  void reapplyingRefreshesTheManagersEntryInsteadOfAddingOne() {
    ObjectNode first = ServerSideApply.apply(live(), json("{'spec':{'replicas':2}}"), DEPLOYMENT, "kubectl", T1);

    ObjectNode second = ServerSideApply.apply(first, json("{'spec':{'paused':true}}"), DEPLOYMENT, "kubectl", T2);

    JsonNode managed = second.at("/metadata/managedFields");
    assertEquals(2, managed.size());
    assertEquals("2025-03-04T06:00:00Z", managed.get(1).path("time").asText());
    assertEquals(json("{'f:spec':{'f:paused':{}}}"), managed.get(1).path("fieldsV1"));
    assertEquals("apps/v1", managed.get(1).path("apiVersion").asText(), "falls back to the kind's apiVersion");
  }

  @Test
  void ignoresManagedFieldsInTheConfiguration() {
    ObjectNode applied = json("{'metadata':{'managedFields':[{'manager':'forged','operation':'Apply'}]}}");

    ObjectNode result = ServerSideApply.apply(live(), applied, DEPLOYMENT, "kubectl", T1);

    result.at("/metadata/managedFields").forEach(e -> assertFalse(e.path("manager").asText().equals("forged")));
  }

  @Test
  void rejectsMergeListElementWithoutKey() {
    ObjectNode applied = json("{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}");

    StatusException e = assertThrows(StatusException.class, () -> ServerSideApply.apply(live(), applied, DEPLOYMENT, "kubectl"));

    assertEquals(400, e.code());
    assertTrue(e.getMessage().contains("\"name\""), e.getMessage());
  }

  @Test
  void leavesInputsUnchanged() {
    ObjectNode l = live();
    ObjectNode applied = json("{'spec':{'strategy':{'type':'Recreate'},'template':{'spec':{'containers':[{'name':'web','image':'y'}]}}}}");
    ObjectNode appliedBefore = applied.deepCopy();

    ObjectNode result = ServerSideApply.apply(l, applied, DEPLOYMENT, "kubectl");
    ((ObjectNode) result.at("/spec/template/spec/containers/0")).put("image", "mutated");

    assertEquals(live(), l);
    assertEquals(appliedBefore, applied);
  }

  @Test
  void usesTheWallClockForTheEntryTime() {
    ObjectNode result = ServerSideApply.apply(null, json("{'data':{'a':'b'}}"), ConfigMapStrategy.TYPE, "kubectl");

    assertTrue(result.at("/metadata/managedFields/0/time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
  }

  @Test
  void newListItemsFollowLiveOnlyItems() {
    ObjectNode l = json("{'spec':{'template':{'spec':{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}}}}");
    ObjectNode applied = json("{'spec':{'template':{'spec':{'containers':[{'name':'b','image':'i'},{'name':'d'}]}}}}");

    ObjectNode result = ServerSideApply.apply(l, applied, DEPLOYMENT, "kubectl", T1);

    assertEquals(List.of("a", "b", "c", "d"), names(result.at("/spec/template/spec/containers")));
    assertEquals("i", result.at("/spec/template/spec/containers/1/image").asText());
  }

  @Test
  void itemsBothSidesHoldFollowTheAppliedOrder() {
    ObjectNode l = json("{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'1'},{'name':'x'},{'name':'b','image':'2'}]}}}}");
    ObjectNode applied = json("{'spec':{'template':{'spec':{'containers':[{'name':'b'},{'name':'a'}]}}}}");

    ObjectNode result = ServerSideApply.apply(l, applied, DEPLOYMENT, "kubectl", T1);

    JsonNode containers = result.at("/spec/template/spec/containers");
    assertEquals(List.of("x", "b", "a"), names(containers));
    assertEquals("1", containers.get(2).path("image").asText());
  }

  @Test
  void rejectsDuplicateKeysInConfiguration() {
    ObjectNode applied = json("{'spec':{'template':{'spec':{'containers':[{'name':'a'},{'name':'a'}]}}}}");

    StatusException e = assertThrows(StatusException.class, () -> ServerSideApply.apply(live(), applied, DEPLOYMENT, "kubectl"));

    assertEquals(400, e.code());
    assertTrue(e.getMessage().contains("duplicate"), e.getMessage());
  }

  // field ownership

  private static final ResourceType CONFIG_MAP = ConfigMapStrategy.TYPE;

  private static ObjectNode configMap(String data) {
    return json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','namespace':'default'},'data':" + data + "}");
  }

  @Test
  void removesAMapKeyTheManagerNoLongerApplies() {
    ObjectNode first = ServerSideApply.apply(null, configMap("{'k':'v1','gone':'soon'}"), CONFIG_MAP, "kubectl", T1);

    ObjectNode second = ServerSideApply.apply(first, configMap("{'k':'v2'}"), CONFIG_MAP, "kubectl", T2);

    assertEquals(json("{'k':'v2'}"), second.get("data"));
    assertEquals(json("{'f:data':{'f:k':{}}}"), second.at("/metadata/managedFields/0/fieldsV1"));
  }

  @Test
  void dropsAMapLeftEmptyByRemovals() {
    ObjectNode l = json("{'metadata':{'name':'c','labels':{'a':'1'}},'data':{'k':'v'}}");
    ObjectNode first = ServerSideApply.apply(l, json("{'metadata':{'name':'c','labels':{'b':'2'}},'data':{'x':'y'}}"),
        CONFIG_MAP, "m", T1);

    ObjectNode second = ServerSideApply.apply(first, json("{'metadata':{'name':'c'},'data':{'x':'y'}}"), CONFIG_MAP, "m", T2);

    assertEquals(json("{'a':'1'}"), second.at("/metadata/labels"), "labels the manager never applied stay");
    ObjectNode third = ServerSideApply.apply(json("{'metadata':{'name':'c'}}"), json("{'metadata':{'labels':{'b':'2'}}}"),
        CONFIG_MAP, "m", T1);
    ObjectNode fourth = ServerSideApply.apply(third, json("{'metadata':{'name':'c'}}"), CONFIG_MAP, "m", T2);
    assertFalse(fourth.path("metadata").has("labels"), fourth.toString());
  }

  @Test
  void removesAContainerTheManagerNoLongerApplies() {
    ObjectNode both = json("""
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},
         'spec':{'template':{'spec':{'containers':[{'name':'web','image':'nginx'},{'name':'sidecar','image':'busybox'}]}}}}
        """);
    ObjectNode first = ServerSideApply.apply(null, both, DEPLOYMENT, "kubectl", T1);
    ((ObjectNode) first.at("/spec/template/spec/containers/1")).put("terminationMessagePath", "/dev/termination-log");

    ObjectNode second = ServerSideApply.apply(first, json("""
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},
         'spec':{'template':{'spec':{'containers':[{'name':'web','image':'nginx'}]}}}}
        """), DEPLOYMENT, "kubectl", T2);

    assertEquals(List.of("web"), names(second.at("/spec/template/spec/containers")));
  }

  @Test
  void keepsFieldsAnotherManagerAlsoApplies() {
    ObjectNode first = ServerSideApply.apply(null, configMap("{'k':'v','shared':'s'}"), CONFIG_MAP, "a", T1);
    ObjectNode second = ServerSideApply.apply(first, configMap("{'shared':'s','mine':'b'}"), CONFIG_MAP, "b", T1);

    ObjectNode third = ServerSideApply.apply(second, configMap("{'k':'v'}"), CONFIG_MAP, "a", T2);

    assertEquals(json("{'k':'v','shared':'s','mine':'b'}"), third.get("data"));
    ObjectNode fourth = ServerSideApply.apply(third, configMap("{}"), CONFIG_MAP, "b", T2);
    assertEquals(json("{'k':'v'}"), fourth.get("data"), "b gives up shared and mine; a no longer holds shared");
  }

  @Test
  void keepsFieldsListedByAnUpdateEntry() {
    ObjectNode first = ServerSideApply.apply(null, configMap("{'k':'v','x':'1'}"), CONFIG_MAP, "a", T1);
    ((ArrayNode) first.at("/metadata/managedFields")).add(json(
        "{'manager':'kubectl-edit','operation':'Update','apiVersion':'v1','fieldsType':'FieldsV1','fieldsV1':{'f:data':{'f:x':{}}}}"));

    ObjectNode second = ServerSideApply.apply(first, configMap("{'k':'v'}"), CONFIG_MAP, "a", T2);

    assertEquals(json("{'k':'v','x':'1'}"), second.get("data"));
    assertEquals(List.of("a", "kubectl-edit"), managers(second));
  }

  @Test
  void keepsAContainerWhileAnotherManagerOwnsAFieldInIt() {
    ObjectNode first = ServerSideApply.apply(null, json("""
        {'metadata':{'name':'web'},'spec':{'template':{'spec':{'containers':[{'name':'web'},{'name':'sidecar','image':'b'}]}}}}
        """), DEPLOYMENT, "kubectl", T1);
    ((ArrayNode) first.at("/metadata/managedFields")).add(json("""
        {'manager':'kubectl-set','operation':'Update','apiVersion':'apps/v1','fieldsType':'FieldsV1',
         'fieldsV1':{'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{\\'name\\':\\'sidecar\\'}':{'f:image':{}}}}}}}}
        """.replace("\\'", "\\\"")));

    ObjectNode second = ServerSideApply.apply(first, json("""
        {'metadata':{'name':'web'},'spec':{'template':{'spec':{'containers':[{'name':'web'}]}}}}
        """), DEPLOYMENT, "kubectl", T2);

    assertEquals(List.of("web", "sidecar"), names(second.at("/spec/template/spec/containers")));
    assertEquals("b", second.at("/spec/template/spec/containers/1/image").asText());
  }

  @Test
  void reapplyingTheSameConfigurationChangesNothingButTheTime() {
    ObjectNode applied = json("""
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web'},'finalizers':['a']},
         'spec':{'replicas':2,'template':{'spec':{'containers':[{'name':'web','image':'nginx','ports':[{'containerPort':80}]}]}}}}
        """);
    ObjectNode first = ServerSideApply.apply(live(), applied, DEPLOYMENT, "kubectl", T1);

    ObjectNode second = ServerSideApply.apply(first, applied, DEPLOYMENT, "kubectl", T2);

    ObjectNode expected = first.deepCopy();
    ((ObjectNode) expected.at("/metadata/managedFields/1")).put("time", "2025-03-04T06:00:00Z");
    assertEquals(expected, second);
  }

  @Test
  void managedFieldsEntryHasTheKubernetesShape() {
    ObjectNode applied = json("""
        {'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','namespace':'d','labels':{'app':'p'},'finalizers':['x/y']},
         'spec':{'containers':[{'name':'c','image':'i','ports':[{'containerPort':80,'protocol':'TCP'}],'args':['a']}]}}
        """);

    ObjectNode result = ServerSideApply.apply(null, applied, null, "mgr", T1);

    JsonNode entry = result.at("/metadata/managedFields/0");
    assertEquals(List.of("manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1"), fieldNames(entry));
    assertEquals(json("""
        {'f:metadata':{'f:finalizers':{'v:\\'x/y\\'':{}},'f:labels':{'f:app':{}}},
         'f:spec':{'f:containers':{'k:{\\'name\\':\\'c\\'}':{'.':{},'f:args':{},'f:image':{},'f:name':{},
           'f:ports':{'k:{\\'containerPort\\':80}':{'.':{},'f:containerPort':{},'f:protocol':{}}}}}}}
        """.replace("\\'", "\\\"")), entry.path("fieldsV1"));
  }

  @Test
  void conflictsWithAnotherAppliersDifferentValue() {
    ObjectNode first = ServerSideApply.apply(null, configMap("{'k':'v1','same':'s'}"), CONFIG_MAP, "a", T1);

    StatusException e = assertThrows(StatusException.class,
        () -> ServerSideApply.apply(first, configMap("{'k':'v2','same':'s'}"), CONFIG_MAP, "b", false, T2));

    assertEquals(409, e.code());
    assertEquals("Conflict", e.reason());
    assertEquals("Apply failed with 1 conflict: conflict with \"a\": .data.k", e.getMessage());
    assertEquals(".data.k", e.causes().get(0).field());
    assertEquals("FieldManagerConflict", e.causes().get(0).reason());
  }

  @Test
  void forcedApplyTakesTheConflictingFields() {
    ObjectNode first = ServerSideApply.apply(null, configMap("{'k':'v1','other':'o'}"), CONFIG_MAP, "a", T1);

    ObjectNode second = ServerSideApply.apply(first, configMap("{'k':'v2'}"), CONFIG_MAP, "b", true, T2);

    assertEquals(json("{'k':'v2','other':'o'}"), second.get("data"));
    assertEquals(json("{'f:data':{'f:other':{}}}"), second.at("/metadata/managedFields/0/fieldsV1"));
    ObjectNode third = ServerSideApply.apply(second, configMap("{'other':'o'}"), CONFIG_MAP, "a", T2);
    assertEquals(json("{'k':'v2','other':'o'}"), third.get("data"), "a no longer owns k, so dropping it removes nothing");
  }

  private static List<String> managers(JsonNode obj) {
    List<String> out = new ArrayList<>();
    obj.at("/metadata/managedFields").forEach(e -> out.add(e.path("manager").asText()));
    return out;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

}
