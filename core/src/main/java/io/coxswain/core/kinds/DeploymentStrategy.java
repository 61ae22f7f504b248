package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.JsonFields.child;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.ObjectMetaValidation;
import io.coxswain.core.ResourceType;
import java.util.List;

/** Rules for apps/v1 Deployment. */
public final class DeploymentStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("apps", "v1", "Deployment", "deployments", "deployment", true,
          List.of("deploy"), List.of("all"), true, true);

  static final String ROLLING_UPDATE = "RollingUpdate";
  static final String RECREATE = "Recreate";
  private static final String DEFAULT_SURGE_AND_UNAVAILABLE = "25%";

  @Override
  public ResourceType type() {
    return TYPE;
  }

  @Override
  public void applyDefaults(ObjectNode obj) {
    ObjectNode spec = FieldDefaults.object(obj, "spec");
    if (spec == null) return;
    FieldDefaults.number(spec, "replicas", 1);
    ObjectNode strategy = FieldDefaults.object(spec, "strategy");
    if (strategy != null) {
      FieldDefaults.string(strategy, "type", ROLLING_UPDATE);
      if (ROLLING_UPDATE.equals(strategy.path("type").asText())) {
        ObjectNode rollingUpdate = FieldDefaults.object(strategy, "rollingUpdate");
        if (rollingUpdate != null) {
          if (FieldDefaults.isUnset(rollingUpdate, "maxUnavailable")) rollingUpdate.put("maxUnavailable", DEFAULT_SURGE_AND_UNAVAILABLE);
          if (FieldDefaults.isUnset(rollingUpdate, "maxSurge")) rollingUpdate.put("maxSurge", DEFAULT_SURGE_AND_UNAVAILABLE);
        }
      }
    }
    FieldDefaults.number(spec, "revisionHistoryLimit", 10);
    FieldDefaults.number(spec, "progressDeadlineSeconds", 600);
    ObjectNode templateSpec = FieldDefaults.existingObject(FieldDefaults.existingObject(spec, "template"), "spec");
    if (templateSpec != null) PodSpecDefaults.applyToTemplate(templateSpec);
    if (FieldDefaults.isUnset(obj, "status")) obj.putObject("status");
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> causes = ObjectMetaValidation.validate(obj, TYPE);
    JsonFields f = new JsonFields(causes);
    ObjectNode spec = f.object(obj, "", "spec");
    if (spec == null) {
      if (FieldDefaults.isUnset(obj, "spec")) f.add(Cause.required("spec.selector"));
      return causes;
    }
    f.nonNegativeInt32(spec, "spec", "replicas");
    Long minReady = f.nonNegativeInt32(spec, "spec", "minReadySeconds");
    f.nonNegativeInt32(spec, "spec", "revisionHistoryLimit");
    Long progressDeadline = f.nonNegativeInt32(spec, "spec", "progressDeadlineSeconds");
    if (progressDeadline != null && progressDeadline <= (minReady == null ? 0 : minReady)) {
      f.add(Cause.invalid("spec.progressDeadlineSeconds", progressDeadline, "must be greater than minReadySeconds"));
    }
    f.bool(spec, "spec", "paused");
    ObjectNode strategy = f.object(spec, "spec", "strategy");
    if (strategy != null) validateStrategy(strategy, "spec.strategy", f);
    PodTemplateValidation.validate(spec, "spec", f);
    return causes;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode updated, ObjectNode stored) {
    return LabelSelector.validateUnchanged(updated.path("spec").get("selector"), stored.path("spec").get("selector"),
        "spec.selector");
  }

  @Override
  public boolean tracksGeneration() {
    return true;
  }

  @Override
  public boolean statusWritesAnnotations() {
    return true;
  }

  /**
   * Annotation changes count too: the Deployment copies its annotations to its ReplicaSets, and
   * Kubernetes bumps the generation for them so the controller notices.
   */
  @Override
  public boolean specChanged(ObjectNode stored, ObjectNode updated) {
    return KindStrategy.super.specChanged(stored, updated)
        || !SemanticEquality.equal(stored.path("metadata").get("annotations"), updated.path("metadata").get("annotations"));
  }

  private static void validateStrategy(ObjectNode strategy, String path, JsonFields f) {
    String type = f.string(strategy, path, "type");
    ObjectNode rollingUpdate = f.object(strategy, path, "rollingUpdate");
    if (type == null) return;
    switch (type) {
      case RECREATE -> {
        if (!FieldDefaults.isUnset(strategy, "rollingUpdate")) {
          f.add(Cause.forbidden(child(path, "rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"));
        }
      }
      case ROLLING_UPDATE -> {
        if (rollingUpdate != null) validateRollingUpdate(rollingUpdate, child(path, "rollingUpdate"), f);
      }
      default -> f.add(Cause.notSupported(child(path, "type"), type, List.of(RECREATE, ROLLING_UPDATE)));
    }
  }

  private static void validateRollingUpdate(ObjectNode rollingUpdate, String path, JsonFields f) {
    JsonNode maxUnavailable = f.intOrString(rollingUpdate, path, "maxUnavailable");
    JsonNode maxSurge = f.intOrString(rollingUpdate, path, "maxSurge");
    boolean unavailableOk = intOrPercent(maxUnavailable, child(path, "maxUnavailable"), f);
    boolean surgeOk = intOrPercent(maxSurge, child(path, "maxSurge"), f);
    if (unavailableOk && surgeOk && value(maxUnavailable) == 0 && value(maxSurge) == 0) {
      // Neither adding nor removing a pod first would leave the rollout unable to make progress.
      f.add(Cause.invalid(child(path, "maxUnavailable"), shown(maxUnavailable), "may not be 0 when `maxSurge` is 0"));
    }
    if (unavailableOk && maxUnavailable != null && maxUnavailable.isTextual() && value(maxUnavailable) > 100) {
      f.add(Cause.invalid(child(path, "maxUnavailable"), shown(maxUnavailable), "must not be greater than 100%"));
    }
  }

  private static boolean intOrPercent(JsonNode v, String path, JsonFields f) {
    if (v == null) return true;
    if (v.isTextual()) {
      List<String> msgs = ValueFormats.percent(v.textValue());
      for (String msg : msgs) f.add(Cause.invalid(path, v.textValue(), msg));
      return msgs.isEmpty();
    }
    if (v.asLong() < 0) {
      f.add(Cause.invalid(path, v.asLong(), "must be greater than or equal to 0"));
      return false;
    }
    return true;
  }

  /** The number in an int or percent; unset counts as 0 like the Go zero value. */
  private static long value(JsonNode v) {
    if (v == null) return 0;
    if (v.isTextual()) {
      String digits = v.textValue().substring(0, v.textValue().length() - 1);
      return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
    return v.asLong();
  }

  private static Object shown(JsonNode v) {
    return v == null ? 0 : v.isTextual() ? v.textValue() : v.asLong();
  }
}
