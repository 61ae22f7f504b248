package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Metadata;
import io.coxswain.core.controller.DeploymentConditions;
import io.coxswain.core.controller.DeploymentRevisions;
import io.coxswain.core.controller.DeploymentScaling;
import io.coxswain.core.controller.DeploymentStatus;
import io.coxswain.core.controller.OwnerReferences;
import io.coxswain.core.controller.ReplicaSetSummary;
import io.coxswain.core.controller.RolloutFenceposts;
import io.coxswain.core.kinds.DeploymentStrategy;
import io.coxswain.core.kinds.NamespaceStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.kinds.ReplicaSetStrategy;
import io.coxswain.core.select.LabelSelector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rolls each Deployment out through ReplicaSets, as kube-controller-manager's deployment
 * controller does: one ReplicaSet per pod template (named by its pod-template-hash), rolling
 * updates within maxSurge and maxUnavailable or Recreate, proportional scaling, pausing, revision
 * history and the Available and Progressing conditions. The arithmetic lives in core's {@code
 * io.coxswain.core.controller}; {@link DeploymentPass} makes the writes of one reconcile.
 */
public final class DeploymentController implements Reconciler {
  public static final String USER = "system:serviceaccount:kube-system:deployment-controller";
  public static final String NAME = "deployment-controller";
  /** ReplicaSets by the uid of their controller, orphans under "orphan:" + namespace. */
  static final String BY_OWNER = "deployment-controller-owner";
  private static final Duration OBSERVE_TIMEOUT = Duration.ofSeconds(10);

  private final Informer deployments;
  private final Informer replicaSets;
  private final Informer pods;
  private final Informer namespaces;
  private final ControllerWrites writes;
  private final ControllerEvents events;
  private final Clock clock;

  public DeploymentController(Informers informers, ControllerWrites writes, Clock clock) {
    this.deployments = informers.get(DeploymentStrategy.TYPE);
    this.replicaSets = informers.get(ReplicaSetStrategy.TYPE, BY_OWNER, DeploymentController::ownerIndex);
    this.pods = informers.get(PodStrategy.TYPE, ReplicaSetController.BY_CONTROLLER, ReplicaSetController::controllerIndex);
    this.namespaces = informers.get(NamespaceStrategy.TYPE);
    this.writes = writes;
    this.events = new ControllerEvents(writes, NAME, clock);
    this.clock = clock;
  }

