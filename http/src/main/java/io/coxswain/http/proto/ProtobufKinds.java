package io.coxswain.http.proto;

import com.google.protobuf.Descriptors.Descriptor;
import java.util.Map;
import java.util.Optional;

/** The one table from a body's apiVersion and kind to the protobuf message that carries it. */
final class ProtobufKinds {
  record GroupVersionKind(String apiVersion, String kind) {}

  private static final String CORE = "k8s.io.api.core.v1.";

  static final Map<GroupVersionKind, Descriptor> MESSAGES = Map.ofEntries(
      entry("v1", "Namespace", CORE + "Namespace"),
      entry("v1", "Pod", CORE + "Pod"),
      entry("v1", "Node", CORE + "Node"),
      entry("v1", "Service", CORE + "Service"),
      entry("v1", "Endpoints", CORE + "Endpoints"),
      entry("v1", "ConfigMap", CORE + "ConfigMap"),
      entry("v1", "Secret", CORE + "Secret"),
      entry("v1", "Event", CORE + "Event"),
      entry("v1", "ServiceAccount", CORE + "ServiceAccount"),
      entry("v1", "Binding", CORE + "Binding"),
      entry("apps/v1", "ReplicaSet", "k8s.io.api.apps.v1.ReplicaSet"),
      entry("apps/v1", "Deployment", "k8s.io.api.apps.v1.Deployment"),
      entry("discovery.k8s.io/v1", "EndpointSlice", "k8s.io.api.discovery.v1.EndpointSlice"),
      entry("coordination.k8s.io/v1", "Lease", "k8s.io.api.coordination.v1.Lease"),
      entry("autoscaling/v1", "Scale", "k8s.io.api.autoscaling.v1.Scale"),
      entry("policy/v1", "Eviction", "k8s.io.api.policy.v1.Eviction"),
      entry("authentication.k8s.io/v1", "TokenRequest", "k8s.io.api.authentication.v1.TokenRequest"));

  /** Kubernetes registers DeleteOptions in every group version, so any apiVersion may name it. */
  static final Descriptor DELETE_OPTIONS = ProtobufSchemas.message("k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions");

  private ProtobufKinds() {}

  static Optional<Descriptor> message(String apiVersion, String kind) {
    if (kind.equals("DeleteOptions") && !apiVersion.isEmpty()) return Optional.of(DELETE_OPTIONS);
    return Optional.ofNullable(MESSAGES.get(new GroupVersionKind(apiVersion, kind)));
  }

  private static Map.Entry<GroupVersionKind, Descriptor> entry(String apiVersion, String kind, String message) {
    return Map.entry(new GroupVersionKind(apiVersion, kind), ProtobufSchemas.message(message));
  }
}
