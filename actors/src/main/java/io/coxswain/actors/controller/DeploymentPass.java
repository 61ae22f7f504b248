package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.controller.DeploymentConditions;
import io.coxswain.core.controller.DeploymentRevisions;
import io.coxswain.core.controller.DeploymentScaling;
import io.coxswain.core.controller.DeploymentStatus;
import io.coxswain.core.controller.OwnerReferences;
import io.coxswain.core.controller.PodTemplateHash;
import io.coxswain.core.controller.ReplicaSetSummary;
import io.coxswain.core.controller.RolloutFenceposts;
import io.coxswain.core.kinds.DeploymentStrategy;
import io.coxswain.core.kinds.ReplicaSetStrategy;
import io.coxswain.core.write.Subresource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One reconcile of one Deployment, as Kubernetes' deployment controller runs a sync: it holds the
 * Deployment and its ReplicaSets as last read or written (a write's reply replaces the copy, so
 * later steps see it) and makes the writes one after another. Used by one stage chain only. Every
 * change of a ReplicaSet's size is a ScalingReplicaSet Event on the Deployment, worded as
 * kube-controller-manager 1.28+ words it.
 */
final class DeploymentPass {
  private final ControllerWrites writes;
  private final ControllerEvents events;
  private final Informer replicaSetInformer;
  final Instant now;
  ObjectNode deployment;
  final List<ObjectNode> replicaSets;
  final AtomicLong lastReplicaSetWrite = new AtomicLong();
  final AtomicLong lastDeploymentWrite = new AtomicLong();

  DeploymentPass(ControllerWrites writes, ControllerEvents events, Informer replicaSetInformer, ObjectNode deployment,
      List<ObjectNode> replicaSets, Instant now) {
    this.writes = writes;
    this.events = events;
    this.replicaSetInformer = replicaSetInformer;
    this.deployment = deployment;
    this.replicaSets = new ArrayList<>(replicaSets);
    this.replicaSets.sort(Comparator.comparing((ObjectNode rs) -> String.valueOf(Metadata.creationTimestamp(rs)))
        .thenComparing(Metadata::name));
    this.now = now;
  }

  String namespace() {
    return Metadata.namespace(deployment);
  }

  int replicas() {
    return deployment.path("spec").path("replicas").asInt(1);
  }

  RolloutFenceposts fenceposts() {
    return RolloutFenceposts.of(deployment);
  }

  // Finding the new ReplicaSet

  /** The oldest ReplicaSet whose template is the Deployment's (FindNewReplicaSet), or null. */
  ObjectNode newReplicaSet() {
    JsonNode template = deployment.path("spec").path("template");
    for (ObjectNode rs : replicaSets) {
      if (PodTemplateHash.equalIgnoringHash(rs.path("spec").path("template"), template)) return rs;
    }
    return null;
  }

  List<ObjectNode> oldReplicaSets() {
    ObjectNode newRs = newReplicaSet();
    List<ObjectNode> old = new ArrayList<>(replicaSets);
    if (newRs != null) old.remove(newRs);
    return old;
  }

  static ReplicaSetSummary summary(ObjectNode rs) {
    return rs == null ? null : ReplicaSetSummary.of(rs);
  }

  static List<ReplicaSetSummary> summaries(List<ObjectNode> rss) {
    return rss.stream().map(ReplicaSetSummary::of).toList();
  }

  ObjectNode byName(String name) {
    for (ObjectNode rs : replicaSets) if (name.equals(Metadata.name(rs))) return rs;
    return null;
  }

  /**
   * getNewReplicaSet: brings the new ReplicaSet's annotations and minReadySeconds up to date and
   * records its revision on the Deployment; creates it (sized within maxSurge) when there is none
   * and {@code create} is set. Completes with the new ReplicaSet, or null.
   */
  CompletionStage<ObjectNode> syncNewReplicaSet(boolean create) {
    ObjectNode existing = newReplicaSet();
    List<ObjectNode> old = oldReplicaSets();
    long newRevision = DeploymentRevisions.maxRevision(old) + 1;
    Map<String, String> deploymentAnnotations = Metadata.annotations(deployment);
    int minReady = deployment.path("spec").path("minReadySeconds").asInt(0);
    if (existing != null) {
      Map<String, String> annotations = new LinkedHashMap<>(Metadata.annotations(existing));
      boolean changed = DeploymentRevisions.setNewReplicaSetAnnotations(deploymentAnnotations, annotations, newRevision,
          true, 0, 0);
      if (changed || existing.path("spec").path("minReadySeconds").asInt(0) != minReady) {
        ObjectNode patch = patchOf(existing);
        ((ObjectNode) patch.get("metadata")).set("annotations", Json.MAPPER.valueToTree(annotations));
        patch.putObject("spec").put("minReadySeconds", minReady);
        return patchReplicaSet(existing, patch);
      }
      ObjectNode status = statusCopy();
      boolean needsUpdate = !Metadata.annotations(existing).getOrDefault(DeploymentRevisions.REVISION, "")
          .equals(deploymentAnnotations.get(DeploymentRevisions.REVISION));
      if (DeploymentConditions.hasProgressDeadline(deployment)
          && DeploymentConditions.get(status, DeploymentConditions.PROGRESSING) == null) {
        DeploymentConditions.set(status, DeploymentConditions.condition(DeploymentConditions.PROGRESSING, "True",
            DeploymentConditions.FOUND_NEW_RS, "Found new replica set \"" + Metadata.name(existing) + "\"", now));
        needsUpdate = true;
      }
      if (!needsUpdate) return CompletableFuture.completedFuture(existing);
      return patchStatus(status, Metadata.annotations(existing).get(DeploymentRevisions.REVISION)).thenApply(d -> existing);
    }
    if (!create) return CompletableFuture.completedFuture(null);
    return createNewReplicaSet(old, newRevision, deploymentAnnotations, minReady);
  }

