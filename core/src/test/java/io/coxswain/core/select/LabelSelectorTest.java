package io.coxswain.core.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import io.coxswain.core.StatusException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorTest {
  private static final Map<String, String> WEB = Map.of("app", "web", "env", "prod", "tier", "fe", "replicas", "3");

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @ParameterizedTest(name = "[{0}] matches app=web,env=prod,tier=fe,replicas=3: {1}")
  @CsvSource(delimiter = '|', value = {
      "app=web               | true",
      "app=api               | false",
      "app==web              | true",
      "app==api              | false",
      "app!=api              | true",
      "app!=web              | false",
      "missing!=x            | true",
      "env in (prod,staging) | true",
      "env in (dev,staging)  | false",
      "missing in (a)        | false",
      "env notin (dev)       | true",
      "env notin (prod,dev)  | false",
      "missing notin (a)     | true",
      "app                   | true",
      "missing               | false",
      "!missing              | true",
      "!app                  | false",
      "replicas>2            | true",
      "replicas>3            | false",
      "replicas<4            | true",
      "app>1                 | false",
      "missing<9             | false",
      "app=web,env=prod      | true",
      "app=web,env=dev       | false",
      "app=web,!canary,tier in (fe,be),env!=dev | true",
  })
  void everyOperatorMatchesAsKubernetesDoes(String selector, boolean matches) {
    assertEquals(matches, LabelSelector.parse(selector).matches(WEB));
  }

  @Test
  void toleratesWhitespace() {
    LabelSelector selector = LabelSelector.parse("  env in ( prod , dev ) ,\ttier = fe , ! canary ");

    assertTrue(selector.matches(WEB));
    assertEquals("!canary,env in (dev,prod),tier=fe", selector.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void emptySelectorMatchesEverything(String text) {
    LabelSelector selector = LabelSelector.parse(text);

    assertTrue(selector.isEmpty());
    assertTrue(selector.matches(Map.of()));
    assertTrue(selector.matches(WEB));
    assertEquals("", selector.toString());
  }

  @Test
  void nullSelectorMatchesEverything() {
    assertTrue(LabelSelector.parse(null).isEmpty());
  }

  @Test
  void nonEmptySelectorIsNotEmpty() {
    assertFalse(LabelSelector.parse("a").isEmpty());
  }

  @ParameterizedTest(name = "[{0}] prints as [{1}]")
  @CsvSource(delimiter = '|', value = {
      "tier=fe,app=web              | app=web,tier=fe",
      "env in (b,a,b)               | env in (a,b)",
      "env notin (x)                | env notin (x)",
      "a==b                         | a==b",
      "a!=b                         | a!=b",
      "!a                           | !a",
      "a                            | a",
      "a>5                          | a>5",
      "example.com/app=x            | example.com/app=x",
      "a=                           | a=",
      "a in ()                      | a in ()",
  })
  void printsCanonicalForm(String selector, String canonical) {
    assertEquals(canonical.strip(), LabelSelector.parse(selector).toString());
  }

  @Test
  void emptyValueMatchesEmptyLabel() {
    assertTrue(LabelSelector.parse("a=").matches(Map.of("a", "")));
    assertFalse(LabelSelector.parse("a=").matches(Map.of()));
    assertTrue(LabelSelector.parse("a in (,x)").matches(Map.of("a", "")));
  }

  @Test
  void keywordsAreOrdinaryKeysAndValues() {
    LabelSelector selector = LabelSelector.parse("in=notin,notin in (in)");

    assertTrue(selector.matches(Map.of("in", "notin", "notin", "in")));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "a in b        | found 'b' expected: '('",
      "a in (b       | found '', expected: ',' or ')'",
      "a in (b c)    | found 'c', expected: ',' or ')'",
      "a b           | found 'b', expected: in, notin, =, ==, !=, gt, lt",
      "a=(b)         | found '(', expected: identifier",
      "a=b,          | found '', expected: identifier after ','",
      ",a            | found ',', expected: !, identifier, or 'end of string'",
      "=a            | found '=', expected: !, identifier, or 'end of string'",
      "!a=b          | found '=', expected: ',' or 'end of string'",
      "a=b c         | found 'c', expected: ',' or 'end of string'",
      "a in (x))     | found ')', expected: ',' or 'end of string'",
  })
  void malformedSelectorIsBadRequest(String selector, String detail) {
    StatusException e = assertThrows(StatusException.class, () -> LabelSelector.parse(selector));

    assertEquals(400, e.code());
    assertEquals("BadRequest", e.reason());
    assertTrue(e.getMessage().endsWith(detail.strip()), e.getMessage());
  }

  @Test
  void requirementErrorsAreWordedAsKubernetesWordsThem() {
    StatusException e = assertThrows(StatusException.class, () -> LabelSelector.parse("a in (b"));

    assertEquals("unable to parse requirement: found '', expected: ',' or ')'", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "-app=x", "app-=x", "a/b/c=x", "/app=x", "Example.com/app=x", "example.com/=x",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=x",
      "app=b@d", "app=-x", "app in (ok,no!pe)", "app=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      "a>b", "a<1.5",
  })
  void invalidKeyOrValueIsBadRequest(String selector) {
    StatusException e = assertThrows(StatusException.class, () -> LabelSelector.parse(selector));

    assertEquals(400, e.code());
    assertTrue(e.getMessage().startsWith("unable to parse requirement: "), e.getMessage());
  }

  @Test
  void invalidKeyMessageExplainsTheRule() {
    StatusException e = assertThrows(StatusException.class, () -> LabelSelector.parse("-app=x"));

    assertTrue(e.getMessage().contains("key: Invalid value: \"-app\": name part must consist of alphanumeric characters"),
        e.getMessage());
  }

  @Test
  void invalidValueMessageNamesTheValue() {
    StatusException e = assertThrows(StatusException.class, () -> LabelSelector.parse("app=b@d"));

    assertTrue(e.getMessage().contains("values[0][app]: Invalid value: \"b@d\": a valid label must be an empty string"),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "app.kubernetes.io/name=web", "a_b.c-d=E_f.G-9", "k8s.io/x", "a=63chars-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void validKeysAndValuesParse(String selector) {
    assertFalse(LabelSelector.parse(selector).isEmpty());
  }

  @Test
  void convertsLabelSelectorObject() {
    LabelSelector selector = LabelSelector.fromJson(json("""
        {'matchLabels':{'app':'web'},'matchExpressions':[
          {'key':'env','operator':'In','values':['b','a']},
          {'key':'tier','operator':'NotIn','values':['be']},
          {'key':'team','operator':'Exists'},
          {'key':'canary','operator':'DoesNotExist'}]}
        """));

    assertEquals("app=web,!canary,env in (a,b),team,tier notin (be)", selector.toString());
    assertTrue(selector.matches(Map.of("app", "web", "env", "a", "tier", "fe", "team", "x")));
    assertFalse(selector.matches(Map.of("app", "web", "env", "a", "tier", "fe")));
    assertFalse(selector.matches(Map.of("app", "web", "env", "a", "tier", "fe", "team", "x", "canary", "1")));
  }

  @Test
  void printsAsKubectlWideSelectorColumn() {
    LabelSelector selector = LabelSelector.fromJson(json(
        "{'matchLabels':{'app':'web'},'matchExpressions':[{'key':'env','operator':'In','values':['a','b']}]}"));

    assertEquals("app=web,env in (a,b)", selector.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "{}", "{'matchLabels':{}}", "{'matchLabels':null,'matchExpressions':[]}"})
  void emptyLabelSelectorObjectMatchesEverything(String text) {
    LabelSelector selector = LabelSelector.fromJson(json(text));

    assertTrue(selector.isEmpty());
    assertTrue(selector.matches(WEB));
  }

  @Test
  void missingLabelSelectorObjectMatchesEverything() {
    assertTrue(LabelSelector.fromJson(null).isEmpty());
    assertTrue(LabelSelector.fromJson(json("{}").path("selector")).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{'matchExpressions':[{'key':'a','operator':'Gt','values':['1']}]}",
      "{'matchExpressions':[{'key':'a','operator':'In','values':[]}]}",
      "{'matchExpressions':[{'key':'a','operator':'NotIn'}]}",
      "{'matchExpressions':[{'key':'a','operator':'Exists','values':['x']}]}",
      "{'matchExpressions':[{'key':'bad key','operator':'Exists'}]}",
      "{'matchExpressions':[{'key':'a','operator':'In','values':[1]}]}",
      "{'matchExpressions':{'key':'a'}}",
      "{'matchLabels':{'app':'b@d'}}",
      "{'matchLabels':{'app':1}}",
      "{'matchLabels':['app']}",
      "'app=web'",
  })
  void invalidLabelSelectorObjectIsBadRequest(String text) {
    StatusException e = assertThrows(StatusException.class, () -> LabelSelector.fromJson(json(text)));

    assertEquals(400, e.code());
  }

  @Test
  void unknownOperatorMessageNamesIt() {
    StatusException e = assertThrows(StatusException.class, () -> LabelSelector.fromJson(
        json("{'matchExpressions':[{'key':'a','operator':'Gt','values':['1']}]}")));

    assertTrue(e.getMessage().contains("\"Gt\" is not a valid label selector operator"), e.getMessage());
  }

  @Test
  void parsedAndConvertedFormsAreEqual() {
    assertEquals(LabelSelector.parse("env in (a,b),app=web"), LabelSelector.fromJson(json(
        "{'matchLabels':{'app':'web'},'matchExpressions':[{'key':'env','operator':'In','values':['b','a']}]}")));
  }
}
