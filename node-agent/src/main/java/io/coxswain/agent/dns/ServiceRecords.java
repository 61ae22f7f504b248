package io.coxswain.agent.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Metadata;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;

/**
 * One Service's records as the Kubernetes DNS specification (version 1.1.0) lists them, the way
 * CoreDNS's kubernetes plugin answers them:
 *
 * <ul>
 *   <li>ClusterIP: {@code <svc>.<ns>.svc.<zone>} A/AAAA for each cluster IP, and for each named port
 *       {@code _<port>._<proto>.<svc>.<ns>.svc.<zone>} SRV pointing at the service name; PTR for
 *       each cluster IP.
 *   <li>Headless ({@code clusterIP: None}): the service name has A/AAAA for every ready endpoint;
 *       each endpoint also has its own name, {@code <hostname>} when the endpoint has one, else its
 *       address with dashes (CoreDNS's choice), with A/AAAA, a PTR, and the SRV records point at it.
 *   <li>ExternalName: a CNAME to {@code spec.externalName}.
 * </ul>
 *
 * An endpoint counts when {@code conditions.ready} is not false (the EndpointSlice controller
 * already marks every endpoint ready for Services with publishNotReadyAddresses); FQDN slices are
 * ignored, as CoreDNS ignores them.
 */
final class ServiceRecords {
  private ServiceRecords() {}

  /** Forward records (in the cluster zone) and reverse ones (PTR), with their owner names. */
  record Result(List<Record> forward, List<Record> reverse) {}

  static Result of(ObjectNode service, List<ObjectNode> slices, Name zone, long ttl) {
    List<Record> forward = new ArrayList<>();
    List<Record> reverse = new ArrayList<>();
    String ns = Metadata.namespace(service);
    Name name = name(Metadata.name(service) + "." + ns + ".svc", zone);
    if (name == null) return new Result(forward, reverse);
    JsonNode spec = service.path("spec");
    if ("ExternalName".equals(spec.path("type").asText())) {
      Name target = absolute(spec.path("externalName").asText(""));
      if (target != null) forward.add(new CNAMERecord(name, DClass.IN, ttl, target));
      return new Result(forward, reverse);
    }
    List<String> clusterIPs = clusterIPs(spec);
    boolean headless = clusterIPs.isEmpty() && "None".equals(spec.path("clusterIP").asText());
    if (!headless) {
      for (String ip : clusterIPs) {
        InetAddress address = address(ip);
        if (address == null) continue;
        forward.add(addressRecord(name, address, ttl));
        reverse.add(new PTRRecord(ReverseMap.fromAddress(address), DClass.IN, ttl, name));
      }
      if (forward.isEmpty()) return new Result(forward, reverse);
      for (JsonNode port : spec.path("ports")) {
        String portName = port.path("name").asText("");
        Name srv = portName.isEmpty() ? null : name("_" + portName + "._" + protocol(port) + "." + name, null);
        if (srv != null) forward.add(new SRVRecord(srv, DClass.IN, ttl, 0, 100, port.path("port").asInt(), name));
      }
    }
    // Endpoints have names under the Service whatever its kind (CoreDNS answers them for ClusterIP
    // Services too); a headless Service's own name lists them all.
    Map<Name, List<InetAddress>> endpoints = readyEndpoints(slices, name);
    Map<String, JsonNode> ports = new LinkedHashMap<>();
    for (ObjectNode slice : slices) {
      for (JsonNode port : slice.path("ports")) ports.putIfAbsent(port.path("name").asText("") + "/" + protocol(port), port);
    }
    for (var e : endpoints.entrySet()) {
      for (InetAddress address : e.getValue()) {
        forward.add(addressRecord(e.getKey(), address, ttl));
        reverse.add(new PTRRecord(ReverseMap.fromAddress(address), DClass.IN, ttl, e.getKey()));
        if (headless) forward.add(addressRecord(name, address, ttl));
      }
    }
    if (headless) {
      for (JsonNode port : ports.values()) {
        String portName = port.path("name").asText("");
        Name srv = portName.isEmpty() ? null : name("_" + portName + "._" + protocol(port) + "." + name, null);
        if (srv == null || endpoints.isEmpty()) continue;
        int weight = Math.max(1, 100 / endpoints.size());
        for (Name target : endpoints.keySet()) {
          forward.add(new SRVRecord(srv, DClass.IN, ttl, 0, weight, port.path("port").asInt(), target));
        }
      }
    }
    return new Result(forward, reverse);
  }