  private CompletionStage<ObjectNode> createNewReplicaSet(
      List<ObjectNode> old, long newRevision, Map<String, String> deploymentAnnotations, int minReady) {
    JsonNode collision = deployment.path("status").path("collisionCount");
    Integer collisionCount = collision.isNumber() ? collision.asInt() : null;
    String hash = PodTemplateHash.compute(deployment.path("spec").path("template"), collisionCount);
    ObjectNode template = PodTemplateHash.withHashLabel(deployment.path("spec").path("template"), hash);
    String name = Metadata.name(deployment) + "-" + hash;
    ObjectNode rs = Json.MAPPER.createObjectNode();
    rs.put("apiVersion", ReplicaSetStrategy.TYPE.apiVersion());
    rs.put("kind", "ReplicaSet");
    ObjectNode meta = rs.putObject("metadata");
    meta.put("name", name);
    meta.put("namespace", namespace());
    meta.set("labels", template.path("metadata").path("labels").deepCopy());
    meta.putArray("ownerReferences").add(OwnerReferences.controllerRefTo(deployment));
    ObjectNode spec = rs.putObject("spec");
    ObjectNode selector = deployment.path("spec").path("selector").deepCopy();
    (selector.path("matchLabels") instanceof ObjectNode m ? m : selector.putObject("matchLabels")).put(PodTemplateHash.LABEL, hash);
    spec.put("minReadySeconds", minReady);
    spec.set("selector", selector);
    spec.set("template", template);
    RolloutFenceposts limits = fenceposts();
    List<ReplicaSetSummary> all = new ArrayList<>(summaries(old));
    ReplicaSetSummary fresh = new ReplicaSetSummary(name, "", newRevision, 0, 0, 0, 0, -1);
    all.add(fresh);
    int size = DeploymentScaling.newReplicaSetReplicas(all, fresh, replicas(), limits.maxSurge(),
        RolloutFenceposts.isRollingUpdate(deployment));
    spec.put("replicas", size);
    Map<String, String> annotations = new LinkedHashMap<>();
    DeploymentRevisions.setNewReplicaSetAnnotations(deploymentAnnotations, annotations, newRevision, false,
        replicas(), replicas() + limits.maxSurge());
    meta.set("annotations", Json.MAPPER.valueToTree(annotations));
    return writes.create(ReplicaSetStrategy.TYPE, rs).handle((created, failure) -> {
      if (failure == null) {
        if (size > 0) events.record(deployment, "Normal", "ScalingReplicaSet", "Scaled up replica set " + name + " from 0 to " + size);
        return CompletableFuture.completedFuture(adopted(created, false));
      }
      if (ControllerWrites.statusCode(failure) == 409) {
        ObjectNode there = replicaSetInformer.get(namespace(), name);
        if (there != null && Metadata.uid(deployment).equals(OwnerReferences.controllerUid(there))
            && PodTemplateHash.equalIgnoringHash(there.path("spec").path("template"), deployment.path("spec").path("template"))) {
          return CompletableFuture.completedFuture(adopted(there, true));
        }
        // A hash collision: another template's ReplicaSet has the name. A new collisionCount gives a new hash.
        ObjectNode status = statusCopy();
        status.put("collisionCount", collisionCount == null ? 1 : collisionCount + 1);
        return patchStatus(status, null).<Created>thenApply(d -> {
          throw new CompletionException(failure);
        });
      }
      String message = "Failed to create new replica set \"" + name + "\": " + ControllerWrites.message(failure);
      events.record(deployment, "Warning", DeploymentConditions.FAILED_RS_CREATE, message);
      if (!DeploymentConditions.hasProgressDeadline(deployment)) return CompletableFuture.<Created>failedFuture(failure);
      ObjectNode status = statusCopy();
      DeploymentConditions.set(status, DeploymentConditions.condition(DeploymentConditions.PROGRESSING, "False",
          DeploymentConditions.FAILED_RS_CREATE, message, now));
      return patchStatus(status, null).<Created>thenApply(d -> {
        throw new CompletionException(failure);
      });
    }).thenCompose(stage -> stage).thenCompose(created -> {
      ObjectNode status = statusCopy();
      if (DeploymentConditions.hasProgressDeadline(deployment) && !created.existed()) {
        DeploymentConditions.set(status, DeploymentConditions.condition(DeploymentConditions.PROGRESSING, "True",
            DeploymentConditions.NEW_RS_CREATED, "Created new replica set \"" + Metadata.name(created.rs()) + "\"", now));
      }
      return patchStatus(status, Long.toString(newRevision)).thenApply(d -> created.rs());
    });
  }

