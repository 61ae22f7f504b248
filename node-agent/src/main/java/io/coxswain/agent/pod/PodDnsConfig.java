package io.coxswain.agent.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.dns.ResolvConf;
import io.coxswain.core.Metadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A pod's resolv.conf, decided as kubelet's dns.Configurer decides it (GetPodDNS):
 *
 * <ul>
 *   <li>ClusterFirst (the default), and ClusterFirstWithHostNet: the cluster DNS as the only name
 *       server, search {@code <ns>.svc.<domain> svc.<domain> <domain>} then the node's search
 *       list, {@code options ndots:5}. A hostNetwork pod with ClusterFirst gets Default instead.
 *   <li>Default: the node's resolv.conf.
 *   <li>None: nothing but the pod's dnsConfig.
 * </ul>
 *
 * Then spec.dnsConfig is merged in (name servers and search domains appended without duplicates,
 * options by name with the pod's value winning), and the result is cut to what resolvers accept:
 * 3 name servers, 32 search domains of at most 2048 characters together.
 */
public final class PodDnsConfig {
  static final int MAX_NAMESERVERS = 3;
  static final int MAX_SEARCHES = 32;
  static final int MAX_SEARCH_CHARS = 2048;

  private PodDnsConfig() {}

  /**
   * @param clusterDns the cluster DNS address (kubelet's --cluster-dns)
   * @param domain the cluster domain (kubelet's --cluster-domain)
   * @param node the node's own resolv.conf
   */
  public static ResolvConf of(ObjectNode pod, String clusterDns, String domain, ResolvConf node) {
    JsonNode spec = pod.path("spec");
    String policy = spec.path("dnsPolicy").asText("ClusterFirst");
    boolean hostNetwork = spec.path("hostNetwork").asBoolean(false);
    List<String> servers;
    List<String> searches;
    List<String> options;
    // kubelet's podDNSType: an unknown policy (the API refuses those) counts as ClusterFirst
    boolean cluster = switch (policy) {
      case "None", "Default" -> false;
      case "ClusterFirst" -> !hostNetwork; // a hostNetwork pod falls back to Default
      default -> true;
    };
    if (policy.equals("None")) {
      servers = List.of();
      searches = List.of();
      options = List.of();
    } else if (cluster) {
      servers = List.of(clusterDns);
      List<String> all = new ArrayList<>(List.of(Metadata.namespace(pod) + ".svc." + domain, "svc." + domain, domain));
      all.addAll(node.searches());
      searches = distinct(all);
      options = List.of("ndots:5");
    } else {
      servers = node.nameservers();
      searches = node.searches();
      options = node.options();
    }
    JsonNode dnsConfig = spec.path("dnsConfig");
    if (dnsConfig.isObject()) {
      List<String> s = new ArrayList<>(servers);
      dnsConfig.path("nameservers").forEach(n -> s.add(n.asText()));
      servers = distinct(s);
      List<String> d = new ArrayList<>(searches);
      dnsConfig.path("searches").forEach(n -> d.add(n.asText()));
      searches = distinct(d);
      options = mergeOptions(options, dnsConfig.path("options"));
    }
    return new ResolvConf(servers.subList(0, Math.min(MAX_NAMESERVERS, servers.size())), fitSearches(searches), options);
  }

  private static List<String> distinct(List<String> values) {
    return List.copyOf(new LinkedHashSet<>(values));
  }

  /** Options by name ("ndots:5" is ndots=5); the pod's override the base; the base's order first. */
  private static List<String> mergeOptions(List<String> base, JsonNode podOptions) {
    Map<String, String> merged = new LinkedHashMap<>();
    for (String option : base) {
      int colon = option.indexOf(':');
      if (colon >= 0) merged.put(option.substring(0, colon), option.substring(colon + 1));
      else merged.put(option, "");
    }
    for (JsonNode option : podOptions) {
      String name = option.path("name").asText("");
      if (name.isEmpty()) continue;
      merged.put(name, option.path("value").isTextual() ? option.path("value").asText() : "");
    }
    List<String> out = new ArrayList<>();
    merged.forEach((name, value) -> out.add(value.isEmpty() ? name : name + ":" + value));
    return out;
  }

  /** kubelet keeps the first domains that fit both limits and drops the rest (with an event). */
  private static List<String> fitSearches(List<String> searches) {
    List<String> kept = new ArrayList<>();
    int chars = 0;
    for (String s : searches) {
      int next = chars + s.length() + (kept.isEmpty() ? 0 : 1);
      if (kept.size() == MAX_SEARCHES || next > MAX_SEARCH_CHARS) break;
      kept.add(s);
      chars = next;
    }
    return kept;
  }
}
