package io.coxswain.core.kinds;

import java.util.List;
import java.util.function.Function;

/**
 * Which format a kind's metadata.name must have (Kubernetes' NameIsDNSSubdomain and friends).
 * Checked for generateName too, where a trailing '-' is allowed because a random suffix follows.
 */
public enum NameFormat {
  DNS1123_SUBDOMAIN(ValueFormats::dns1123Subdomain),
  DNS1123_LABEL(ValueFormats::dns1123Label),
  DNS1035_LABEL(ValueFormats::dns1035Label),
  /** networking.k8s.io IPAddress objects are named by the address itself. */
  CANONICAL_IP(IpAddress::canonicalIpErrors),
  /** Node port allocations are named by the port number. */
  PORT_NUMBER(ValueFormats::portNumberName);

  private final Function<String, List<String>> check;

  NameFormat(Function<String, List<String>> check) {
    this.check = check;
  }

  /** Kubernetes' messages for a bad name; empty when fine. */
  public List<String> check(String name) {
    return check.apply(name);
  }

  /** Like {@link #check} for a generateName prefix, whose trailing '-' is fine. */
  public List<String> checkPrefix(String prefix) {
    String masked = prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) + "a" : prefix;
    return check.apply(masked);
  }
}
