package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.kinds.FieldDefaults;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The parts of a (defaulted) pod manifest the worker acts on. */
record PodView(ObjectNode pod) {

  String uid() {
    return pod.path("metadata").path("uid").asText("");
  }

  String namespace() {
    return pod.path("metadata").path("namespace").asText("default");
  }

  String name() {
    return pod.path("metadata").path("name").asText("");
  }

  /** Kubelet's way of naming a pod in messages (format.Pod): name_namespace(uid). */
  String describe() {
    return name() + "_" + namespace() + "(" + uid() + ")";
  }

  JsonNode spec() {
    return pod.path("spec");
  }

  String restartPolicy() {
    return spec().path("restartPolicy").asText("Always");
  }

  List<ObjectNode> initContainers() {
    return FieldDefaults.objects(spec(), "initContainers");
  }

  List<ObjectNode> containers() {
    return FieldDefaults.objects(spec(), "containers");
  }

  Optional<ObjectNode> container(String name) {
    return Stream.concat(initContainers().stream(), containers().stream())
        .filter(c -> name.equals(c.path("name").asText()))
        .findFirst();
  }

  boolean deleting() {
    JsonNode ts = pod.path("metadata").path("deletionTimestamp");
    return ts.isTextual() && !ts.asText().isEmpty();
  }

  /** spec.terminationGracePeriodSeconds: what a kill outside deletion (liveness, deadline) allows. */
  Duration specGrace() {
    return Duration.ofSeconds(Math.max(0, spec().path("terminationGracePeriodSeconds").asLong(30)));
  }

  /** The deletion's grace (metadata.deletionGracePeriodSeconds), falling back to the spec's. */
  Duration deletionGrace() {
    JsonNode g = pod.path("metadata").path("deletionGracePeriodSeconds");
    return g.isIntegralNumber() ? Duration.ofSeconds(Math.max(0, g.asLong())) : specGrace();
  }

  Optional<Duration> activeDeadline() {
    JsonNode d = spec().path("activeDeadlineSeconds");
    return d.isIntegralNumber() ? Optional.of(Duration.ofSeconds(d.asLong())) : Optional.empty();
  }

  boolean hostNetwork() {
    return spec().path("hostNetwork").asBoolean(false);
  }

  /** spec.hostname, else the pod's name, as kubelet gives the sandbox. */
  String hostname() {
    String h = spec().path("hostname").asText("");
    return h.isEmpty() ? name() : h;
  }

  static String nameOf(JsonNode container) {
    return container.path("name").asText("");
  }

  static String imageOf(JsonNode container) {
    return container.path("image").asText("");
  }
}
