package io.coxswain.agent.service;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Chooses the endpoint of each new connection to one frontend: round robin over the route's current
 * endpoints, or, with ClientIP affinity, the endpoint a client IP was last sent to while that is
 * still an endpoint and the client came back within the timeout.
 *
 * <p>The route is swapped whole when the Service's endpoints change, so the very next connection
 * sees the change; connections already open are left alone, as kube-proxy leaves them.
 */
final class EndpointPicker {
  private record Sticky(InetSocketAddress backend, long lastUsedNanos) {}

  private final LongSupplier nanoClock;
  private final AtomicInteger next = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, Sticky> affinity = new ConcurrentHashMap<>();
  private volatile ProxyRules.Route route;

  EndpointPicker(ProxyRules.Route route, LongSupplier nanoClock) {
    this.route = route;
    this.nanoClock = nanoClock;
  }

  ProxyRules.Route route() {
    return route;
  }

  void update(ProxyRules.Route newRoute) {
    route = newRoute;
    if (newRoute.affinity() == null) affinity.clear();
  }

  /** An endpoint for a connection from {@code client}, none of {@code tried}; null when there is none. */
  InetSocketAddress pick(InetAddress client, Set<InetSocketAddress> tried) {
    ProxyRules.Route r = route;
    List<InetSocketAddress> backends = r.backends();
    if (backends.isEmpty()) return null;
    long now = nanoClock.getAsLong();
    if (r.affinity() != null && client != null) {
      Sticky s = affinity.get(client);
      if (s != null && now - s.lastUsedNanos() <= r.affinity().toNanos() && backends.contains(s.backend())
          && !tried.contains(s.backend())) {
        affinity.put(client, new Sticky(s.backend(), now));
        return s.backend();
      }
    }
    for (int i = 0; i < backends.size(); i++) {
      InetSocketAddress b = backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
      if (tried.contains(b)) continue;
      if (r.affinity() != null && client != null) affinity.put(client, new Sticky(b, now));
      return b;
    }
    return null;
  }

  /** Forgets clients whose affinity has run out, so the table does not grow without end. */
  void expireAffinity() {
    ProxyRules.Route r = route;
    if (r.affinity() == null) return;
    long now = nanoClock.getAsLong();
    affinity.values().removeIf(s -> now - s.lastUsedNanos() > r.affinity().toNanos());
  }
}
