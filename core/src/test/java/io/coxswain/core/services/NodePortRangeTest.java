package io.coxswain.core.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodePortRangeTest {
  @Test
  void coversTheDefaultKubernetesRange() {
    NodePortRange range = NodePortRange.parse("30000-32767");
    assertEquals(NodePortRange.DEFAULT, range);
    assertEquals(2768, range.size());
    assertEquals("30000", range.name(0));
    assertEquals("32767", range.name(2767));
    assertTrue(range.contains("31000"));
    assertFalse(range.contains("29999"));
    assertFalse(range.contains("032000"));
    assertFalse(range.contains("http"));
    // min(max(16, 2768/32), 128)
    assertEquals(86, range.dynamicStart());
  }

  @Test
  void refusesRangesThatAreNoPorts() {
    assertThrows(IllegalArgumentException.class, () -> NodePortRange.parse("32767-30000"));
    assertThrows(IllegalArgumentException.class, () -> NodePortRange.parse("0-100"));
    assertThrows(IllegalArgumentException.class, () -> NodePortRange.parse("a-b"));
    assertEquals(1, NodePortRange.parse("31000").size());
  }
}
