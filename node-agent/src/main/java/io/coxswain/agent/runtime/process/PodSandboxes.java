package io.coxswain.agent.runtime.process;

import io.coxswain.agent.runtime.PodSandbox;
import io.coxswain.agent.runtime.SandboxConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod sandboxes: the pod directory, and for pods with their own network the namespace, address and
 * hostname that all its containers share. There is no pause process; the namespaces are kept alive
 * by bind mounts ({@code ip netns}, {@code unshare --uts=<file>}), which survive the agent as well.
 */
final class PodSandboxes {
  private static final Logger log = LoggerFactory.getLogger(PodSandboxes.class);

  private final RuntimeLayout layout;
  private final PodNetwork network;
  private final boolean isolateNetwork;
  private final PodHostname hostnames;
  private final String nodeIP;

  PodSandboxes(RuntimeLayout layout, PodNetwork network, boolean isolateNetwork, PodHostname hostnames, String nodeIP) {
    this.layout = layout;
    this.network = network;
    this.isolateNetwork = isolateNetwork;
    this.hostnames = hostnames;
    this.nodeIP = nodeIP;
  }

  Optional<SandboxRecord> find(String podUid) {
    try {
      return SandboxRecord.read(layout.sandboxFile(podUid));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sandbox of pod " + podUid, e);
    }
  }

  /** Creates the sandbox, or returns it unchanged when it is ready already. */
  PodSandbox run(SandboxConfig config) throws IOException {
    String podUid = ContainerId.checkPodUid(config.podUid());
    Optional<SandboxRecord> existing = find(podUid);
    if (existing.filter(SandboxRecord::ready).isPresent()) {
      if (intact(existing.get())) {
        return existing.get().toPodSandbox(layout.pod(podUid));
      }
      log.info("Pod sandbox {} lost its namespaces (a reboot?); setting them up again", podUid);
    }
    Files.createDirectories(layout.pod(podUid));
    boolean ownNetwork = isolateNetwork && !config.hostNetwork();
    String netns = ownNetwork ? PodNetwork.netnsName(network.bridge(), podUid) : "";
    Instant createdAt = existing.map(SandboxRecord::createdAt).orElse(Instant.now());
    // Persisted before any namespace exists, so a stop after a crash here knows what to undo.
    new SandboxRecord(podUid, config.namespace(), config.name(), "", netns, false, false, createdAt)
        .write(layout.sandboxFile(podUid));
    String podIP = nodeIP;
    boolean ownHostname = false;
    if (ownNetwork) {
      podIP = network.attach(podUid).podIP();
      ownHostname = createHostname(podUid, config);
    }
    SandboxRecord ready = new SandboxRecord(podUid, config.namespace(), config.name(), podIP, netns, ownHostname, true, createdAt);
    ready.write(layout.sandboxFile(podUid));
    log.info("Pod sandbox {}/{} ({}) ready with IP {}{}", config.namespace(), config.name(), podUid, podIP,
        ownNetwork ? " in netns " + netns : " on the host network");
    return ready.toPodSandbox(layout.pod(podUid));
  }

  /** Whether the namespaces a ready sandbox recorded still exist. */
  private boolean intact(SandboxRecord record) {
    if (record.ownNetwork() && !network.isAttached(record.podUid())) {
      return false;
    }
    return !record.ownHostname() || PodHostname.exists(layout.utsNamespace(record.podUid()));
  }

  /** The hostname is a nicety: without it the pod shows the node's hostname, so failure only warns. */
  private boolean createHostname(String podUid, SandboxConfig config) {
    String hostname = config.hostname() == null || config.hostname().isBlank() ? config.name() : config.hostname();
    try {
      hostnames.create(layout.utsNamespace(podUid), hostname);
      return true;
    } catch (IOException e) {
      log.warn("Pod {} keeps the node's hostname: {}", podUid, e.getMessage());
      return false;
    }
  }

  /** Releases the network and hostname of a pod whose containers have stopped; idempotent. */
  void release(String podUid) {
    Optional<SandboxRecord> record = find(podUid);
    if (record.isEmpty() || !record.get().ready() && !record.get().ownNetwork()) {
      return;
    }
    if (record.get().ownNetwork()) {
      network.detach(podUid);
    }
    try {
      hostnames.remove(layout.utsNamespace(podUid));
    } catch (IOException e) {
      log.warn("Could not remove the UTS namespace of pod {}: {}", podUid, e.getMessage());
    }
    if (record.get().ready()) {
      try {
        record.get().stopped().write(layout.sandboxFile(podUid));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot record that pod " + podUid + " stopped", e);
      }
      log.info("Pod sandbox {} stopped; its network is released", podUid);
    }
  }

  /** Deletes the pod directory (volumes, logs, state); the caller has stopped and released the pod. */
  void delete(String podUid) {
    Path pod = layout.pod(podUid);
    if (!Files.exists(pod)) {
      return;
    }
    try {
      hostnames.remove(layout.utsNamespace(podUid));
      Files.deleteIfExists(layout.sandboxFile(podUid)); // first, so a half-deleted pod is not listed
      FileTree.delete(pod);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the files of pod " + podUid, e);
    }
    log.info("Pod sandbox {} removed", podUid);
  }

  List<PodSandbox> list() {
    List<PodSandbox> sandboxes = new ArrayList<>();
    if (!Files.isDirectory(layout.pods())) {
      return sandboxes;
    }
    try (DirectoryStream<Path> pods = Files.newDirectoryStream(layout.pods())) {
      for (Path pod : pods) {
        SandboxRecord.read(pod.resolve("sandbox.properties")).ifPresent(record -> sandboxes.add(record.toPodSandbox(pod)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list pod sandboxes", e);
    }
    return sandboxes;
  }
}
