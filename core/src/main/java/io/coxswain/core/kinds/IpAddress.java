package io.coxswain.core.kinds;

import java.util.List;

/**
 * Syntax of IP address literals, checked by hand: the JDK's parser would resolve a non-literal
 * host name, which must never happen while validating a request.
 */
public final class IpAddress {
  /** Kubernetes' IsValidIP message. */
  public static final String INVALID_IP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

  private IpAddress() {}

  /**
   * Kubernetes' ValidateIPAddressName: the name must be an IP in its canonical text form (no
   * leading zeros in IPv4). IPv6 is checked for syntax only; the server's service network is IPv4.
   */
  public static List<String> canonicalIpErrors(String name) {
    if (!isIp(name)) return List.of("ParseAddr(\"" + name + "\"): unable to parse IP");
    if (isIPv4(name)) {
      for (String part : name.split("\\.")) {
        if (part.length() > 1 && part.charAt(0) == '0') return List.of("must be a canonical format IP address");
      }
    } else if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
      return List.of("must be a canonical format IP address");
    }
    return List.of();
  }

  public static boolean isIp(String s) {
    return isIPv4(s) || isIPv6(s);
  }

  /** Dotted quad; leading zeros are tolerated as Kubernetes' legacy parser does. */
  public static boolean isIPv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) return false;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) return false;
      if (Integer.parseInt(p) > 255) return false;
    }
    return true;
  }

  public static boolean isIPv6(String s) {
    if (s.isEmpty() || s.indexOf(':') < 0) return false;
    int doubleColon = s.indexOf("::");
    if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) return false;
    String head = doubleColon >= 0 ? s.substring(0, doubleColon) : s;
    String tail = doubleColon >= 0 ? s.substring(doubleColon + 2) : "";
    int groups = 0;
    String[] headGroups = head.isEmpty() ? new String[0] : head.split(":", -1);
    String[] tailGroups = tail.isEmpty() ? new String[0] : tail.split(":", -1);
    String[] last = tailGroups.length > 0 ? tailGroups : headGroups;
    for (int i = 0; i < headGroups.length; i++) {
      boolean embeddedV4 = last == headGroups && i == headGroups.length - 1 && headGroups[i].contains(".");
      if (!group(headGroups[i], embeddedV4)) return false;
      groups += embeddedV4 ? 2 : 1;
    }
    for (int i = 0; i < tailGroups.length; i++) {
      boolean embeddedV4 = i == tailGroups.length - 1 && tailGroups[i].contains(".");
      if (!group(tailGroups[i], embeddedV4)) return false;
      groups += embeddedV4 ? 2 : 1;
    }
    return doubleColon >= 0 ? groups <= 7 : groups == 8;
  }

  /** "10.244.0.0/16" or "fd00::/64". */
  public static boolean isCidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) return false;
    String ip = s.substring(0, slash);
    String bits = s.substring(slash + 1);
    if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) return false;
    int prefix = Integer.parseInt(bits);
    if (isIPv4(ip)) return prefix <= 32;
    return isIPv6(ip) && prefix <= 128;
  }

  private static boolean group(String g, boolean embeddedV4) {
    if (embeddedV4) return isIPv4(g);
    if (g.isEmpty() || g.length() > 4) return false;
    for (int i = 0; i < g.length(); i++) {
      if (Character.digit(g.charAt(i), 16) < 0) return false;
    }
    return true;
  }
}
