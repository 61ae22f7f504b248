package io.coxswain.core.patch;

import static io.coxswain.core.patch.StrategicMergePatchTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonMergePatchTest {
  private static JsonNode node(String text) {
    try {
      return Json.MAPPER.readTree(text.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The examples of RFC 7386, appendix A. */
  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{'a':'b'}           | {'a':'c'}             | {'a':'c'}",
      "{'a':'b'}           | {'b':'c'}             | {'a':'b','b':'c'}",
      "{'a':'b'}           | {'a':null}            | {}",
      "{'a':'b','b':'c'}   | {'a':null}            | {'b':'c'}",
      "{'a':['b']}         | {'a':'c'}             | {'a':'c'}",
      "{'a':'c'}           | {'a':['b']}           | {'a':['b']}",
      "{'a':{'b':'c'}}     | {'a':{'b':'d','c':null}} | {'a':{'b':'d'}}",
      "{'a':[{'b':'c'}]}   | {'a':[1]}             | {'a':[1]}",
      "['a','b']           | ['c','d']             | ['c','d']",
      "{'a':'b'}           | ['c']                 | ['c']",
      "{'a':'foo'}         | null                  | null",
      "{'a':'foo'}         | 'bar'                 | 'bar'",
      "{'e':null}          | {'a':1}               | {'e':null,'a':1}",
      "[1,2]               | {'a':'b','c':null}    | {'a':'b'}",
      "{}                  | {'a':{'bb':{'ccc':null}}} | {'a':{'bb':{}}}",
  })
  void followsRfc7386Examples(String target, String patch, String expected) {
    assertEquals(node(expected), JsonMergePatch.apply(node(target), node(patch)));
  }

  @Test
  void labelPatchAddsAndRemovesLabelsOnly() {
    ObjectNode live = json("{'metadata':{'name':'p','labels':{'app':'web','old':'x'}},'spec':{'containers':[{'name':'c'}]}}");

    JsonNode result = JsonMergePatch.apply(live, json("{'metadata':{'labels':{'tier':'fe','old':null}}}"));

    assertEquals(json("{'metadata':{'name':'p','labels':{'app':'web','tier':'fe'}},'spec':{'containers':[{'name':'c'}]}}"), result);
  }

  @Test
  void scalePatchSetsReplicas() {
    JsonNode result = JsonMergePatch.apply(json("{'spec':{'replicas':1,'paused':false}}"), json("{'spec':{'replicas':5}}"));

    assertEquals(json("{'spec':{'replicas':5,'paused':false}}"), result);
  }

  @Test
  void nullTargetIsTreatedAsEmptyObject() {
    assertEquals(json("{'a':{'b':1}}"), JsonMergePatch.apply(null, json("{'a':{'b':1,'c':null}}")));
  }

  @Test
  void leavesInputsUnchanged() {
    ObjectNode target = json("{'a':{'b':1},'l':[1]}");
    ObjectNode patch = json("{'a':{'c':{'d':2}},'l':[2]}");
    ObjectNode targetBefore = target.deepCopy();
    ObjectNode patchBefore = patch.deepCopy();

    ObjectNode result = (ObjectNode) JsonMergePatch.apply(target, patch);
    ((ObjectNode) result.at("/a/c")).put("d", 99);
    ((com.fasterxml.jackson.databind.node.ArrayNode) result.get("l")).add(3);

    assertEquals(targetBefore, target);
    assertEquals(patchBefore, patch);
  }
}
