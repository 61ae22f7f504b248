package io.coxswain.core.table;

import static io.coxswain.core.table.TestObjects.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabelSelectorFormatterTest {
  @Test
  void rendersMatchLabelsSortedByKey() {
    assertEquals("app=web,tier=front",
        LabelSelectorFormatter.format(json("{\"matchLabels\":{\"tier\":\"front\",\"app\":\"web\"}}")));
  }

  @Test
  void rendersEveryExpressionOperatorWithSortedValues() {
    String selector = """
        {"matchLabels": {"app": "web"},
         "matchExpressions": [
           {"key": "tier", "operator": "In", "values": ["front", "back"]},
           {"key": "env", "operator": "NotIn", "values": ["dev"]},
           {"key": "canary", "operator": "DoesNotExist"},
           {"key": "zone", "operator": "Exists"}]}
        """;
    assertEquals("app=web,!canary,env notin (dev),tier in (back,front),zone",
        LabelSelectorFormatter.format(json(selector)));
  }

  @Test
  void emptyOrAbsentSelectorIsNone() {
    assertEquals("<none>", LabelSelectorFormatter.format(json("{}")));
    assertEquals("<none>", LabelSelectorFormatter.format(MissingNode.getInstance()));
    assertEquals(Optional.of(""), LabelSelectorFormatter.asSelector(json("{}")));
  }

  @Test
  void invalidSelectorIsAnError() {
    assertEquals("<error>", LabelSelectorFormatter.format(
        json("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Near\",\"values\":[\"b\"]}]}")));
    assertEquals("<error>", LabelSelectorFormatter.format(
        json("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\",\"values\":[]}]}")));
    assertEquals("<error>", LabelSelectorFormatter.format(
        json("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Exists\",\"values\":[\"b\"]}]}")));
    assertEquals("<error>", LabelSelectorFormatter.format(json("{\"matchLabels\":{\"bad key\":\"x\"}}")));
    assertEquals(Optional.empty(),
        LabelSelectorFormatter.asSelector(json("{\"matchLabels\":{\"app\":\"not valid!\"}}")));
  }

  @Test
  void acceptsPrefixedKeys() {
    assertEquals("app.kubernetes.io/name=web", LabelSelectorFormatter.format(
        json("{\"matchLabels\":{\"app.kubernetes.io/name\":\"web\"}}")));
  }

  @Test
  void formatsLabelMapsSortedOrNone() {
    assertEquals("app=web,tier=front",
        LabelSelectorFormatter.formatLabels(json("{\"tier\":\"front\",\"app\":\"web\"}")));
    assertEquals("<none>", LabelSelectorFormatter.formatLabels(json("{}")));
    assertEquals("<none>", LabelSelectorFormatter.formatLabels(MissingNode.getInstance()));
  }
}
