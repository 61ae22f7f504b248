package io.coxswain.agent.dns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.service.ServiceInterface;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The agent's cluster DNS: one per agent JVM (hollow nodes have none), answering for the cluster
 * domain as CoreDNS's kubernetes plugin does and forwarding every other name to the node's
 * resolvers. See {@link ClusterZone} for what it answers and {@link DnsServer} for the sockets.
 *
 * <p><b>How it learns the cluster's Services.</b> Whoever watches Services and EndpointSlices calls
 * {@link #update} with the complete current set each time something changed. The objects are
 * Kubernetes JSON as the API serves them ({@code v1} Service, {@code discovery.k8s.io/v1}
 * EndpointSlice, each with metadata.namespace and metadata.name; a slice belongs to the Service
 * its {@code kubernetes.io/service-name} label names in its namespace). The call is
 * level-triggered and idempotent, may come from any thread, never blocks on the network, and the
 * objects are not modified or kept beyond the next call. Until the first call the zone holds only
 * its SOA, NS and dns-version records.
 */
public final class ClusterDns implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterDns.class);

  private final ClusterDnsSettings settings;
  private final Name origin;
  private final InetAddress clusterAddress;
  private volatile ClusterZone zone;
  private long serial = System.currentTimeMillis() / 1000;
  private DnsServer server;
  private ServiceInterface boundInterface;

  private ClusterDns(ClusterDnsSettings settings) {
    this.settings = settings;
    this.origin = ServiceRecords.name(settings.domain(), null);
    if (origin == null) throw new IllegalArgumentException("cluster domain " + settings.domain() + " is not a DNS name");
    this.clusterAddress = ServiceRecords.address(settings.clusterIP());
    update(List.of(), List.of());
  }

  /** The zone alone, without sockets: for tests and for agents whose DNS is switched off. */
  public static ClusterDns withoutServer(ClusterDnsSettings settings) {
    return new ClusterDns(settings);
  }

  /**
   * Starts the server where the settings say. Whatever stops it from listening (no root, the port
   * taken by another agent on this machine) is logged and leaves an instance that still has its
   * zone, so pods keep their cluster resolv.conf.
   */
  public static ClusterDns start(ActorSystem<?> system, ClusterDnsSettings settings) {
    ClusterDns dns = new ClusterDns(settings);
    if (!settings.enabled()) return dns;
    InetSocketAddress listen;
    if (settings.listen().equals(ClusterDnsSettings.LISTEN_ON_CLUSTER_IP)) {
      listen = dns.clusterAddressOnInterface();
    } else {
      listen = NodeResolvers.socketAddress(settings.listen());
    }
    if (listen == null) return dns;
    Set<InetSocketAddress> own = new HashSet<>(List.of(listen, new InetSocketAddress(dns.clusterAddress, 53)));
    ResolvConf node;
    try {
      node = ResolvConf.read(settings.resolvConf());
    } catch (IOException e) {
      log.warn("cluster DNS: cannot read {} ({}); forwarding will fail", settings.resolvConf(), e.getMessage());
      node = ResolvConf.EMPTY;
    }
    NodeResolvers upstream = new NodeResolvers(node.nameservers(), own, settings.upstreamTimeout(), 2);
    try {
      dns.server = DnsServer.start(system, listen, new DnsResponder(() -> dns.zone, upstream))
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      log.info("cluster DNS for {} on {}, forwarding other names to {}", settings.domain(), dns.server.address(), upstream.servers());
    } catch (Exception e) {
      log.warn("cluster DNS is not served by this agent: cannot listen on {} ({}); another agent on this machine may hold it",
          listen, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
      dns.releaseInterfaceAddress();
    }
    return dns;
  }

  /** The cluster IP on port 53, after putting it on the service interface; the fallback when that cannot be. */
  private InetSocketAddress clusterAddressOnInterface() {
    String why = ServiceInterface.unavailableReason().orElse(null);
    if (why == null) {
      ServiceInterface iface = new ServiceInterface(settings.serviceInterface());
      try {
        if (iface.addAddress(settings.clusterIP())) boundInterface = iface;
        return new InetSocketAddress(clusterAddress, 53);
      } catch (IOException e) {
        why = "the service interface could not be set up: " + e.getMessage();
      }
    }
    log.info("cluster DNS listens on {} instead of {}:53: {}; pods cannot reach it", settings.fallbackListen(), settings.clusterIP(), why);
    return NodeResolvers.socketAddress(settings.fallbackListen());
  }

  /** Replaces the cluster zone's data with these Services and EndpointSlices (see the class comment). */
  public void update(Collection<ObjectNode> services, Collection<ObjectNode> endpointSlices) {
    ClusterZone next;
    synchronized (this) {
      serial = (serial + 1) & 0xffffffffL;
      next = ClusterZone.build(origin, clusterAddress, settings.ttl().toSeconds(), serial, services, endpointSlices);
      zone = next;
    }
  }

  public ClusterDnsSettings settings() {
    return settings;
  }

  /** Where this agent answers DNS queries, if it does. */
  public Optional<InetSocketAddress> address() {
    return Optional.ofNullable(server).map(DnsServer::address);
  }

  private void releaseInterfaceAddress() {
    if (boundInterface == null) return;
    try {
      boundInterface.removeAddress(settings.clusterIP());
    } catch (IOException e) {
      log.debug("cluster DNS address {} stays on {}: {}", settings.clusterIP(), boundInterface.name(), e.getMessage());
    }
    boundInterface = null;
  }

  /** Stops listening and takes the address off the service interface if this agent put it there. */
  @Override
  public void close() {
    if (server != null) server.close();
    server = null;
    releaseInterfaceAddress();
  }
}
