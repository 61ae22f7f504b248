package io.coxswain.core.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectDiffTest {
  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static final JsonNode V1 = json("{'metadata':{'name':'web','resourceVersion':'10','labels':{'app':'web'}},"
      + "'spec':{'replicas':1,'paused':true,'template':{'spec':{'containers':[{'name':'web','image':'nginx:1.24'}]}}}}");
  private static final JsonNode V2 = json("{'metadata':{'name':'web','resourceVersion':'11',"
      + "'labels':{'app':'web','app.kubernetes.io/tier':'front'}},"
      + "'spec':{'replicas':3,'template':{'spec':{'containers':[{'name':'web','image':'nginx:1.25'},"
      + "{'name':'side','image':'busybox'}]}}}}");

  @Test
  void patchTurnsTheOlderVersionIntoTheNewerExactly() {
    ObjectDiff diff = ObjectDiff.between(V1, V2);
    assertEquals(V2, JsonPatch.apply(V1, diff.patch()));
    assertEquals(V1, JsonPatch.apply(V2, ObjectDiff.between(V2, V1).patch()));
  }

  @Test
  void patchUsesOnlyAddRemoveAndReplace() {
    for (JsonNode op : ObjectDiff.between(V1, V2).patch()) {
      assertTrue(List.of("add", "remove", "replace").contains(op.path("op").asText()), op.toString());
    }
  }

  @Test
  void readableLinesNameEachChangedFieldWithOldAndNewValue() {
    List<String> lines = ObjectDiff.between(V1, V2).lines();
    assertTrue(lines.contains("~ spec.replicas: 1 -> 3"), lines.toString());
    assertTrue(lines.contains("- spec.paused: true"), lines.toString());
    assertTrue(lines.contains("~ spec.template.spec.containers[0].image: \"nginx:1.24\" -> \"nginx:1.25\""), lines.toString());
    assertTrue(lines.contains("+ spec.template.spec.containers[1]: {\"name\":\"side\",\"image\":\"busybox\"}"), lines.toString());
    assertTrue(lines.contains("+ metadata.labels[\"app.kubernetes.io/tier\"]: \"front\""), lines.toString());
  }

  @Test
  void readableLinesLeaveOutTheResourceVersionThatEveryWriteChanges() {
    List<String> lines = ObjectDiff.between(V1, V2).lines();
    assertTrue(lines.stream().noneMatch(l -> l.contains("resourceVersion")), lines.toString());
    assertTrue(ObjectDiff.between(V1, V2).patch().toString().contains("/metadata/resourceVersion"),
        "the patch itself stays exact");
  }

  @Test
  void creationIsADiffFromNothing() {
    ObjectDiff diff = ObjectDiff.between(null, V1);
    assertEquals(V1, JsonPatch.apply(json("{}"), diff.patch()));
    assertTrue(diff.lines().contains("+ spec: " + V1.get("spec")), diff.lines().toString());
  }

  @Test
  void identicalVersionsHaveAnEmptyDiff() {
    ObjectDiff diff = ObjectDiff.between(V1, V1.deepCopy());
    assertEquals(0, diff.patch().size());
    assertEquals(List.of(), diff.lines());
  }

  @Test
  void listsThatGrowShrinkOrShiftArePatchedExactly() {
    List<String> lists = List.of("[]", "[1]", "[1,2,3]", "[3,2,1]", "[0,1,2,3,4]", "[2,3]", "[1,{'a':1},3]",
        "[1,{'a':2},3]", "[{'a':1},{'b':2}]", "[{'b':2}]", "[[1,2],[3]]", "[[1],[3,4]]");
    for (String a : lists) {
      for (String b : lists) {
        JsonNode from = json("{'l':" + a + "}");
        JsonNode to = json("{'l':" + b + "}");
        assertEquals(to, JsonPatch.apply(from, ObjectDiff.between(from, to).patch()), a + " -> " + b);
      }
    }
  }

  @Test
  void removedListElementsAreShownWithTheValuesTheyHad() {
    List<String> lines = ObjectDiff.between(json("{'l':['a','b','c','d']}"), json("{'l':['a','d']}")).lines();
    assertEquals(List.of("- l[2]: \"c\"", "- l[1]: \"b\""), lines);
  }

  @Test
  void keysWithSlashesAndTildesAreEscapedInThePatch() {
    JsonNode from = json("{'metadata':{'labels':{'a/b':'1','c~d':'2'}}}");
    JsonNode to = json("{'metadata':{'labels':{'a/b':'3'}}}");
    ObjectDiff diff = ObjectDiff.between(from, to);
    assertEquals(to, JsonPatch.apply(from, diff.patch()));
    assertTrue(diff.patch().toString().contains("/metadata/labels/a~1b"), diff.patch().toString());
    assertTrue(diff.patch().toString().contains("/metadata/labels/c~0d"), diff.patch().toString());
  }

  @Test
  void typeChangesAreReplacements() {
    JsonNode from = json("{'a':{'b':1},'c':[1]}");
    JsonNode to = json("{'a':[1],'c':'x'}");
    assertEquals(to, JsonPatch.apply(from, ObjectDiff.between(from, to).patch()));
    assertEquals(List.of("~ a: {\"b\":1} -> [1]", "~ c: [1] -> \"x\""), ObjectDiff.between(from, to).lines());
  }

  @Test
  void pointersBecomeDottedFieldPaths() {
    assertEquals("spec.containers[0].image", ObjectDiff.readable("/spec/containers/0/image"));
    assertEquals("metadata.annotations[\"a/b\"]", ObjectDiff.readable("/metadata/annotations/a~1b"));
  }
}
