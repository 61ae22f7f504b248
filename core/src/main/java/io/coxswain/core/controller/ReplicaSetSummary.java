package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Metadata;
import java.util.Comparator;

/**
 * What the deployment controller's arithmetic needs of one ReplicaSet: its size as desired
 * (spec.replicas) and as observed (status), its age and revision, and the max-replicas annotation
 * proportional scaling divides by (-1 when absent).
 */
public record ReplicaSetSummary(String name, String creationTimestamp, long revision, int replicas,
    int statusReplicas, int readyReplicas, int availableReplicas, int maxReplicasAnnotation) {

  public static ReplicaSetSummary of(JsonNode rs) {
    JsonNode status = rs.path("status");
    String max = Metadata.annotations(rs).get(DeploymentRevisions.MAX_REPLICAS);
    int maxReplicas = -1;
    if (max != null) {
      try {
        maxReplicas = Integer.parseInt(max);
      } catch (NumberFormatException e) {
        maxReplicas = -1;
      }
    }
    String created = Metadata.creationTimestamp(rs);
    return new ReplicaSetSummary(Metadata.name(rs), created == null ? "" : created, DeploymentRevisions.revision(rs),
        rs.path("spec").path("replicas").asInt(1), status.path("replicas").asInt(0),
        status.path("readyReplicas").asInt(0), status.path("availableReplicas").asInt(0), maxReplicas);
  }

  public ReplicaSetSummary withReplicas(int n) {
    return new ReplicaSetSummary(name, creationTimestamp, revision, n, statusReplicas, readyReplicas, availableReplicas,
        maxReplicasAnnotation);
  }

  /** Oldest first, ties by name (ReplicaSetsByCreationTimestamp; RFC 3339 UTC stamps sort as text). */
  public static final Comparator<ReplicaSetSummary> OLDEST_FIRST =
      Comparator.comparing(ReplicaSetSummary::creationTimestamp).thenComparing(ReplicaSetSummary::name);

  /** Largest first, ties oldest first (ReplicaSetsBySizeOlder: where a scale-down takes pods first). */
  public static final Comparator<ReplicaSetSummary> LARGEST_THEN_OLDEST =
      Comparator.comparingInt(ReplicaSetSummary::replicas).reversed().thenComparing(OLDEST_FIRST);

  /** Largest first, ties newest first (ReplicaSetsBySizeNewer: where a scale-up puts pods first). */
  public static final Comparator<ReplicaSetSummary> LARGEST_THEN_NEWEST =
      Comparator.comparingInt(ReplicaSetSummary::replicas).reversed().thenComparing(OLDEST_FIRST.reversed());

  /** Lowest revision first, ties oldest first (ReplicaSetsByRevision: what history cleanup removes first). */
  public static final Comparator<ReplicaSetSummary> LOWEST_REVISION_FIRST =
      Comparator.comparingLong(ReplicaSetSummary::revision).thenComparing(OLDEST_FIRST);
}
