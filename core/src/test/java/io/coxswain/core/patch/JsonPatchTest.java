package io.coxswain.core.patch;

import static io.coxswain.core.patch.StrategicMergePatchTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.StatusException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonPatchTest {
  private static JsonNode ops(String text) {
    try {
      return Json.MAPPER.readTree(text.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static ObjectNode deployment() {
    return json("{'metadata':{'name':'web','labels':{'app':'web'}},'spec':{'replicas':1,"
        + "'template':{'spec':{'containers':[{'name':'web','image':'nginx:1.24'}]}}}}");
  }

  @Test
  void appliesOperationsInOrder() {
    JsonNode result = JsonPatch.apply(deployment(), ops("""
        [{'op':'replace','path':'/spec/replicas','value':3},
         {'op':'add','path':'/spec/template/spec/containers/-','value':{'name':'side','image':'busybox'}},
         {'op':'test','path':'/spec/replicas','value':3},
         {'op':'remove','path':'/metadata/labels/app'},
         {'op':'copy','from':'/metadata/name','path':'/metadata/labels/name'},
         {'op':'move','from':'/metadata/labels/name','path':'/metadata/labels/moved'}]
        """));

    assertEquals(3, result.at("/spec/replicas").asInt());
    assertEquals("side", result.at("/spec/template/spec/containers/1/name").asText());
    assertEquals(json("{'moved':'web'}"), result.at("/metadata/labels"));
  }

  @Test
  void rollbackStyleReplaceOfTemplateWorks() {
    JsonNode result = JsonPatch.apply(deployment(), ops("""
        [{'op':'replace','path':'/spec/template','value':{'spec':{'containers':[{'name':'web','image':'nginx:1.23'}]}}}]
        """));

    assertEquals("nginx:1.23", result.at("/spec/template/spec/containers/0/image").asText());
  }

  @Test
  void failedTestOperationIsInvalidAndNamesThePath() {
    StatusException e = assertThrows(StatusException.class, () -> JsonPatch.apply(deployment(), ops("""
        [{'op':'replace','path':'/spec/replicas','value':2},{'op':'test','path':'/metadata/name','value':'api'}]
        """)));

    assertEquals(422, e.code());
    assertEquals("Invalid", e.reason());
    assertTrue(e.getMessage().startsWith("the server rejected our request due to an error in our request"), e.getMessage());
    assertTrue(e.getMessage().contains("test operation 1 at path \"/metadata/name\""), e.getMessage());
    assertEquals(1, e.causes().size());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[{'op':'replace','path':'/spec/paused','value':true}]",
      "[{'op':'remove','path':'/spec/paused'}]",
      "[{'op':'add','path':'/spec/missing/child','value':1}]",
      "[{'op':'add','path':'/spec/template/spec/containers/5','value':{}}]",
      "[{'op':'move','from':'/spec/nothing','path':'/spec/x'}]",
  })
  void operationOnMissingPathIsInvalid(String patch) {
    StatusException e = assertThrows(StatusException.class, () -> JsonPatch.apply(deployment(), ops(patch)));

    assertEquals(422, e.code());
    assertEquals("Invalid", e.reason());
    assertTrue(e.getMessage().contains("operation 0 at path \"/spec/"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{'op':'add','path':'/a','value':1}",
      "[1]",
      "[{'op':'frobnicate','path':'/a'}]",
      "[{'path':'/a','value':1}]",
      "[{'op':'add','value':1}]",
      "[{'op':'add','path':'/a'}]",
      "[{'op':'copy','path':'/a'}]",
      "[{'op':'add','path':'no-slash','value':1}]",
  })
  void malformedPatchIsBadRequest(String patch) {
    StatusException e = assertThrows(StatusException.class, () -> JsonPatch.apply(deployment(), ops(patch)));

    assertEquals(400, e.code());
    assertEquals("BadRequest", e.reason());
  }

  @Test
  void nullPatchIsBadRequest() {
    assertEquals(400, assertThrows(StatusException.class, () -> JsonPatch.apply(deployment(), null)).code());
  }

  @Test
  void emptyPatchReturnsAnEqualCopy() {
    ObjectNode live = deployment();

    JsonNode result = JsonPatch.apply(live, ops("[]"));
    ((ObjectNode) result).put("mutated", true);

    assertEquals(deployment(), live);
  }

  @Test
  void leavesInputsUnchanged() {
    ObjectNode live = deployment();
    JsonNode patch = ops("[{'op':'add','path':'/spec/template/spec/containers/0/env','value':[{'name':'A'}]}]");
    JsonNode patchBefore = patch.deepCopy();

    JsonNode result = JsonPatch.apply(live, patch);
    ((ObjectNode) result.at("/spec/template/spec/containers/0/env/0")).put("name", "B");

    assertEquals(deployment(), live);
    assertEquals(patchBefore, patch);
  }
}
