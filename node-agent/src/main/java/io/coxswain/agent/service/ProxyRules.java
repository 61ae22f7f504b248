package io.coxswain.agent.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the proxy should do for a {@link ServiceTable}, as kube-proxy computes its rules: for every
 * port of every proxied Service, the addresses to accept on (its ClusterIP, every node address at
 * its NodePort, load-balancer ingress and external IPs at its port) and the endpoints to forward to.
 *
 * <p>Endpoints are the ready ones; when none is ready, the serving ones that are terminating, so a
 * rolling update that briefly has only draining pods keeps working (kube-proxy does the same).
 * Services are not proxied when headless, ExternalName, or annotated {@link #SERVED_BY_ANNOTATION}
 * {@code node-agent} (the agent answers that address itself, as its DNS server does for kube-dns).
 */
public final class ProxyRules {
  public static final String SERVED_BY_ANNOTATION = "coxswain.io/served-by";
  /** kube-proxy's default for sessionAffinity ClientIP without a timeout. */
  public static final Duration DEFAULT_AFFINITY = Duration.ofSeconds(10800);
  /** NodePorts listen on every address of the node, as kube-proxy's default nodePortAddresses. */
  public static final String ANY_ADDRESS = "0.0.0.0";
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

  /** One listening address: protocol TCP or UDP. */
  public record Frontend(String protocol, String host, int port) {
    @Override
    public String toString() {
      return protocol + " " + host + ":" + port;
    }
  }

  /**
   * Where a frontend's connections go.
   *
   * @param service "namespace/name:port" for logs
   * @param affinity how long a client IP sticks to its endpoint, or null for no affinity
   */
  public record Route(String service, List<InetSocketAddress> backends, Duration affinity) {
    public boolean hasBackends() {
      return !backends.isEmpty();
    }
  }

  /** @param clusterIPs the ClusterIPs of proxied Services, whether or not they have endpoints */
  public record Rules(Map<Frontend, Route> routes, Set<String> clusterIPs) {}

  private ProxyRules() {}

  /** @param withClusterIPs false where ClusterIPs cannot be bound on this machine (NodePorts only) */
  public static Rules compile(ServiceTable table, boolean withClusterIPs) {
    Map<Frontend, Route> routes = new LinkedHashMap<>();
    Set<String> clusterIPs = new TreeSet<>();
    for (ServiceEntry svc : table.services()) {
      if (!proxied(svc)) continue;
      String clusterIP = svc.clusterIP();
      boolean hasClusterIP = withClusterIPs && IPV4.matcher(clusterIP).matches();
      if (hasClusterIP) clusterIPs.add(clusterIP);
      Duration affinity = affinity(svc.service().path("spec"));
      for (ServiceEntry.ServicePort port : svc.ports()) {
        if (!port.protocol().equals("TCP") && !port.protocol().equals("UDP")) continue;
        Route route = new Route(svc.key() + ":" + (port.name().isEmpty() ? String.valueOf(port.port()) : port.name()),
            backends(svc.endpoints(port)), affinity);
        if (hasClusterIP) routes.put(new Frontend(port.protocol(), clusterIP, port.port()), route);
        if (port.nodePort() > 0) routes.put(new Frontend(port.protocol(), ANY_ADDRESS, port.nodePort()), route);
        for (String ip : externalAddresses(svc)) routes.putIfAbsent(new Frontend(port.protocol(), ip, port.port()), route);
      }
    }
    return new Rules(routes, clusterIPs);
  }

  static boolean proxied(ServiceEntry svc) {
    if ("node-agent".equals(svc.service().path("metadata").path("annotations").path(SERVED_BY_ANNOTATION).asText(""))) {
      return false;
    }
    return !svc.type().equals("ExternalName") && !svc.headless();
  }

  private static Duration affinity(JsonNode spec) {
    if (!"ClientIP".equals(spec.path("sessionAffinity").asText("None"))) return null;
    int seconds = spec.path("sessionAffinityConfig").path("clientIP").path("timeoutSeconds").asInt(0);
    return seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_AFFINITY;
  }

  private static List<InetSocketAddress> backends(List<ServiceEntry.Endpoint> endpoints) {
    Set<ServiceEntry.Endpoint> chosen = new TreeSet<>(Comparator.comparing(ServiceEntry.Endpoint::address)
        .thenComparingInt(ServiceEntry.Endpoint::port));
    for (ServiceEntry.Endpoint e : endpoints) if (e.ready()) chosen.add(e);
    if (chosen.isEmpty()) {
      for (ServiceEntry.Endpoint e : endpoints) if (e.serving() && e.terminating()) chosen.add(e);
    }
    List<InetSocketAddress> out = new ArrayList<>();
    for (ServiceEntry.Endpoint e : chosen) {
      InetSocketAddress a = address(e.address(), e.port());
      if (a != null) out.add(a);
    }
    return List.copyOf(out);
  }

  /** An IPv4 literal as a socket address (never a name lookup); null for anything else. */
  static InetSocketAddress address(String ip, int port) {
    if (!IPV4.matcher(ip).matches() || port <= 0 || port > 65535) return null;
    try {
      return new InetSocketAddress(InetAddress.getByName(ip), port);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static Set<String> externalAddresses(ServiceEntry svc) {
    Set<String> ips = new LinkedHashSet<>();
    for (JsonNode ip : svc.service().path("spec").path("externalIPs")) ips.add(ip.asText());
    for (JsonNode ingress : svc.service().path("status").path("loadBalancer").path("ingress")) {
      String ip = ingress.path("ip").asText("");
      if (!ip.isEmpty()) ips.add(ip);
    }
    ips.removeIf(ip -> !IPV4.matcher(ip).matches());
    return ips;
  }
}
