package io.coxswain.core.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.core.StatusException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldSelectorTest {
  private static final Map<String, String> POD =
      Map.of("metadata.name", "web-1", "metadata.namespace", "default", "spec.nodeName", "n1", "status.phase", "Running");

  @ParameterizedTest(name = "[{0}] matches pod web-1 on n1: {1}")
  @CsvSource(delimiter = '|', value = {
      "metadata.name=web-1                     | true",
      "metadata.name=web-2                     | false",
      "metadata.name==web-1                    | true",
      "metadata.name==web-2                    | false",
      "metadata.name!=web-2                    | true",
      "metadata.name!=web-1                    | false",
      "spec.nodeName=n1,status.phase=Running   | true",
      "spec.nodeName=n1,status.phase!=Running  | false",
      "spec.nodeName=                          | false",
      "status.reason=                          | true",
      "status.reason!=                         | false",
      "status.reason!=x                        | true",
  })
  void everyOperatorMatches(String selector, boolean matches) {
    assertEquals(matches, FieldSelector.parse(selector).matches(POD));
  }

  @Test
  void nullFieldValueComparesAsEmpty() {
    Map<String, String> fields = new HashMap<>();
    fields.put("spec.nodeName", null);

    assertTrue(FieldSelector.parse("spec.nodeName=").matches(fields));
    assertTrue(FieldSelector.parse("spec.nodeName!=n1").matches(fields));
  }

  @Test
  void unscheduledPodsAreSelectedByEmptyNodeName() {
    FieldSelector selector = FieldSelector.parse("spec.nodeName=");

    assertTrue(selector.matches(Map.of("metadata.name", "p")));
    assertFalse(selector.matches(POD));
  }

  @Test
  void reportsFieldNames() {
    FieldSelector selector = FieldSelector.parse("status.phase!=Failed,metadata.name=a,status.phase!=Succeeded");

    assertEquals(Set.of("metadata.name", "status.phase"), selector.fieldNames());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ",", ",,"})
  void emptySelectorMatchesEverything(String text) {
    FieldSelector selector = FieldSelector.parse(text);

    assertTrue(selector.isEmpty());
    assertTrue(selector.matches(POD));
    assertEquals(Set.of(), selector.fieldNames());
  }

  @Test
  void nullSelectorMatchesEverything() {
    assertTrue(FieldSelector.parse(null).isEmpty());
  }

  @Test
  void escapedCommaEqualsAndBackslashAreLiteralValueCharacters() {
    FieldSelector selector = FieldSelector.parse("involvedObject.name=a\\,b\\=c\\\\d,involvedObject.kind=Pod");

    assertEquals(List.of("Pod", "a,b=c\\d"),
        selector.requirements().stream().map(FieldSelector.Requirement::value).toList());
    assertTrue(selector.matches(Map.of("involvedObject.name", "a,b=c\\d", "involvedObject.kind", "Pod")));
    assertFalse(selector.matches(Map.of("involvedObject.name", "a", "involvedObject.kind", "Pod")));
  }

  @Test
  void printsSortedTermsWithEscapedValues() {
    FieldSelector selector = FieldSelector.parse("status.phase!=Running,metadata.name==a\\,b");

    assertEquals("metadata.name==a\\,b,status.phase!=Running", selector.toString());
    assertEquals(selector, FieldSelector.parse(selector.toString()));
  }

  @Test
  void escapeValueRoundTrips() {
    String value = "x,y=z\\w";

    FieldSelector selector = FieldSelector.parse("metadata.name=" + FieldSelector.escapeValue(value));

    assertTrue(selector.matches(Map.of("metadata.name", value)));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "metadata.name                | invalid selector: 'metadata.name'; can't understand 'metadata.name'",
      "metadata.name=a,status.phase | invalid selector: 'metadata.name=a,status.phase'; can't understand 'status.phase'",
      "metadata.name=a=b            | invalid field selector: unescaped character in value: =",
      "metadata.name=a\\x           | invalid field selector: invalid escape sequence: \\x",
      "metadata.name=a\\            | invalid field selector: invalid escape sequence: \\",
  })
  void malformedSelectorIsBadRequest(String selector, String message) {
    StatusException e = assertThrows(StatusException.class, () -> FieldSelector.parse(selector.strip()));

    assertEquals(400, e.code());
    assertEquals("BadRequest", e.reason());
    assertEquals(message.strip(), e.getMessage());
  }

  @Test
  void unsupportedFieldIsBadRequestNamingTheField() {
    StatusException e = FieldSelector.unsupportedField("spec.replicas");

    assertEquals(400, e.code());
    assertEquals("BadRequest", e.reason());
    assertEquals("field label not supported: spec.replicas", e.getMessage());
  }

  @Test
  void fieldNameSurroundingSpacesAreIgnored() {
    assertEquals(Set.of("metadata.name"), FieldSelector.parse(" metadata.name =a").fieldNames());
  }
}
