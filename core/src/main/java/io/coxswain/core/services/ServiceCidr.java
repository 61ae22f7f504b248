package io.coxswain.core.services;

import io.coxswain.core.kinds.IpAddress;

/**
 * The IPv4 range cluster IPs come from (kube-apiserver's --service-cluster-ip-range). The network
 * and broadcast addresses are never handed out, so offset 0 is the first usable address, the one
 * the {@code default/kubernetes} Service gets.
 *
 * @param network the network address as an unsigned 32-bit number
 * @param prefix the prefix length
 */
public record ServiceCidr(long network, int prefix) implements AllocationRange {
  public ServiceCidr {
    if (prefix < 1 || prefix > 30) {
      throw new IllegalArgumentException("a service IP range needs a prefix between /1 and /30, got /" + prefix);
    }
  }

  /** "10.96.0.0/12"; host bits are masked off as kube-apiserver does. */
  public static ServiceCidr parse(String cidr) {
    String s = cidr.strip();
    int slash = s.indexOf('/');
    if (slash < 0 || !IpAddress.isCidr(s) || !IpAddress.isIPv4(s.substring(0, slash))) {
      throw new IllegalArgumentException("\"" + cidr + "\" is not an IPv4 range in CIDR form such as 10.96.0.0/12"
          + " (the service network is single-stack IPv4)");
    }
    int prefix = Integer.parseInt(s.substring(slash + 1));
    long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return new ServiceCidr(toNumber(s.substring(0, slash)) & mask, prefix);
  }

  @Override
  public long size() {
    return (1L << (32 - prefix)) - 2;
  }

  @Override
  public String name(long offset) {
    if (offset < 0 || offset >= size()) throw new IndexOutOfBoundsException(offset + " is outside " + describe());
    return toText(network + 1 + offset);
  }

  /** Accepts only canonical dotted quads: the allocation object of "10.96.0.010" would be another name. */
  @Override
  public long offset(String ip) {
    if (ip == null || !IpAddress.isIPv4(ip) || !toText(toNumber(ip)).equals(ip)) return -1;
    long offset = toNumber(ip) - network - 1;
    return offset >= 0 && offset < size() ? offset : -1;
  }

  /** Kubernetes: min(max(16, size/16), 256) addresses at the bottom are kept for requested IPs. */
  @Override
  public long dynamicStart() {
    return AllocationRange.staticBand(size() + 2, 16, 16, 256);
  }

  @Override
  public String describe() {
    return toText(network) + "/" + prefix;
  }

  /** The n-th usable address (1 is the first): the kubernetes Service has 1, cluster DNS usually 10. */
  public String nth(int n) {
    return name(n - 1);
  }

  static long toNumber(String ipv4) {
    long n = 0;
    for (String part : ipv4.split("\\.")) n = (n << 8) | Integer.parseInt(part);
    return n;
  }

  static String toText(long n) {
    return ((n >> 24) & 0xFF) + "." + ((n >> 16) & 0xFF) + "." + ((n >> 8) & 0xFF) + "." + (n & 0xFF);
  }
}