  /** spec.clusterIPs, or spec.clusterIP alone; empty for headless and unallocated Services. */
  private static List<String> clusterIPs(JsonNode spec) {
    List<String> ips = new ArrayList<>();
    for (JsonNode ip : spec.path("clusterIPs")) ips.add(ip.asText());
    if (ips.isEmpty() && spec.path("clusterIP").isTextual()) ips.add(spec.path("clusterIP").asText());
    ips.removeIf(ip -> ip.isEmpty() || ip.equals("None"));
    return ips;
  }

  /** Each ready endpoint's name under the Service and its addresses, in slice order, deduplicated. */
  private static Map<Name, List<InetAddress>> readyEndpoints(List<ObjectNode> slices, Name service) {
    Map<Name, List<InetAddress>> endpoints = new LinkedHashMap<>();
    for (ObjectNode slice : slices) {
      String type = slice.path("addressType").asText("IPv4");
      if (!type.equals("IPv4") && !type.equals("IPv6")) continue;
      for (JsonNode endpoint : slice.path("endpoints")) {
        if (endpoint.path("conditions").path("ready").isBoolean() && !endpoint.path("conditions").path("ready").asBoolean()) continue;
        String hostname = endpoint.path("hostname").asText("");
        for (JsonNode a : endpoint.path("addresses")) {
          InetAddress address = address(a.asText());
          if (address == null) continue;
          String label = hostname.isEmpty() ? dashed(address) : hostname;
          Name name = name(label + "." + service, null);
          if (name == null) continue;
          List<InetAddress> list = endpoints.computeIfAbsent(name, k -> new ArrayList<>());
          if (!list.contains(address)) list.add(address);
        }
      }
    }
    return endpoints;
  }

  static Record addressRecord(Name name, InetAddress address, long ttl) {
    return address instanceof Inet6Address
        ? new AAAARecord(name, DClass.IN, ttl, address)
        : new ARecord(name, DClass.IN, ttl, address);
  }

  /** 10.1.2.3 → "10-1-2-3"; fd00::1 → "fd00--1" (the form CoreDNS gives unnamed endpoints and pods). */
  static String dashed(InetAddress address) {
    String text = address.getHostAddress();
    int scope = text.indexOf('%');
    if (scope >= 0) text = text.substring(0, scope);
    if (address instanceof Inet6Address) text = compressed(text);
    return text.replace('.', '-').replace(':', '-');
  }

  /** Java prints IPv6 uncompressed ("fd00:0:0:0:0:0:0:1"); names use the short form. */
  private static String compressed(String full) {
    String[] groups = full.split(":");
    int bestStart = -1, bestLen = 0;
    for (int i = 0; i < groups.length; ) {
      if (!groups[i].equals("0")) { i++; continue; }
      int j = i;
      while (j < groups.length && groups[j].equals("0")) j++;
      if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
      i = j;
    }
    if (bestLen < 2) return full;
    String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
    return head + "::" + tail;
  }

  private static String protocol(JsonNode port) {
    return port.path("protocol").asText("TCP").toLowerCase(Locale.ROOT);
  }

  /** An IP literal, never a host name: nothing here may trigger a lookup. */
  static InetAddress address(String text) {
    if (text == null) return null;
    boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = text.contains(":") && text.matches("[0-9a-fA-F:.]+");
    if (!v4 && !v6) return null;
    try {
      return InetAddress.getByName(text);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  /** The name relative to {@code origin} (or absolute when origin is null), lower-cased; null if not a valid name. */
  static Name name(String text, Name origin) {
    try {
      String s = origin == null && !text.endsWith(".") ? text + "." : text;
      return Name.fromString(s.toLowerCase(Locale.ROOT), origin);
    } catch (TextParseException e) {
      return null;
    }
  }

  private static Name absolute(String text) {
    if (text.isEmpty()) return null;
    return name(text.endsWith(".") ? text : text + ".", null);
  }
}
