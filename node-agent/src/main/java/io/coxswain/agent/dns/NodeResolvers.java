package io.coxswain.agent.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwarding to the name servers the node's resolv.conf lists, through dnsjava's asynchronous
 * resolvers (one selector thread for all queries; a truncated UDP answer is fetched again over
 * TCP). Servers are tried in order and then again, as glibc does, with a short timeout each. The
 * cluster DNS's own addresses are left out, so a node whose resolv.conf points at the cluster DNS
 * does not send queries in a circle.
 */
final class NodeResolvers implements Forwarder {
  private static final Logger log = LoggerFactory.getLogger(NodeResolvers.class);
  private final ExtendedResolver resolver;
  private final List<InetSocketAddress> servers;

  /**
   * @param nameservers addresses, optionally with a port ("127.0.0.1:5353" or "[::1]:5353"), as
   *     tests and non-standard upstreams need
   * @param own the addresses this DNS server answers on, skipped
   */
  NodeResolvers(List<String> nameservers, Set<InetSocketAddress> own, Duration timeout, int attempts) {
    List<Resolver> resolvers = new ArrayList<>();
    List<InetSocketAddress> chosen = new ArrayList<>();
    for (String server : nameservers) {
      InetSocketAddress address = socketAddress(server);
      if (address == null || own.contains(address)) continue;
      SimpleResolver r = new SimpleResolver(address);
      r.setTimeout(timeout);
      resolvers.add(r);
      chosen.add(address);
    }
    this.servers = List.copyOf(chosen);
    this.resolver = resolvers.isEmpty() ? null : new ExtendedResolver(resolvers);
    if (resolver != null) {
      resolver.setRetries(attempts);
      resolver.setTimeout(timeout.multipliedBy(Math.max(1, resolvers.size()) * (long) attempts));
      resolver.setLoadBalance(false);
    } else {
      log.warn("cluster DNS: the node lists no usable name server; names outside the cluster zone will fail (SERVFAIL)");
    }
  }

  List<InetSocketAddress> servers() {
    return servers;
  }

  @Override
  public CompletionStage<Message> send(Message query) {
    if (resolver == null) return CompletableFuture.failedFuture(new IllegalStateException("no upstream name server"));
    return resolver.sendAsync(query.clone());
  }

  static InetSocketAddress socketAddress(String server) {
    String host = server;
    int port = 53;
    if (server.startsWith("[") && server.contains("]:")) {
      host = server.substring(1, server.indexOf(']'));
      port = Integer.parseInt(server.substring(server.indexOf("]:") + 2));
    } else if (server.indexOf(':') > 0 && server.indexOf(':') == server.lastIndexOf(':')) {
      host = server.substring(0, server.indexOf(':'));
      port = Integer.parseInt(server.substring(server.indexOf(':') + 1));
    }
    int scope = host.indexOf('%');
    if (scope >= 0) host = host.substring(0, scope);
    InetAddress address = ServiceRecords.address(host);
    return address == null ? null : new InetSocketAddress(address, port);
  }
}
