package io.coxswain.core.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeletionTest {
  @Test
  void aPolicyChoosesTheGarbageCollectorFinalizerAndKeepsTheOthers() {
    List<String> held = List.of("example.com/hold");
    assertEquals(List.of("example.com/hold", "orphan"), Deletion.finalizersAfterDelete(held, "Orphan"));
    assertEquals(List.of("example.com/hold", "foregroundDeletion"), Deletion.finalizersAfterDelete(held, "Foreground"));
    assertEquals(held, Deletion.finalizersAfterDelete(held, "Background"));
    assertEquals(List.of(), Deletion.finalizersAfterDelete(List.of("orphan"), "Background"));
    assertEquals(List.of("foregroundDeletion"), Deletion.finalizersAfterDelete(List.of("orphan"), "Foreground"));
  }

  @Test
  void withoutAPolicyTheEarlierChoiceStands() {
    List<String> orphaned = List.of("orphan", "example.com/hold");
    assertSame(orphaned, Deletion.finalizersAfterDelete(orphaned, null));
    assertEquals(List.of(), Deletion.finalizersAfterDelete(List.of(), null));
    // Both set by hand: the first one wins, as the apiserver reads them.
    assertEquals(List.of("foregroundDeletion"), Deletion.finalizersAfterDelete(List.of("foregroundDeletion", "orphan"), null));
  }
}
