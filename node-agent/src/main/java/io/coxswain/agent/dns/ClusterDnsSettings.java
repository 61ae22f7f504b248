package io.coxswain.agent.dns;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the agent's cluster DNS runs ({@code coxswain.agent.dns}, and the cluster DNS address the
 * API server gives the {@code kube-system/kube-dns} Service, {@code coxswain.services.cluster-dns}).
 *
 * @param clusterIP the address pods' resolv.conf names (kubelet's --cluster-dns)
 * @param domain the cluster domain (kubelet's --cluster-domain), without a trailing dot
 * @param listen "cluster-dns" for the cluster IP on port 53, bound on the service interface (needs
 *     root), or "address:port"
 * @param fallbackListen where to listen when "cluster-dns" cannot be had (no root)
 * @param ttl the TTL of every answer from the cluster zone (CoreDNS: 5 s)
 * @param resolvConf the node's resolver configuration: the upstreams, and what dnsPolicy Default gives pods
 */
public record ClusterDnsSettings(
    boolean enabled, String clusterIP, String domain, String listen, String fallbackListen, Duration ttl,
    String serviceInterface, Path resolvConf, Duration upstreamTimeout) {

  public static final String LISTEN_ON_CLUSTER_IP = "cluster-dns";

  public ClusterDnsSettings {
    if (domain.endsWith(".")) domain = domain.substring(0, domain.length() - 1);
    if (ServiceRecords.address(clusterIP) == null) {
      throw new IllegalArgumentException("coxswain.services.cluster-dns must be an IP address, not " + clusterIP);
    }
  }

  public static ClusterDnsSettings fromConfig(Config config) {
    Config c = config.getConfig("coxswain.agent.dns");
    return new ClusterDnsSettings(
        c.getBoolean("enabled"), config.getString("coxswain.services.cluster-dns"), c.getString("cluster-domain"),
        c.getString("listen"), c.getString("fallback-listen"), c.getDuration("ttl"), c.getString("service-interface"),
        Path.of(c.getString("resolv-conf")), c.getDuration("upstream-timeout"));
  }

  public ClusterDnsSettings withListen(String listen) {
    return new ClusterDnsSettings(enabled, clusterIP, domain, listen, fallbackListen, ttl, serviceInterface, resolvConf, upstreamTimeout);
  }

  public ClusterDnsSettings withResolvConf(Path file) {
    return new ClusterDnsSettings(enabled, clusterIP, domain, listen, fallbackListen, ttl, serviceInterface, file, upstreamTimeout);
  }

  public ClusterDnsSettings withClusterIP(String ip) {
    return new ClusterDnsSettings(enabled, ip, domain, listen, fallbackListen, ttl, serviceInterface, resolvConf, upstreamTimeout);
  }
}
