package io.coxswain.core.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import io.coxswain.core.kinds.DeploymentStrategy;
import io.coxswain.core.kinds.NodeStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.kinds.ServiceStrategy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {
  private static final ResourceType DEPLOYMENT = DeploymentStrategy.TYPE;
  private static final ResourceType SERVICE = ServiceStrategy.TYPE;
  private static final ResourceType POD = PodStrategy.TYPE;
  private static final ResourceType NODE = NodeStrategy.TYPE;

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(text.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static void assertNoDirectives(JsonNode node) {
    if (node.isObject()) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        assertFalse(name.startsWith("$"), "directive leaked: " + name + " in " + node);
        assertNoDirectives(node.get(name));
      }
    } else if (node.isArray()) {
      node.forEach(StrategicMergePatchTest::assertNoDirectives);
    }
  }

  private static List<String> names(JsonNode list, String key) {
    List<String> out = new ArrayList<>();
    list.forEach(e -> out.add(e.path(key).asText()));
    return out;
  }

  private static ObjectNode deployment() {
    return json("""
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'default',
          'annotations':{'deployment.kubernetes.io/revision':'1'}},
         'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}},
          'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}},
          'template':{'metadata':{'labels':{'app':'web'}},
           'spec':{'containers':[
             {'name':'web','image':'nginx:1.24','ports':[{'containerPort':80,'protocol':'TCP'}],
              'env':[{'name':'A','value':'1'}]},
             {'name':'sidecar','image':'busybox:1.36','args':['sleep','3600']}]}}}}
        """);
  }

  @Test
  void clientSideApplyChangesImageAndDeletesContainer() {
    ObjectNode patch = json("""
        {'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{}'}},
         'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'}],
           'containers':[{'image':'nginx:1.25','name':'web'},{'$patch':'delete','name':'sidecar'}]}}}}
        """);

    ObjectNode result = StrategicMergePatch.apply(deployment(), patch, DEPLOYMENT);

    JsonNode containers = result.at("/spec/template/spec/containers");
    assertEquals(List.of("web"), names(containers, "name"));
    assertEquals("nginx:1.25", containers.get(0).path("image").asText());
    assertEquals(80, containers.get(0).at("/ports/0/containerPort").asInt(), "unpatched fields of the container stay");
    assertEquals("1", result.at("/metadata/annotations/deployment.kubernetes.io~1revision").asText());
    assertEquals("{}", result.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration").asText());
    assertNoDirectives(result);
  }

  @Test
  void clientSideApplyRemovingContainerWithNullListEntryKeepsServerOnlyContainers() {
    ObjectNode live = deployment();
    ((com.fasterxml.jackson.databind.node.ArrayNode) live.at("/spec/template/spec/containers"))
        .addObject().put("name", "injected").put("image", "proxy:1");
    ObjectNode patch = json("""
        {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'}],
           'containers':[{'$patch':'delete','name':'sidecar'}]}}}}
        """);

    ObjectNode result = StrategicMergePatch.apply(live, patch, DEPLOYMENT);

    assertEquals(List.of("web", "injected"), names(result.at("/spec/template/spec/containers"), "name"));
  }

  @Test
  void clientSideApplyAddsEnvVarInDeclaredOrder() {
    ObjectNode patch = json("""
        {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'},{'name':'sidecar'}],
           'containers':[{'$setElementOrder/env':[{'name':'A'},{'name':'B'}],
                          'env':[{'name':'B','value':'2'}],'name':'web'}]}}}}
        """);

    ObjectNode result = StrategicMergePatch.apply(deployment(), patch, DEPLOYMENT);

    JsonNode env = result.at("/spec/template/spec/containers/0/env");
    assertEquals(List.of("A", "B"), names(env, "name"));
    assertEquals("1", env.get(0).path("value").asText());
    assertEquals("2", env.get(1).path("value").asText());
    assertEquals(List.of("web", "sidecar"), names(result.at("/spec/template/spec/containers"), "name"));
    assertNoDirectives(result);
  }

  @Test
  void changesServicePortByPortMergeKey() {
    ObjectNode service = json("""
        {'kind':'Service','spec':{'selector':{'app':'web'},'ports':[
          {'name':'http','port':80,'targetPort':8080,'protocol':'TCP'},
          {'name':'https','port':443,'targetPort':8443,'protocol':'TCP'}]}}
        """);
    ObjectNode patch = json("""
        {'spec':{'$setElementOrder/ports':[{'port':80},{'port':443}],'ports':[{'port':80,'targetPort':9090}]}}
        """);

    ObjectNode result = StrategicMergePatch.apply(service, patch, SERVICE);

    JsonNode ports = result.at("/spec/ports");
    assertEquals(2, ports.size());
    assertEquals(9090, ports.get(0).path("targetPort").asInt());
    assertEquals("http", ports.get(0).path("name").asText());
    assertEquals(8443, ports.get(1).path("targetPort").asInt());
  }

  @Test
  void servicePortKeyAppliesToServicesOnly() {
    ObjectNode other = json("{'spec':{'ports':[{'port':80,'name':'a'},{'port':81,'name':'b'}]}}");
    ObjectNode patch = json("{'spec':{'ports':[{'port':80,'name':'c'}]}}");

    ObjectNode result = StrategicMergePatch.apply(other, patch, POD);

    assertEquals(json("{'spec':{'ports':[{'port':80,'name':'c'}]}}"), result);
  }

  @Test
  void rolloutRestartAddsRestartedAtAnnotationToTemplate() {
    ObjectNode live = deployment();
    ((ObjectNode) live.at("/spec/template/metadata")).putObject("annotations").put("team", "a");
    ObjectNode patch = json("""
        {'spec':{'template':{'metadata':{'annotations':{'kubectl.kubernetes.io/restartedAt':'2025-01-02T03:04:05Z'}}}}}
        """);

    ObjectNode result = StrategicMergePatch.apply(live, patch, DEPLOYMENT);

    JsonNode annotations = result.at("/spec/template/metadata/annotations");
    assertEquals("2025-01-02T03:04:05Z", annotations.path("kubectl.kubernetes.io/restartedAt").asText());
    assertEquals("a", annotations.path("team").asText());
    assertEquals("web", result.at("/spec/template/metadata/labels/app").asText());
    assertEquals(deployment().at("/spec/template/spec"), result.at("/spec/template/spec"));
  }

  @Test
  void setImageUpdatesOnlyTheNamedContainer() {
    ObjectNode patch = json("{'spec':{'template':{'spec':{'containers':[{'image':'busybox:1.37','name':'sidecar'}]}}}}");

    ObjectNode result = StrategicMergePatch.apply(deployment(), patch, DEPLOYMENT);

    JsonNode containers = result.at("/spec/template/spec/containers");
    assertEquals(List.of("web", "sidecar"), names(containers, "name"));
    assertEquals("nginx:1.24", containers.get(0).path("image").asText());
    assertEquals("busybox:1.37", containers.get(1).path("image").asText());
    assertEquals(json("{'a':['sleep','3600']}").get("a"), containers.get(1).path("args"));
  }

  @Test
  void finalizersMergeAsSet() {
    ObjectNode live = json("{'metadata':{'finalizers':['a','b']}}");
    ObjectNode patch = json("{'metadata':{'finalizers':['b','c']}}");

    ObjectNode result = StrategicMergePatch.apply(live, patch, POD);

    assertEquals(json("{'f':['a','b','c']}").get("f"), result.at("/metadata/finalizers"));
  }

  @Test
  void deleteFromPrimitiveListRemovesFinalizer() {
    ObjectNode live = json("{'metadata':{'finalizers':['a','b','c']}}");
    ObjectNode patch = json("""
        {'metadata':{'$setElementOrder/finalizers':['a','c'],'$deleteFromPrimitiveList/finalizers':['b']}}
        """);

    ObjectNode result = StrategicMergePatch.apply(live, patch, POD);

    assertEquals(json("{'f':['a','c']}").get("f"), result.at("/metadata/finalizers"));
    assertNoDirectives(result);
  }

  @Test
  void retainKeysSwitchesDeploymentStrategyToRecreate() {
    ObjectNode patch = json("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate','rollingUpdate':null}}}");

    ObjectNode result = StrategicMergePatch.apply(deployment(), patch, DEPLOYMENT);

    assertEquals(json("{'type':'Recreate'}"), result.at("/spec/strategy"));
  }

  @Test
  void retainKeysDropsLiveKeysTheDirectiveDoesNotName() {
    ObjectNode live = json("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1},'extra':true}}}");
    ObjectNode patch = json("{'spec':{'strategy':{'$retainKeys':['type','rollingUpdate'],'type':'RollingUpdate'}}}");

    ObjectNode result = StrategicMergePatch.apply(live, patch, DEPLOYMENT);

    assertEquals(json("{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}"), result.at("/spec/strategy"));
  }

  @Test
  void rejectsRetainKeysThatOmitAFieldThePatchSets() {
    ObjectNode patch = json("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate','rollingUpdate':{'maxSurge':1}}}}");

    StatusException e = assertThrows(StatusException.class, () -> StrategicMergePatch.apply(deployment(), patch, DEPLOYMENT));

    assertEquals(400, e.code());
    assertTrue(e.getMessage().contains("rollingUpdate"), e.getMessage());
  }

  @Test
  void rejectsRetainKeysThatIsNotAListOfNames() {
    ObjectNode patch = json("{'spec':{'strategy':{'$retainKeys':'type','type':'Recreate'}}}");

    StatusException e = assertThrows(StatusException.class, () -> StrategicMergePatch.apply(deployment(), patch, DEPLOYMENT));

    assertEquals(400, e.code());
    assertEquals("BadRequest", e.reason());
  }

  @Test
  void nullDeletesField() {
    ObjectNode result = StrategicMergePatch.apply(deployment(), json("{'spec':{'replicas':null}}"), DEPLOYMENT);

    assertFalse(result.path("spec").has("replicas"));
    assertTrue(result.path("spec").has("selector"));
  }

  @Test
  void nullForFieldTheLiveObjectLacksAddsNothing() {
    ObjectNode result = StrategicMergePatch.apply(
        json("{'spec':{}}"), json("{'spec':{'paused':null,'template':{'metadata':{'labels':{'x':null}}}}}"), DEPLOYMENT);

    assertEquals(json("{'spec':{'template':{'metadata':{'labels':{}}}}}"), result);
  }

  @Test
  void mapsMergeRecursively() {
    ObjectNode live = json("{'metadata':{'labels':{'a':'1','b':'2'}},'data':{'k':'v'}}");
    ObjectNode patch = json("{'metadata':{'labels':{'b':'3','c':'4'}}}");

    ObjectNode result = StrategicMergePatch.apply(live, patch, POD);

    assertEquals(json("{'metadata':{'labels':{'a':'1','b':'3','c':'4'}},'data':{'k':'v'}}"), result);
  }

  @Test
  void listsWithoutMergeKeyAreReplacedWhole() {
    ObjectNode live = json("""
        {'spec':{'tolerations':[{'key':'a','operator':'Exists'},{'key':'b','operator':'Exists'}],
                 'containers':[{'name':'c','args':['x','y'],'command':['sh']}]}}
        """);
    ObjectNode patch = json("""
        {'spec':{'tolerations':[{'key':'b','operator':'Equal','value':'v'}],'containers':[{'name':'c','args':['z']}]}}
        """);

    ObjectNode result = StrategicMergePatch.apply(live, patch, POD);

    assertEquals(json("{'t':[{'key':'b','operator':'Equal','value':'v'}]}").get("t"), result.at("/spec/tolerations"));
    assertEquals(json("{'a':['z']}").get("a"), result.at("/spec/containers/0/args"));
    assertEquals("sh", result.at("/spec/containers/0/command/0").asText());
  }

  @Test
  void patchReplaceOnMapReplacesItWhole() {
    ObjectNode live = json("{'spec':{'selector':{'matchLabels':{'app':'web'},'matchExpressions':[{'key':'x','operator':'Exists'}]}}}");
    ObjectNode patch = json("{'spec':{'selector':{'$patch':'replace','matchLabels':{'app':'api'}}}}");

    ObjectNode result = StrategicMergePatch.apply(live, patch, DEPLOYMENT);

    assertEquals(json("{'matchLabels':{'app':'api'}}"), result.at("/spec/selector"));
  }

  @Test
  void patchReplaceElementReplacesWholeList() {
    ObjectNode patch = json("""
        {'spec':{'template':{'spec':{'containers':[{'$patch':'replace'},{'name':'only','image':'alpine'}]}}}}
        """);

    ObjectNode result = StrategicMergePatch.apply(deployment(), patch, DEPLOYMENT);

    assertEquals(json("{'c':[{'name':'only','image':'alpine'}]}").get("c"), result.at("/spec/template/spec/containers"));
  }

  @Test
  void patchDeleteOnMapRemovesIt() {
    ObjectNode patch = json("{'spec':{'strategy':{'$patch':'delete'}}}");

    ObjectNode result = StrategicMergePatch.apply(deployment(), patch, DEPLOYMENT);

    assertFalse(result.path("spec").has("strategy"));
    assertTrue(result.path("spec").has("template"));
  }

  @Test
  void patchMergeIsTheDefaultAndIsNotKept() {
    ObjectNode patch = json("{'metadata':{'labels':{'$patch':'merge','b':'2'}}}");

    ObjectNode result = StrategicMergePatch.apply(json("{'metadata':{'labels':{'a':'1'}}}"), patch, POD);

    assertEquals(json("{'metadata':{'labels':{'a':'1','b':'2'}}}"), result);
  }

  @Test
  void rejectsUnknownPatchDirectiveValue() {
    StatusException e = assertThrows(StatusException.class,
        () -> StrategicMergePatch.apply(deployment(), json("{'spec':{'strategy':{'$patch':'bogus'}}}"), DEPLOYMENT));

    assertEquals(400, e.code());
    assertTrue(e.getMessage().contains("bogus"), e.getMessage());
    assertTrue(e.getMessage().contains("spec.strategy"), e.getMessage());
  }

  @Test
  void rejectsUnknownDirectiveInListElement() {
    ObjectNode patch = json("{'spec':{'template':{'spec':{'containers':[{'$patch':'explode','name':'web'}]}}}}");

    StatusException e = assertThrows(StatusException.class, () -> StrategicMergePatch.apply(deployment(), patch, DEPLOYMENT));

    assertEquals(400, e.code());
  }

  @Test
  void rejectsUnknownDirectiveKey() {
    StatusException e = assertThrows(StatusException.class,
        () -> StrategicMergePatch.apply(deployment(), json("{'spec':{'$setElementorder/x':[]}}"), DEPLOYMENT));

    assertEquals(400, e.code());
    assertTrue(e.getMessage().contains("$setElementorder/x"), e.getMessage());
  }

  @Test
  void rejectsDeleteElementWithoutMergeKey() {
    ObjectNode patch = json("{'spec':{'template':{'spec':{'containers':[{'$patch':'delete','image':'x'}]}}}}");

    StatusException e = assertThrows(StatusException.class, () -> StrategicMergePatch.apply(deployment(), patch, DEPLOYMENT));

    assertEquals(400, e.code());
    assertTrue(e.getMessage().contains("merge key \"name\""), e.getMessage());
  }

  @Test
  void rejectsMergeListElementWithoutMergeKey() {
    ObjectNode patch = json("{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}");

    StatusException e = assertThrows(StatusException.class, () -> StrategicMergePatch.apply(deployment(), patch, DEPLOYMENT));

    assertEquals(400, e.code());
  }

  @Test
  void rejectsPatchThatIsNotAnObject() {
    StatusException e = assertThrows(StatusException.class,
        () -> StrategicMergePatch.apply(deployment(), Json.MAPPER.createArrayNode(), DEPLOYMENT));

    assertEquals(400, e.code());
  }

  @Test
  void rejectsListOrderThatContradictsSetElementOrder() {
    ObjectNode patch = json("""
        {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'},{'name':'sidecar'}],
          'containers':[{'name':'sidecar','image':'a'},{'name':'web','image':'b'}]}}}}
        """);

    StatusException e = assertThrows(StatusException.class, () -> StrategicMergePatch.apply(deployment(), patch, DEPLOYMENT));

    assertEquals(400, e.code());
  }

  @Test
  void setElementOrderAloneReordersList() {
    ObjectNode patch = json("""
        {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'sidecar'},{'name':'web'}]}}}}
        """);

    ObjectNode result = StrategicMergePatch.apply(deployment(), patch, DEPLOYMENT);

    assertEquals(List.of("sidecar", "web"), names(result.at("/spec/template/spec/containers"), "name"));
  }

  @Test
  void newListElementIsPlacedAsKubernetesPlacesIt() {
    // Without $setElementOrder, Kubernetes puts patch items first unless the live order says otherwise.
    ObjectNode patch = json("{'spec':{'template':{'spec':{'containers':[{'name':'extra','image':'e'}]}}}}");

    ObjectNode result = StrategicMergePatch.apply(deployment(), patch, DEPLOYMENT);

    assertEquals(List.of("extra", "web", "sidecar"), names(result.at("/spec/template/spec/containers"), "name"));
  }

  @Test
  void updatedAndNewListElementsFollowServerOnlyElementsThatPrecededThem() {
    ObjectNode live = json("{'spec':{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}}");
    ObjectNode patch = json("{'spec':{'containers':[{'name':'c','image':'i'},{'name':'d'}]}}");

    ObjectNode result = StrategicMergePatch.apply(live, patch, POD);

    assertEquals(List.of("a", "b", "c", "d"), names(result.at("/spec/containers"), "name"));
    assertEquals("i", result.at("/spec/containers/2/image").asText());
  }

  @Test
  void directivesNeverLeakWhenTheLiveObjectLacksTheField() {
    ObjectNode live = json("{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'a'}]}}}}");
    ObjectNode patch = json("""
        {'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'},
          'template':{'spec':{'$setElementOrder/containers':[{'name':'web'}],
            'containers':[{'name':'web','$setElementOrder/env':[{'name':'A'}],'env':[{'name':'A','value':'1'}],
                           'resources':{'$patch':'replace','limits':{'cpu':'1'}}}],
            'volumes':[{'name':'v','$retainKeys':['name','emptyDir'],'emptyDir':{}},{'$patch':'delete','name':'old'}],
            'securityContext':{'$patch':'delete'}}}}}
        """);

    ObjectNode result = StrategicMergePatch.apply(live, patch, DEPLOYMENT);

    assertNoDirectives(result);
    assertEquals(json("{'v':[{'name':'v','emptyDir':{}}]}").get("v"), result.at("/spec/template/spec/volumes"));
    assertEquals("1", result.at("/spec/template/spec/containers/0/env/0/value").asText());
    assertEquals("1", result.at("/spec/template/spec/containers/0/resources/limits/cpu").asText());
    assertFalse(result.at("/spec/template/spec").has("securityContext"));
  }

  @Test
  void conditionsMergeByType() {
    ObjectNode live = json("""
        {'status':{'conditions':[{'type':'Available','status':'False'},{'type':'Progressing','status':'True'}]}}
        """);
    ObjectNode patch = json("{'status':{'conditions':[{'type':'Available','status':'True'}]}}");

    ObjectNode result = StrategicMergePatch.apply(live, patch, DEPLOYMENT);

    JsonNode conditions = result.at("/status/conditions");
    assertEquals(2, conditions.size());
    assertEquals("True", conditions.get(0).path("status").asText());
    assertEquals("Progressing", conditions.get(1).path("type").asText());
  }

  @Test
  void ownerReferencesMergeByUid() {
    ObjectNode live = json("{'metadata':{'ownerReferences':[{'uid':'u1','name':'a','controller':true},{'uid':'u2','name':'b'}]}}");
    ObjectNode patch = json("{'metadata':{'ownerReferences':[{'uid':'u1','controller':false}]}}");

    ObjectNode result = StrategicMergePatch.apply(live, patch, POD);

    JsonNode refs = result.at("/metadata/ownerReferences");
    assertEquals(2, refs.size());
    assertEquals("a", refs.get(0).path("name").asText());
    assertFalse(refs.get(0).path("controller").asBoolean());
  }

  @Test
  void containerPortsMergeByNumericContainerPort() {
    ObjectNode live = json("""
        {'spec':{'containers':[{'name':'c','ports':[{'containerPort':80,'name':'http'},{'containerPort':9090}],
          'volumeMounts':[{'mountPath':'/data','name':'d'}]}]}}
        """);
    ObjectNode patch = json("""
        {'spec':{'containers':[{'name':'c','ports':[{'containerPort':80.0,'protocol':'UDP'}],
          'volumeMounts':[{'mountPath':'/data','readOnly':true}]}]}}
        """);

    ObjectNode result = StrategicMergePatch.apply(live, patch, POD);

    JsonNode ports = result.at("/spec/containers/0/ports");
    assertEquals(2, ports.size());
    assertEquals("http", ports.get(0).path("name").asText());
    assertEquals("UDP", ports.get(0).path("protocol").asText());
    assertEquals(json("{'m':[{'mountPath':'/data','name':'d','readOnly':true}]}").get("m"),
        result.at("/spec/containers/0/volumeMounts"));
  }

  @Test
  void unknownListMergesByTheKeyItsSetElementOrderNames() {
    ObjectNode live = json("{'spec':{'widgets':[{'id':'a','v':1},{'id':'b','v':2}]}}");
    ObjectNode patch = json("{'spec':{'$setElementOrder/widgets':[{'id':'a'},{'id':'b'}],'widgets':[{'id':'b','v':3}]}}");

    ObjectNode result = StrategicMergePatch.apply(live, patch, POD);

    assertEquals(json("{'w':[{'id':'a','v':1},{'id':'b','v':3}]}").get("w"), result.at("/spec/widgets"));
  }

  @Test
  void valueOfAnotherTypeReplacesTheLiveValue() {
    ObjectNode result = StrategicMergePatch.apply(json("{'x':'text','y':{'a':1}}"), json("{'x':{'a':null,'b':1},'y':[1]}"), POD);

    assertEquals(json("{'x':{'b':1},'y':[1]}"), result);
  }

  @Test
  void leavesInputsUnchanged() {
    ObjectNode live = deployment();
    ObjectNode patch = json("""
        {'spec':{'replicas':null,'strategy':{'$retainKeys':['type'],'type':'Recreate'},
          'template':{'spec':{'$setElementOrder/containers':[{'name':'web'}],
            'containers':[{'name':'web','image':'x','env':[{'name':'A','value':'9'}]},{'$patch':'delete','name':'sidecar'}]}}}}
        """);
    ObjectNode liveBefore = live.deepCopy();
    ObjectNode patchBefore = patch.deepCopy();

    ObjectNode result = StrategicMergePatch.apply(live, patch, DEPLOYMENT);
    ((ObjectNode) result.at("/spec/template/spec/containers/0")).put("image", "mutated");

    assertEquals(liveBefore, live);
    assertEquals(patchBefore, patch);
  }

  @Test
  void nodeAddressesMergeByTypeWhileTaintsAreReplaced() {
    ObjectNode live = json("""
        {'spec':{'taints':[{'key':'a','effect':'NoSchedule'},{'key':'b','effect':'NoSchedule'}]},
         'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.1'},{'type':'Hostname','address':'n1'}],
                   'images':[{'names':['a']},{'names':['b']}]}}
        """);
    ObjectNode patch = json("""
        {'spec':{'taints':[{'key':'b','effect':'NoSchedule'}]},
         'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.2'}],'images':[{'names':['c']}]}}
        """);

    ObjectNode result = StrategicMergePatch.apply(live, patch, NODE);

    assertEquals(List.of("b"), names(result.at("/spec/taints"), "key"));
    assertEquals(List.of("10.0.0.2", "n1"), names(result.at("/status/addresses"), "address"));
    assertEquals(1, result.at("/status/images").size());
  }

  @Test
  void rootDeleteDirectiveEmptiesTheObject() {
    assertEquals(json("{}"), StrategicMergePatch.apply(deployment(), json("{'$patch':'delete'}"), DEPLOYMENT));
  }
}
