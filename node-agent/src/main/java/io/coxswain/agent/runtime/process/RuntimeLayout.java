package io.coxswain.agent.runtime.process;

import java.nio.file.Path;

/**
 * Where the runtime keeps its state under the root directory. Everything a restarted agent needs to
 * adopt what runs is here, in plain files:
 *
 * <pre>
 * bin/                      the shim and helper scripts
 * network/&lt;bridge&gt;/&lt;ip&gt;     address claims (content: pod uid)
 * pods/&lt;uid&gt;/sandbox.properties
 * pods/&lt;uid&gt;/uts             the pod's UTS namespace (a bind mount)
 * pods/&lt;uid&gt;/containers/&lt;name&gt;_&lt;attempt&gt;/   one container attempt (see ContainerDirectory)
 * pods/&lt;uid&gt;/logs/&lt;name&gt;/&lt;attempt&gt;.log      CRI logs, kept until the sandbox is removed
 * </pre>
 *
 * The pod directory is also {@code PodSandbox.directory()}, where the agent writes volumes.
 */
record RuntimeLayout(Path root) {

  Path bin() {
    return root.resolve("bin");
  }

  Path pods() {
    return root.resolve("pods");
  }

  Path addresses(String bridge) {
    return root.resolve("network").resolve(bridge);
  }

  Path pod(String podUid) {
    return pods().resolve(ContainerId.checkPodUid(podUid));
  }

  Path sandboxFile(String podUid) {
    return pod(podUid).resolve("sandbox.properties");
  }

  Path utsNamespace(String podUid) {
    return pod(podUid).resolve("uts");
  }

  Path containers(String podUid) {
    return pod(podUid).resolve("containers");
  }

  Path container(ContainerId id) {
    return containers(id.podUid()).resolve(id.name() + "_" + id.attempt());
  }

  /** kubelet's layout too: one directory per container name, one file per restart. */
  Path logFile(ContainerId id) {
    return pod(id.podUid()).resolve("logs").resolve(id.name()).resolve(id.attempt() + ".log");
  }
}
