package io.coxswain.actors.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.core.services.NodePortRange;
import io.coxswain.core.services.ServiceCidr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The order an allocator tries values in: every value once, the dynamic band before the static one. */
class AllocatorCandidatesTest {
  private static List<String> all(Allocator.Candidates candidates) {
    List<String> out = new ArrayList<>();
    for (String v = candidates.nextFree(x -> true); v != null; v = candidates.nextFree(x -> true)) out.add(v);
    return out;
  }

  @RepeatedTest(20)
  void triesEveryValueOnceWithTheDynamicBandFirst() {
    NodePortRange range = NodePortRange.parse("30000-30199");
    List<String> order = all(new Allocator.Candidates(range));
    assertEquals(200, order.size());
    assertEquals(200, new HashSet<>(order).size());
    long band = range.dynamicStart();
    for (int i = 0; i < order.size(); i++) {
      boolean dynamic = range.offset(order.get(i)) >= band;
      assertEquals(i < 200 - band, dynamic, "value " + i + " (" + order.get(i) + ") in the wrong band");
    }
  }

  @Test
  void skipsTakenValuesAndEndsWhenNoneIsFree() {
    ServiceCidr range = ServiceCidr.parse("10.0.0.0/29");
    Set<String> taken = Set.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.5", "10.0.0.6");
    Allocator.Candidates candidates = new Allocator.Candidates(range);
    assertEquals("10.0.0.4", candidates.nextFree(v -> !taken.contains(v)));
    assertNull(candidates.nextFree(v -> !taken.contains(v)));
  }

  @Test
  void startsAtDifferentPointsSoConcurrentAllocationsRarelyCollide() {
    ServiceCidr range = ServiceCidr.parse("10.96.0.0/12");
    Set<String> firsts = new HashSet<>();
    for (int i = 0; i < 50; i++) firsts.add(new Allocator.Candidates(range).nextFree(v -> true));
    assertTrue(firsts.size() > 45, firsts.toString());
  }
}
