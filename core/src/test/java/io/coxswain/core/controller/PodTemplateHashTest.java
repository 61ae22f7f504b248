package io.coxswain.core.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PodTemplateHashTest {
  static JsonNode json(String s) throws Exception {
    return Json.MAPPER.readTree(s);
  }

  @Test
  void fnv32aMatchesTheReferenceValues() {
    assertEquals(0x811c9dc5, PodTemplateHash.fnv32a(new byte[0]));
    assertEquals(0xe40c292c, PodTemplateHash.fnv32a("a".getBytes(StandardCharsets.UTF_8)));
    assertEquals(0xbf9cf968, PodTemplateHash.fnv32a("foobar".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void encodesDecimalDigitsWithTheSafeAlphabet() {
    assertEquals("7d6b446664", PodTemplateHash.safeEncode("3826002220"));
  }

  @Test
  void hashIsTheSameWhateverTheKeyOrder() throws Exception {
    String a = PodTemplateHash.compute(json("{\"metadata\":{\"labels\":{\"app\":\"x\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}"), null);
    String b = PodTemplateHash.compute(json("{\"spec\":{\"containers\":[{\"image\":\"i\",\"name\":\"c\"}]},\"metadata\":{\"labels\":{\"app\":\"x\"}}}"), null);
    assertEquals(a, b);
    assertTrue(a.matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}"), a);
  }

  @Test
  void aNullFieldHashesAsAnAbsentOne() throws Exception {
    String absent = PodTemplateHash.compute(json("{\"metadata\":{\"labels\":{\"app\":\"x\"}},\"spec\":{\"containers\":[{\"name\":\"c\"}]}}"), null);
    String nulls = PodTemplateHash.compute(json(
        "{\"metadata\":{\"creationTimestamp\":null,\"labels\":{\"app\":\"x\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"args\":null}]}}"), null);
    assertEquals(absent, nulls);
  }

  @Test
  void collisionCountAndTemplateChangeTheHash() throws Exception {
    JsonNode t = json("{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}");
    String plain = PodTemplateHash.compute(t, null);
    assertNotEquals(plain, PodTemplateHash.compute(t, 1));
    assertNotEquals(PodTemplateHash.compute(t, 1), PodTemplateHash.compute(t, 2));
    assertNotEquals(plain, PodTemplateHash.compute(json("{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"j\"}]}}"), null));
  }

  @Test
  void templatesAreEqualIgnoringOnlyTheHashLabel() throws Exception {
    JsonNode t = json("{\"metadata\":{\"labels\":{\"app\":\"x\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}");
    JsonNode withHash = PodTemplateHash.withHashLabel(t, "abc");
    assertEquals("abc", withHash.path("metadata").path("labels").path(PodTemplateHash.LABEL).asText());
    assertFalse(t.path("metadata").path("labels").has(PodTemplateHash.LABEL), "the original is not changed");
    assertTrue(PodTemplateHash.equalIgnoringHash(withHash, t));
    assertFalse(PodTemplateHash.equalIgnoringHash(withHash,
        json("{\"metadata\":{\"labels\":{\"app\":\"y\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}")));
  }
}
