package io.coxswain.agent.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Metadata;
import java.util.ArrayList;
import java.util.List;

/**
 * The /etc/hosts kubelet writes for a pod (managedHostsFileContent): localhost lines, the pod's
 * own address under its hostname (and {@code <hostname>.<subdomain>.<ns>.svc.<domain>} when it
 * has a subdomain), then spec.hostAliases. A hostNetwork pod gets the node's file with the
 * aliases appended instead.
 */
public final class PodHostsFile {
  private PodHostsFile() {}

  /** A pod on its own network. */
  public static String managed(ObjectNode pod, List<String> podIPs, String domain) {
    JsonNode spec = pod.path("spec");
    String hostname = spec.path("hostname").asText("");
    if (hostname.isEmpty()) hostname = Metadata.name(pod);
    if (hostname.length() > 63) hostname = hostname.substring(0, 63);
    String subdomain = spec.path("subdomain").asText("");
    StringBuilder out = new StringBuilder("# Kubernetes-managed hosts file.\n")
        .append("127.0.0.1\tlocalhost\n")
        .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
        .append("fe00::0\tip6-localnet\n")
        .append("fe00::0\tip6-mcastprefix\n")
        .append("fe00::1\tip6-allnodes\n")
        .append("fe00::2\tip6-allrouters\n");
    for (String ip : podIPs) {
      out.append(ip).append('\t');
      if (!subdomain.isEmpty()) {
        out.append(hostname).append('.').append(subdomain).append('.').append(Metadata.namespace(pod)).append(".svc.").append(domain).append('\t');
      }
      out.append(hostname).append('\n');
    }
    return out.append(aliases(spec)).toString();
  }

  /** A hostNetwork pod: the node's own hosts file, then the aliases. */
  public static String hostNetwork(ObjectNode pod, String nodeHosts) {
    return "# Kubernetes-managed hosts file (host network).\n" + nodeHosts + aliases(pod.path("spec"));
  }

  private static String aliases(JsonNode spec) {
    JsonNode aliases = spec.path("hostAliases");
    if (!aliases.isArray() || aliases.isEmpty()) return "";
    StringBuilder out = new StringBuilder("\n# Entries added by HostAliases.\n");
    for (JsonNode alias : aliases) {
      List<String> names = new ArrayList<>();
      alias.path("hostnames").forEach(n -> names.add(n.asText()));
      out.append(alias.path("ip").asText()).append('\t').append(String.join("\t", names)).append('\n');
    }
    return out.toString();
  }
}
