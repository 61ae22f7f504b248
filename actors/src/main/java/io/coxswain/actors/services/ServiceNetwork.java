package io.coxswain.actors.services;

import com.typesafe.config.Config;
import io.coxswain.core.services.NodePortRange;
import io.coxswain.core.services.ServiceCidr;
import java.time.Duration;

/**
 * The cluster's service network, from {@code coxswain.services}: where cluster IPs and node ports
 * come from, and the cluster DNS address every node agent answers on.
 *
 * @param clusterIpRange kube-apiserver's --service-cluster-ip-range
 * @param nodePortRange kube-apiserver's --service-node-port-range
 * @param clusterDns the address of the kube-system/kube-dns Service (kubelet's --cluster-dns)
 * @param clusterDomain kubelet's --cluster-domain
 * @param leakGrace how old an allocation must be before the repair loop may free it for lack of an owner
 */
public record ServiceNetwork(
    ServiceCidr clusterIpRange, NodePortRange nodePortRange, String clusterDns, String clusterDomain, Duration leakGrace) {

  public ServiceNetwork {
    if (!clusterIpRange.contains(clusterDns)) {
      throw new IllegalArgumentException("coxswain.services.cluster-dns (" + clusterDns
          + ") must be an address of coxswain.services.cluster-ip-range (" + clusterIpRange.describe() + ")");
    }
  }

  public static ServiceNetwork from(Config config) {
    Config c = config.getConfig("coxswain.services");
    return new ServiceNetwork(
        ServiceCidr.parse(c.getString("cluster-ip-range")),
        NodePortRange.parse(c.getString("node-port-range")),
        c.getString("cluster-dns"),
        c.getString("cluster-domain"),
        c.getDuration("leak-grace"));
  }

  /** The first address of the range: the default/kubernetes Service's. */
  public String apiServerServiceIp() {
    return clusterIpRange.nth(1);
  }
}
