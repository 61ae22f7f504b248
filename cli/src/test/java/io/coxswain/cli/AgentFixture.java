package io.coxswain.cli;

import io.coxswain.actors.node.NodeAgentProtocol;
import io.coxswain.agent.streams.NodeAgentEndpoint;
import io.coxswain.agent.streams.PodLocator;
import io.coxswain.cli.Kubectl.Result;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;

/**
 * A node agent's stream endpoint running beside a test server (in the control plane's actor
 * system) over a runtime double, a Node whose annotation names the endpoint as an agent registers
 * it, and pods bound to that node whose containers the test plays through {@link #runtime}.
 */
final class AgentFixture implements AutoCloseable {
  final AgentTestRuntime runtime;
  final String nodeName;
  private final Kubectl kubectl;

  AgentFixture(TestServer server, Kubectl kubectl, Path dir, String nodeName) {
    this.kubectl = kubectl;
    this.nodeName = nodeName;
    this.runtime = new AgentTestRuntime(dir);
    ActorRef<NodeAgentProtocol.Command> endpoint = server.system().systemActorOf(
        NodeAgentEndpoint.create(PodLocator.fromSandboxes(runtime), runtime), "node-agent-streams-" + nodeName,
        Props.empty());
    check(kubectl.runWithInput("""
        apiVersion: v1
        kind: Node
        metadata:
          name: %s
          annotations:
            %s: "%s"
        """.formatted(nodeName, NodeAgentProtocol.ENDPOINT_ANNOTATION,
            NodeAgentEndpoint.annotationValue(server.system(), endpoint)), "apply", "-f", "-"));
  }

  /** Creates a pod bound to {@code node} (null: not scheduled) with these containers. */
  void createPod(String name, String node, String... containers) {
    StringBuilder yaml = new StringBuilder("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
        spec:
        """.formatted(name));
    if (node != null) yaml.append("  nodeName: ").append(node).append('\n');
    yaml.append("  containers:\n");
    for (String c : containers) yaml.append("  - name: ").append(c).append("\n    image: test\n");
    check(kubectl.runWithInput(yaml.toString(), "apply", "-f", "-"));
  }

  /** A pod on this node with one running container; returns the container's id. */
  String runningPod(String name, String container) {
    createPod(name, nodeName, container);
    String id = runtime.start(uid(name), "default", name, container);
    setStatus(name, running(container, id));
    return id;
  }

  String uid(String pod) {
    return kubectl.ok("get", "pod", pod, "-o", "json").json().path("metadata").path("uid").asText();
  }

  /** Writes the pod's status as its agent would, through the status subresource. */
  void setStatus(String pod, String statusJson) {
    kubectl.ok("patch", "pod", pod, "--subresource=status", "--type=merge", "-p", "{\"status\":" + statusJson + "}");
  }

  /** A status with one running container whose id the runtime reports with a scheme, as kubelet does. */
  static String running(String container, String id) {
    return """
        {"phase":"Running","containerStatuses":[{"name":"%s","ready":true,"restartCount":0,"image":"test","imageID":"",
          "containerID":"test://%s","state":{"running":{"startedAt":"2024-05-01T10:00:00Z"}}}]}
        """.formatted(container, id);
  }

  private static void check(Result r) {
    if (!r.ok()) throw new AssertionError(r.describe());
  }

  @Override
  public void close() {
    runtime.close();
  }
}
