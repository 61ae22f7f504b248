package io.coxswain.core.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentScalingTest {
  static ReplicaSetSummary rs(String name, String created, int replicas, int available, int maxAnnotation) {
    return new ReplicaSetSummary(name, created, 1, replicas, replicas, available, available, maxAnnotation);
  }

  @Test
  void scaleUpIsSharedByEachReplicaSetsSize() {
    ReplicaSetSummary old = rs("old", "2024-01-01T00:00:00Z", 3, 0, 5);
    ReplicaSetSummary fresh = rs("new", "2024-01-02T00:00:00Z", 2, 0, 5);
    assertEquals(Map.of("old", 5, "new", 4), DeploymentScaling.proportional(List.of(old, fresh), 8, 1, 5));
  }

  @Test
  void scaleDownTakesTheRoundingLeftoverFromTheLargest() {
    ReplicaSetSummary old = rs("old", "2024-01-01T00:00:00Z", 5, 0, 13);
    ReplicaSetSummary fresh = rs("new", "2024-01-02T00:00:00Z", 8, 0, 13);
    Map<String, Integer> sizes = DeploymentScaling.proportional(List.of(old, fresh), 5, 3, 13);
    assertEquals(8, sizes.values().stream().mapToInt(Integer::intValue).sum(), "5 + 3 surge");
    assertEquals(Map.of("old", 3, "new", 5), sizes);
  }

  @Test
  void scaleToZeroEmptiesEveryone() {
    Map<String, Integer> sizes = DeploymentScaling.proportional(
        List.of(rs("a", "1", 2, 0, 3), rs("b", "2", 1, 0, 3)), 0, 1, 3);
    assertEquals(Map.of("a", 0, "b", 0), sizes);
  }

  @Test
  void theOnlyActiveReplicaSetIsTheOneToScale() {
    ReplicaSetSummary fresh = rs("new", "2", 3, 3, 4);
    ReplicaSetSummary idle = rs("old", "1", 0, 0, 4);
    assertEquals(fresh, DeploymentScaling.activeOrLatest(fresh, List.of(idle)));
    assertEquals(idle, DeploymentScaling.activeOrLatest(null, List.of(idle)));
    assertNull(DeploymentScaling.activeOrLatest(fresh, List.of(rs("old", "1", 1, 1, 4))));
  }

  @Test
  void newReplicaSetGrowsWithinTheSurge() {
    ReplicaSetSummary old = rs("old", "1", 3, 3, 4);
    ReplicaSetSummary fresh = rs("new", "2", 0, 0, -1);
    assertEquals(1, DeploymentScaling.newReplicaSetReplicas(List.of(old, fresh), fresh, 3, 1, true));
    assertEquals(0, DeploymentScaling.newReplicaSetReplicas(List.of(old, fresh), fresh, 3, 0, true));
    assertEquals(3, DeploymentScaling.newReplicaSetReplicas(List.of(old, fresh), fresh, 3, 0, false), "Recreate");
  }

  @Test
  void oldReplicaSetsShrinkWhileEnoughStayAvailable() {
    ReplicaSetSummary old = rs("old", "1", 3, 3, 4);
    ReplicaSetSummary fresh = rs("new", "2", 1, 1, 4);
    assertEquals(Map.of("old", 2), DeploymentScaling.oldReplicaSetsScaleDown(List.of(old), fresh, 3, 0));
    ReplicaSetSummary unready = rs("new", "2", 1, 0, 4);
    assertEquals(Map.of(), DeploymentScaling.oldReplicaSetsScaleDown(List.of(old), unready, 3, 0));
  }

  @Test
  void unhealthyOldReplicasGoFirst() {
    ReplicaSetSummary oldest = rs("oldest", "1", 2, 0, 4);
    ReplicaSetSummary older = rs("older", "2", 2, 2, 4);
    ReplicaSetSummary fresh = rs("new", "3", 0, 0, 4);
    // 4 pods, 3 must stay available: the 2 unavailable ones of "oldest" go, the available ones stay.
    assertEquals(Map.of("oldest", 0), DeploymentScaling.oldReplicaSetsScaleDown(List.of(older, oldest), fresh, 3, 1));
  }
}