  static Collection<String> ownerIndex(ObjectNode rs) {
    String uid = OwnerReferences.controllerUid(rs);
    return List.of(uid != null ? uid : "orphan:" + Metadata.namespace(rs));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Informer primary() {
    return deployments;
  }

  @Override
  public List<Watch> watches() {
    return List.of(new Watch(replicaSets, this::deploymentsOfReplicaSet), new Watch(pods, this::deploymentsOfPod));
  }

  /** A ReplicaSet's change concerns its controlling Deployment, or, for an orphan, every Deployment selecting it. */
  private Collection<String> deploymentsOfReplicaSet(Informer.Event e) {
    return ReplicaSetController.controllersOf(e, "Deployment", deployments);
  }

  /** A pod going away matters to a Recreate Deployment waiting for its old pods (deletePod in Kubernetes). */
  private Collection<String> deploymentsOfPod(Informer.Event e) {
    boolean gone = e.current() == null || !notFinished(e.current());
    if (!gone) return List.of();
    JsonNode ref = OwnerReferences.controllerRef(e.object());
    if (ref == null || !ref.path("kind").asText().equals("ReplicaSet")) return List.of();
    String ns = Metadata.namespace(e.object());
    ObjectNode rs = replicaSets.get(ns, ref.path("name").asText());
    if (rs == null) return List.of();
    JsonNode owner = OwnerReferences.controllerRef(rs);
    if (owner == null || !owner.path("kind").asText().equals("Deployment")) return List.of();
    ObjectNode d = deployments.get(ns, owner.path("name").asText());
    if (d == null || RolloutFenceposts.isRollingUpdate(d)) return List.of();
    return List.of(ns + "/" + Metadata.name(d));
  }

  private boolean namespaceTerminating(String namespace) {
    ObjectNode ns = namespaces.get(namespace);
    return ns != null && Metadata.deletionTimestamp(ns) != null;
  }

  private static boolean notFinished(ObjectNode pod) {
    String phase = pod.path("status").path("phase").asText("");
    return !phase.equals("Succeeded") && !phase.equals("Failed");
  }

  @Override
  public CompletionStage<Outcome> reconcile(String key) {
    ObjectNode d = deployments.get(key);
    if (d == null) return CompletableFuture.completedFuture(Outcome.done());
    AtomicLong lastWrite = new AtomicLong();
    return claimReplicaSets(d, lastWrite)
        .thenCompose(v -> replicaSets.awaitObserved(lastWrite.get(), OBSERVE_TIMEOUT))
        .thenCompose(v -> sync(key));
  }

  /** ClaimReplicaSets: releases owned ReplicaSets the selector no longer matches, adopts matching orphans. */
  private CompletionStage<Void> claimReplicaSets(ObjectNode d, AtomicLong lastWrite) {
    String ns = Metadata.namespace(d);
    LabelSelector selector = ReplicaSetController.selector(d);
    List<CompletableFuture<?>> claims = new ArrayList<>();
    for (ObjectNode rs : replicaSets.byIndex(BY_OWNER, Metadata.uid(d))) {
      if (!Metadata.namespace(rs).equals(ns) || selector.matches(Metadata.labels(rs))) continue;
      claims.add(ownerPatch(rs, OwnerReferences.without(rs, Metadata.uid(d)), lastWrite));
    }
    if (Metadata.deletionTimestamp(d) == null) {
      for (ObjectNode rs : replicaSets.byIndex(BY_OWNER, "orphan:" + ns)) {
        if (Metadata.deletionTimestamp(rs) != null || !selector.matches(Metadata.labels(rs))) continue;
        claims.add(ownerPatch(rs, OwnerReferences.with(rs, OwnerReferences.controllerRefTo(d)), lastWrite));
      }
    }
    return CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> ownerPatch(ObjectNode rs, JsonNode owners, AtomicLong lastWrite) {
    return writes.setOwnerReferences(ReplicaSetStrategy.TYPE, rs, owners)
        .thenAccept(o -> lastWrite.accumulateAndGet(ControllerWrites.resourceVersion(o), Math::max))
        .exceptionally(e -> null)
        .toCompletableFuture();
  }

  /** syncDeployment: what one look at a Deployment and its ReplicaSets leads to. */
  private CompletionStage<Outcome> sync(String key) {
    ObjectNode d = deployments.get(key);
    if (d == null) return CompletableFuture.completedFuture(Outcome.done());
    String ns = Metadata.namespace(d);
    LabelSelector selector = ReplicaSetController.selector(d);
    List<ObjectNode> owned = new ArrayList<>();
    for (ObjectNode rs : replicaSets.byIndex(BY_OWNER, Metadata.uid(d))) {
      if (Metadata.namespace(rs).equals(ns) && selector.matches(Metadata.labels(rs))) owned.add(rs);
    }
    DeploymentPass pass = new DeploymentPass(writes, events, replicaSets, d, owned, clock.instant());
    CompletionStage<Outcome> outcome;
    if (selector == ReplicaSetController.NOTHING) {
      outcome = selectsNothing(pass);
    } else if (Metadata.deletionTimestamp(d) != null || namespaceTerminating(ns)) {
      // Nothing new for a Deployment on its way out, nor in a namespace being emptied (NamespaceLifecycle
      // admission would refuse a new ReplicaSet there).
      outcome = pass.syncNewReplicaSet(false).thenCompose(newRs -> syncStatus(pass));
    } else {
      ObjectNode paused = DeploymentConditions.pausedOrResumed(d, pass.now);
      CompletionStage<?> checked = paused == null ? CompletableFuture.completedFuture(null) : pass.patchStatus(paused, null);
      outcome = checked.thenCompose(v -> {
        if (pass.deployment.path("spec").path("paused").asBoolean(false) || isScalingEvent(pass)) return syncScaling(pass);
        return RolloutFenceposts.isRollingUpdate(pass.deployment) ? rolling(pass) : recreate(pass);
      });
    }
    return outcome.thenCompose(o -> replicaSets.awaitObserved(pass.lastReplicaSetWrite.get(), OBSERVE_TIMEOUT)
        .thenCompose(v -> deployments.awaitObserved(pass.lastDeploymentWrite.get(), OBSERVE_TIMEOUT))
        .thenApply(v -> o));
  }

  /** An empty selector would take every pod in the namespace: Kubernetes only records that it saw the spec. */
  private CompletionStage<Outcome> selectsNothing(DeploymentPass pass) {
    events.record(pass.deployment, "Warning", "SelectingAll",
        "This deployment is selecting all pods. A non-empty selector is required.");
    long generation = pass.deployment.path("metadata").path("generation").asLong(0);
    if (pass.deployment.path("status").path("observedGeneration").asLong(0) >= generation) {
      return CompletableFuture.completedFuture(Outcome.done());
    }
    ObjectNode status = pass.statusCopy();
    status.put("observedGeneration", generation);
    return pass.patchStatus(status, null).thenApply(d -> Outcome.done());
  }

  /** isScalingEvent: an active ReplicaSet was last sized for another spec.replicas. */
  private static boolean isScalingEvent(DeploymentPass pass) {
    for (ObjectNode rs : pass.replicaSets) {
      if (rs.path("spec").path("replicas").asInt(1) <= 0) continue;
      int desired = DeploymentRevisions.desiredReplicas(rs);
      if (desired >= 0 && desired != pass.replicas()) return true;
    }
    return false;
  }

  /** sync: scaling without rollout progress (paused, or spec.replicas changed). */
  private CompletionStage<Outcome> syncScaling(DeploymentPass pass) {
    return pass.syncNewReplicaSet(false)
        .thenCompose(newRs -> scale(pass, newRs))
        .thenCompose(v -> pass.deployment.path("spec").path("paused").asBoolean(false)
            ? cleanup(pass) : CompletableFuture.completedFuture(null))
        .thenCompose(v -> syncStatus(pass));
  }

  /** scale in sync.go: the only active ReplicaSet takes the new size, several share it proportionally. */
  private CompletionStage<Boolean> scale(DeploymentPass pass, ObjectNode newRs) {
    int replicas = pass.replicas();
    List<ObjectNode> old = pass.oldReplicaSets();
    ReplicaSetSummary activeOrLatest = DeploymentScaling.activeOrLatest(DeploymentPass.summary(newRs), DeploymentPass.summaries(old));
    if (activeOrLatest != null) {
      if (activeOrLatest.replicas() == replicas) return CompletableFuture.completedFuture(false);
      return pass.scale(pass.byName(activeOrLatest.name()), replicas);
    }
    if (newRs != null && DeploymentRevisions.desiredReplicas(newRs) == replicas
        && newRs.path("spec").path("replicas").asInt(1) == replicas
        && newRs.path("status").path("availableReplicas").asInt(0) == replicas) {
      Map<String, Integer> zero = new LinkedHashMap<>();
      for (ObjectNode rs : old) if (rs.path("spec").path("replicas").asInt(1) > 0) zero.put(Metadata.name(rs), 0);
      return pass.scaleAll(zero);
    }
    if (!RolloutFenceposts.isRollingUpdate(pass.deployment)) return CompletableFuture.completedFuture(false);
    Map<String, Integer> sizes = DeploymentScaling.proportional(DeploymentPass.summaries(pass.replicaSets), replicas,
        pass.fenceposts().maxSurge(), pass.deployment.path("status").path("replicas").asInt(0));
    return pass.scaleAll(sizes);
  }

  /** rolloutRolling: grow the new ReplicaSet within maxSurge, else shrink old ones within maxUnavailable. */
  private CompletionStage<Outcome> rolling(DeploymentPass pass) {
    return pass.syncNewReplicaSet(true).thenCompose(newRs -> {
      int replicas = pass.replicas();
      RolloutFenceposts limits = pass.fenceposts();
      int newSize = newRs.path("spec").path("replicas").asInt(1);
      CompletionStage<Boolean> scaledUp = CompletableFuture.completedFuture(false);
      if (newSize != replicas) {
        int target = newSize > replicas ? replicas : DeploymentScaling.newReplicaSetReplicas(
            DeploymentPass.summaries(pass.replicaSets), ReplicaSetSummary.of(newRs), replicas, limits.maxSurge(), true);
        scaledUp = pass.scale(newRs, target);
      }
      return scaledUp.thenCompose(up -> {
        if (up) return syncRolloutStatus(pass);
        ObjectNode current = pass.newReplicaSet();
        Map<String, Integer> down = DeploymentScaling.oldReplicaSetsScaleDown(DeploymentPass.summaries(pass.oldReplicaSets()),
            ReplicaSetSummary.of(current), replicas, limits.maxUnavailable());
        return pass.scaleAll(down).thenCompose(scaledDown -> {
          if (scaledDown) return syncRolloutStatus(pass);
          CompletionStage<Void> cleaned = DeploymentConditions.complete(pass.deployment, pass.deployment.path("status"))
              ? cleanup(pass) : CompletableFuture.completedFuture(null);
          return cleaned.thenCompose(v -> syncRolloutStatus(pass));
        });
      });
    });
  }

  /** rolloutRecreate: old ReplicaSets to 0, wait until none of their pods runs, then the new one at full size. */
  private CompletionStage<Outcome> recreate(DeploymentPass pass) {
    return pass.syncNewReplicaSet(false).thenCompose(newRs -> {
      List<ObjectNode> old = pass.oldReplicaSets();
      Map<String, Integer> zero = new LinkedHashMap<>();
      for (ObjectNode rs : old) if (rs.path("spec").path("replicas").asInt(1) > 0) zero.put(Metadata.name(rs), 0);
      return pass.scaleAll(zero).thenCompose(scaledDown -> {
        if (scaledDown || oldPodsRunning(newRs, old)) return syncRolloutStatus(pass);
        CompletionStage<ObjectNode> ensured = newRs != null ? CompletableFuture.completedFuture(newRs) : pass.syncNewReplicaSet(true);
        return ensured
            .thenCompose(rs -> pass.scale(rs, pass.replicas()))
            .thenCompose(v -> DeploymentConditions.complete(pass.deployment, pass.deployment.path("status"))
                ? cleanup(pass) : CompletableFuture.completedFuture(null))
            .thenCompose(v -> syncRolloutStatus(pass));
      });
    });
  }

  /** Whether an old ReplicaSet still reports replicas or owns a pod that has not finished (terminating counts). */
  private boolean oldPodsRunning(ObjectNode newRs, List<ObjectNode> old) {
    for (ObjectNode rs : old) {
      if (rs.path("status").path("replicas").asInt(0) > 0) return true;
      for (ObjectNode pod : pods.byIndex(ReplicaSetController.BY_CONTROLLER, Metadata.uid(rs))) {
        if (notFinished(pod)) return true;
      }
    }
    return false;
  }

  /** cleanupDeployment: old ReplicaSets beyond revisionHistoryLimit go, lowest revision first, once fully scaled down. */
  private CompletionStage<Void> cleanup(DeploymentPass pass) {
    JsonNode limitNode = pass.deployment.path("spec").path("revisionHistoryLimit");
    if (!limitNode.isNumber()) return CompletableFuture.completedFuture(null);
    List<ObjectNode> alive = new ArrayList<>();
    for (ObjectNode rs : pass.oldReplicaSets()) if (Metadata.deletionTimestamp(rs) == null) alive.add(rs);
    int diff = alive.size() - limitNode.asInt();
    if (diff <= 0) return CompletableFuture.completedFuture(null);
    alive.sort((a, b) -> ReplicaSetSummary.LOWEST_REVISION_FIRST.compare(ReplicaSetSummary.of(a), ReplicaSetSummary.of(b)));
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (ObjectNode rs : alive.subList(0, diff)) {
      if (rs.path("status").path("replicas").asInt(0) != 0 || rs.path("spec").path("replicas").asInt(1) != 0
          || rs.path("metadata").path("generation").asLong(0) > rs.path("status").path("observedGeneration").asLong(0)) {
        continue;
      }
      chain = chain.thenCompose(v -> pass.delete(rs));
    }
    return chain;
  }

  /** syncDeploymentStatus: counts and Available, Progressing left as it is. */
  private CompletionStage<Outcome> syncStatus(DeploymentPass pass) {
    ObjectNode newRs = pass.newReplicaSet();
    ObjectNode status = DeploymentStatus.calculate(pass.deployment, DeploymentPass.summaries(pass.replicaSets),
        DeploymentPass.summary(newRs), pass.now);
    if (DeploymentStatus.same(pass.deployment.path("status"), status)) return CompletableFuture.completedFuture(Outcome.done());
    return pass.patchStatus(status, null).thenApply(d -> Outcome.done());
  }

  /** syncRolloutStatus: counts, Available and Progressing; a stuck rollout is looked at again at its deadline. */
  private CompletionStage<Outcome> syncRolloutStatus(DeploymentPass pass) {
    ObjectNode newRs = pass.newReplicaSet();
    ObjectNode status = DeploymentStatus.calculate(pass.deployment, DeploymentPass.summaries(pass.replicaSets),
        DeploymentPass.summary(newRs), pass.now);
    DeploymentConditions.rollout(pass.deployment, status, newRs == null ? null : Metadata.name(newRs), pass.now);
    DeploymentConditions.remove(status, DeploymentConditions.REPLICA_FAILURE);
    Duration requeue = DeploymentConditions.requeueForDeadline(pass.deployment, status, pass.now);
    Outcome outcome = requeue == null ? Outcome.done() : Outcome.requeueAfter(requeue);
    if (DeploymentStatus.same(pass.deployment.path("status"), status)) return CompletableFuture.completedFuture(outcome);
    return pass.patchStatus(status, null).thenApply(d -> outcome);
  }
}