  private record Created(ObjectNode rs, boolean existed) {}

  private Created adopted(ObjectNode rs, boolean existed) {
    observe(lastReplicaSetWrite, rs);
    replicaSets.add(rs);
    return new Created(rs, existed);
  }

  // Writes

  /** Scales a ReplicaSet and records the replica annotations (scaleReplicaSet); whether its size changed. */
  CompletionStage<Boolean> scale(ObjectNode rs, int size) {
    RolloutFenceposts limits = fenceposts();
    int oldSize = rs.path("spec").path("replicas").asInt(1);
    boolean sizeChanges = oldSize != size;
    Map<String, String> annotations = new LinkedHashMap<>(Metadata.annotations(rs));
    boolean annotationsChange = DeploymentRevisions.setReplicasAnnotations(annotations, replicas(), replicas() + limits.maxSurge());
    if (!sizeChanges && !annotationsChange) return CompletableFuture.completedFuture(false);
    ObjectNode patch = patchOf(rs);
    ObjectNode ann = ((ObjectNode) patch.get("metadata")).putObject("annotations");
    ann.put(DeploymentRevisions.DESIRED_REPLICAS, annotations.get(DeploymentRevisions.DESIRED_REPLICAS));
    ann.put(DeploymentRevisions.MAX_REPLICAS, annotations.get(DeploymentRevisions.MAX_REPLICAS));
    patch.putObject("spec").put("replicas", size);
    return patchReplicaSet(rs, patch).thenApply(updated -> {
      if (sizeChanges) {
        events.record(deployment, "Normal", "ScalingReplicaSet", "Scaled " + (size > oldSize ? "up" : "down")
            + " replica set " + Metadata.name(rs) + " from " + oldSize + " to " + size);
      }
      return sizeChanges;
    });
  }

  /** Scales several ReplicaSets one after another; whether any size changed. */
  CompletionStage<Boolean> scaleAll(Map<String, Integer> sizes) {
    CompletionStage<Boolean> chain = CompletableFuture.completedFuture(false);
    for (Map.Entry<String, Integer> e : sizes.entrySet()) {
      chain = chain.thenCompose(any -> {
        ObjectNode rs = byName(e.getKey());
        if (rs == null) return CompletableFuture.completedFuture(any);
        return scale(rs, e.getValue()).thenApply(scaled -> any || scaled);
      });
    }
    return chain;
  }

  CompletionStage<Void> delete(ObjectNode rs) {
    return writes.deleteIfPresent(ReplicaSetStrategy.TYPE, namespace(), Metadata.name(rs), Metadata.uid(rs))
        .thenAccept(o -> {
          observe(lastReplicaSetWrite, o);
          replicaSets.remove(rs);
        });
  }

  private CompletionStage<ObjectNode> patchReplicaSet(ObjectNode rs, ObjectNode patch) {
    return writes.patch(ReplicaSetStrategy.TYPE, namespace(), Metadata.name(rs), patch, Subresource.MAIN)
        .thenApply(updated -> {
          observe(lastReplicaSetWrite, updated);
          int i = replicaSets.indexOf(rs);
          if (i >= 0) replicaSets.set(i, updated);
          return updated;
        });
  }

  /** Writes the Deployment's status (and its revision annotation when not null) through /status. */
  CompletionStage<ObjectNode> patchStatus(ObjectNode status, String revision) {
    ObjectNode patch = patchOf(deployment);
    if (revision != null) {
      ((ObjectNode) patch.get("metadata")).putObject("annotations").put(DeploymentRevisions.REVISION, revision);
    }
    patch.set("status", DeploymentStatus.patchBody(status));
    return writes.patch(DeploymentStrategy.TYPE, namespace(), Metadata.name(deployment), patch, Subresource.STATUS)
        .thenApply(updated -> {
          observe(lastDeploymentWrite, updated);
          deployment = updated;
          return updated;
        });
  }

  ObjectNode statusCopy() {
    JsonNode s = deployment.path("status");
    return s.isObject() ? (ObjectNode) s.deepCopy() : Json.MAPPER.createObjectNode();
  }

  private static ObjectNode patchOf(ObjectNode obj) {
    ObjectNode patch = Json.MAPPER.createObjectNode();
    patch.putObject("metadata").put("uid", Metadata.uid(obj));
    return patch;
  }

  private static void observe(AtomicLong last, ObjectNode written) {
    last.accumulateAndGet(ControllerWrites.resourceVersion(written), Math::max);
  }
}
