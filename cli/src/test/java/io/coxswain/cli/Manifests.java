package io.coxswain.cli;

/** Small valid manifests as JSON text, for tests that send them raw or break them on purpose. */
final class Manifests {
  private Manifests() {}

  static String namespace(String name) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";
  }

  static String configMap(String name, String data) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"},\"data\":" + data + "}";
  }

  static String pod(String name, int port) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"" + name + "\"}},"
        + "\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"nginx:1.27\",\"ports\":[{\"containerPort\":" + port
        + ",\"protocol\":\"TCP\"}],\"env\":[{\"name\":\"MODE\",\"value\":\"test\"}],"
        + "\"resources\":{\"limits\":{\"cpu\":\"100m\",\"memory\":\"64Mi\"}}}],\"restartPolicy\":\"Always\"}}";
  }

  static String deployment(String name, int replicas) {
    return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"" + name + "\"}},"
        + "\"spec\":{\"replicas\":" + replicas + ",\"selector\":{\"matchLabels\":{\"app\":\"" + name + "\"}},"
        + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"" + name + "\"}},"
        + "\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"nginx:1.27\",\"ports\":[{\"containerPort\":80}]}]}}}}";
  }

  static String service(String name, int port) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name + "\"},"
        + "\"spec\":{\"type\":\"ClusterIP\",\"selector\":{\"app\":\"" + name + "\"},"
        + "\"ports\":[{\"name\":\"http\",\"port\":" + port + ",\"targetPort\":8080,\"protocol\":\"TCP\"}]}}";
  }
}
