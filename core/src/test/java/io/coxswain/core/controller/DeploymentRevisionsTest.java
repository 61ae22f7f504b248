package io.coxswain.core.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentRevisionsTest {
  @Test
  void aNewReplicaSetGetsTheRevisionTheCopiedAnnotationsAndItsSizes() {
    Map<String, String> deployment = Map.of("kubernetes.io/change-cause", "v2", DeploymentRevisions.LAST_APPLIED, "{}",
        DeploymentRevisions.REVISION, "1");
    Map<String, String> rs = new HashMap<>();
    assertTrue(DeploymentRevisions.setNewReplicaSetAnnotations(deployment, rs, 2, false, 3, 4));
    assertEquals(Map.of("kubernetes.io/change-cause", "v2", DeploymentRevisions.REVISION, "2",
        DeploymentRevisions.DESIRED_REPLICAS, "3", DeploymentRevisions.MAX_REPLICAS, "4"), rs);
  }

  @Test
  void anOldReplicaSetBecomingNewRemembersItsRevisions() {
    Map<String, String> rs = new HashMap<>(Map.of(DeploymentRevisions.REVISION, "1"));
    assertTrue(DeploymentRevisions.setNewReplicaSetAnnotations(Map.of(), rs, 3, true, 0, 0));
    assertEquals("3", rs.get(DeploymentRevisions.REVISION));
    assertEquals("1", rs.get(DeploymentRevisions.REVISION_HISTORY));
    assertTrue(DeploymentRevisions.setNewReplicaSetAnnotations(Map.of(), rs, 5, true, 0, 0));
    assertEquals("1,3", rs.get(DeploymentRevisions.REVISION_HISTORY));
    assertFalse(DeploymentRevisions.setNewReplicaSetAnnotations(Map.of(), rs, 5, true, 0, 0), "already current");
  }

  @Test
  void historyDropsItsOldestEntriesPastTheLimit() {
    String full = "1," + "9".repeat(DeploymentRevisions.MAX_HISTORY_CHARS - 2);
    assertEquals("9".repeat(DeploymentRevisions.MAX_HISTORY_CHARS - 2) + ",7", DeploymentRevisions.history(full, "7"));
  }

  @Test
  void replicasAnnotationsChangeOnlyWhenTheSizesDo() {
    Map<String, String> rs = new HashMap<>();
    assertTrue(DeploymentRevisions.setReplicasAnnotations(rs, 3, 4));
    assertFalse(DeploymentRevisions.replicasAnnotationsNeedUpdate(rs, 3, 4));
    assertFalse(DeploymentRevisions.setReplicasAnnotations(rs, 3, 4));
    assertTrue(DeploymentRevisions.replicasAnnotationsNeedUpdate(rs, 5, 7));
  }
}
