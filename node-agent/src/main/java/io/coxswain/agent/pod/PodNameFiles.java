package io.coxswain.agent.pod;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.dns.ResolvConf;
import io.coxswain.agent.runtime.ContainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod's /etc/resolv.conf ({@link PodDnsConfig}) and /etc/hosts ({@link PodHostsFile}), written
 * into the pod's directory and bind-mounted into each of its containers, as kubelet (the hosts
 * file) and the CRI runtime (resolv.conf) do between them. A container that mounts a volume at one
 * of those paths keeps its volume. Only for runtimes that give containers their own mount
 * namespace: elsewhere the files could not replace the node's.
 *
 * @param clusterDns the cluster DNS address pods are told to use
 * @param nodeResolvConf the node's resolv.conf, re-read for each pod as kubelet does
 * @param nodeHosts the node's hosts file, the base of hostNetwork pods' file
 */
public record PodNameFiles(boolean enabled, String clusterDns, String domain, Path nodeResolvConf, Path nodeHosts) {
  static final String RESOLV_CONF = "resolv.conf";
  static final String HOSTS = "etc-hosts";

  public static PodNameFiles disabled() {
    return new PodNameFiles(false, "", "", Path.of("/etc/resolv.conf"), Path.of("/etc/hosts"));
  }

  /** Writes both files for the pod (again, after a restart of the agent: same content). */
  public void write(ObjectNode pod, Path podDir, List<String> podIPs) throws IOException {
    if (!enabled) return;
    ResolvConf resolv = PodDnsConfig.of(pod, clusterDns, domain, ResolvConf.read(nodeResolvConf));
    Files.writeString(podDir.resolve(RESOLV_CONF), resolv.render());
    boolean hostNetwork = pod.path("spec").path("hostNetwork").asBoolean(false);
    String hosts = hostNetwork ? PodHostsFile.hostNetwork(pod, readOrEmpty(nodeHosts)) : PodHostsFile.managed(pod, podIPs, domain);
    Files.writeString(podDir.resolve(HOSTS), hosts);
  }

  /** The container's mounts plus the two files, unless it mounts something at their paths itself. */
  public List<ContainerConfig.Mount> withMounts(Path podDir, List<ContainerConfig.Mount> mounts) {
    if (!enabled) return mounts;
    List<ContainerConfig.Mount> all = new ArrayList<>(mounts);
    add(all, podDir.resolve(HOSTS), "/etc/hosts");
    add(all, podDir.resolve(RESOLV_CONF), "/etc/resolv.conf");
    return all;
  }

  private static void add(List<ContainerConfig.Mount> mounts, Path source, String target) {
    if (!Files.isRegularFile(source)) return;
    if (mounts.stream().anyMatch(m -> Path.of(m.containerPath()).normalize().equals(Path.of(target)))) return;
    mounts.add(new ContainerConfig.Mount(source, target, false));
  }

  private static String readOrEmpty(Path file) throws IOException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      return "";
    }
  }
}
