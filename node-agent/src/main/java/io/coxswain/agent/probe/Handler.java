package io.coxswain.agent.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One action of a probe or lifecycle hook, as the manifest states it (Kubernetes' ProbeHandler and
 * LifecycleHandler share these shapes). Ports stay as written: a number or a container port name,
 * resolved against the container when the action runs.
 */
public sealed interface Handler {

  /** Runs a command inside the container; exit code 0 is success. */
  record Exec(List<String> command) implements Handler {}

  /** GETs a URL; host empty means the pod's IP. */
  record HttpGet(String host, String scheme, String path, String port, List<Header> headers) implements Handler {}

  /** Opens a TCP connection; host empty means the pod's IP. */
  record TcpSocket(String host, String port) implements Handler {}

  /** The gRPC health-checking protocol; service empty means the server's overall health. */
  record Grpc(int port, String service) implements Handler {}

  /** Waits; only lifecycle hooks have it. */
  record Sleep(Duration duration) implements Handler {}

  record Header(String name, String value) {}

  /** The action held by a probe or hook object, or empty when it names none this agent knows. */
  static Optional<Handler> of(JsonNode holder) {
    if (holder == null || !holder.isObject()) return Optional.empty();
    JsonNode exec = holder.path("exec");
    if (exec.isObject()) {
      List<String> command = new ArrayList<>();
      exec.path("command").forEach(c -> command.add(c.asText()));
      return Optional.of(new Exec(List.copyOf(command)));
    }
    JsonNode http = holder.path("httpGet");
    if (http.isObject()) {
      List<Header> headers = new ArrayList<>();
      http.path("httpHeaders").forEach(h -> headers.add(new Header(h.path("name").asText(), h.path("value").asText())));
      return Optional.of(new HttpGet(http.path("host").asText(""), http.path("scheme").asText("HTTP"),
          http.path("path").asText("/"), http.path("port").asText(""), List.copyOf(headers)));
    }
    JsonNode tcp = holder.path("tcpSocket");
    if (tcp.isObject()) return Optional.of(new TcpSocket(tcp.path("host").asText(""), tcp.path("port").asText("")));
    JsonNode grpc = holder.path("grpc");
    if (grpc.isObject()) return Optional.of(new Grpc(grpc.path("port").asInt(), grpc.path("service").asText("")));
    JsonNode sleep = holder.path("sleep");
    if (sleep.isObject()) return Optional.of(new Sleep(Duration.ofSeconds(sleep.path("seconds").asLong())));
    return Optional.empty();
  }
}
