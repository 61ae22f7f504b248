package io.coxswain.core.controller;

import static io.coxswain.core.controller.EndpointFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;

class MergePatchesTest {
  @Test
  void removedKeysBecomeNullAndTheRestIsTheDesiredMap() {
    assertEquals(yaml("{a: '1', gone: null, b: '2'}"),
        MergePatches.replacingMap(yaml("{a: '0', gone: x}"), yaml("{a: '1', b: '2'}")));
  }

  @Test
  void aMissingStoredMapPatchesToTheDesiredOne() {
    assertEquals(yaml("{a: '1'}"), MergePatches.replacingMap(MissingNode.getInstance(), yaml("{a: '1'}")));
  }
}
