package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Metadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The annotations a Deployment keeps on itself and its ReplicaSets (deploymentutil's
 * SetNewReplicaSetAnnotations, SetReplicasAnnotations, SetDeploymentRevision): which revision each
 * ReplicaSet is, the revisions it was before (a rollback), and the sizes proportional scaling reads.
 */
public final class DeploymentRevisions {
  public static final String REVISION = "deployment.kubernetes.io/revision";
  public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
  public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  /** How long the revision-history annotation may grow before its oldest entries go. */
  static final int MAX_HISTORY_CHARS = 2000;

  private static final Set<String> NOT_COPIED = Set.of(LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS,
      MAX_REPLICAS, "deprecated.deployment.rollback.to");

  private DeploymentRevisions() {}

  /** The revision annotation as a number; 0 when absent or unreadable. */
  public static long revision(JsonNode obj) {
    String r = Metadata.annotations(obj).get(REVISION);
    if (r == null) return 0;
    try {
      return Long.parseLong(r);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  public static long maxRevision(Collection<? extends JsonNode> replicaSets) {
    long max = 0;
    for (JsonNode rs : replicaSets) max = Math.max(max, revision(rs));
    return max;
  }

  /** Copies the Deployment's annotations that belong on its ReplicaSets into {@code rs}; whether any changed. */
  public static boolean copyDeploymentAnnotations(Map<String, String> deployment, Map<String, String> rs) {
    boolean changed = false;
    for (Map.Entry<String, String> e : deployment.entrySet()) {
      if (NOT_COPIED.contains(e.getKey()) || e.getValue().equals(rs.get(e.getKey()))) continue;
      rs.put(e.getKey(), e.getValue());
      changed = true;
    }
    return changed;
  }

  /**
   * Brings the annotations of the new ReplicaSet up to date: the Deployment's own, the new revision
   * (an old revision becoming new again is remembered in revision-history) and, for a ReplicaSet
   * about to be created, the replica annotations. Returns whether anything changed.
   */
  public static boolean setNewReplicaSetAnnotations(Map<String, String> deployment, Map<String, String> rs,
      long newRevision, boolean exists, int desiredReplicas, int maxReplicas) {
    boolean changed = copyDeploymentAnnotations(deployment, rs);
    String oldRevision = rs.get(REVISION);
    long oldRevisionNumber = 0;
    if (oldRevision != null && !oldRevision.isEmpty()) {
      try {
        oldRevisionNumber = Long.parseLong(oldRevision);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    if (oldRevisionNumber < newRevision) {
      rs.put(REVISION, Long.toString(newRevision));
      changed = true;
      if (oldRevision != null && !oldRevision.isEmpty()) rs.put(REVISION_HISTORY, history(rs.get(REVISION_HISTORY), oldRevision));
    }
    if (!exists && setReplicasAnnotations(rs, desiredReplicas, maxReplicas)) changed = true;
    return changed;
  }

  /** The history with {@code oldRevision} appended, the oldest entries dropped to stay within the limit. */
  static String history(String current, String oldRevision) {
    if (current == null || current.isEmpty()) return oldRevision;
    List<String> revisions = new ArrayList<>(Arrays.asList(current.split(",", -1)));
    int total = current.length() + oldRevision.length() + 1;
    int start = 0;
    while (total > MAX_HISTORY_CHARS && start < revisions.size()) {
      total -= revisions.get(start).length() + 1;
      start++;
    }
    if (total > MAX_HISTORY_CHARS) return current;
    List<String> kept = new ArrayList<>(revisions.subList(start, revisions.size()));
    kept.add(oldRevision);
    return String.join(",", kept);
  }

  /** Sets desired-replicas and max-replicas; whether either changed. */
  public static boolean setReplicasAnnotations(Map<String, String> rs, int desired, int max) {
    boolean changed = !Integer.toString(desired).equals(rs.put(DESIRED_REPLICAS, Integer.toString(desired)));
    changed |= !Integer.toString(max).equals(rs.put(MAX_REPLICAS, Integer.toString(max)));
    return changed;
  }

  public static boolean replicasAnnotationsNeedUpdate(Map<String, String> rs, int desired, int max) {
    return !Integer.toString(desired).equals(rs.get(DESIRED_REPLICAS)) || !Integer.toString(max).equals(rs.get(MAX_REPLICAS));
  }

  /** The desired-replicas annotation, or -1 when absent or unreadable. */
  public static int desiredReplicas(JsonNode rs) {
    String v = Metadata.annotations(rs).get(DESIRED_REPLICAS);
    if (v == null) return -1;
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
