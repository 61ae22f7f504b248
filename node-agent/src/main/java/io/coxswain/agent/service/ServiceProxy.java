package io.coxswain.agent.service;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy's job in the agent: for each port of each proxied Service (see {@link ProxyRules}) it
 * accepts TCP and UDP on the ClusterIP and on the NodePort and forwards to the Service's endpoints,
 * spreading connections round robin (or by client IP with sessionAffinity ClientIP).
 *
 * <p>A frontend whose Service has no endpoint is not listened on, so a connection is refused at once
 * (the kernel answers the SYN with a reset; UDP gets port unreachable). Endpoints are read for every
 * new connection from a route swapped whole on each change of the {@link ServiceView}, so an
 * endpoint that turns not-ready gets no new connection once the change reaches the agent.
 *
 * <p>Several agents on one machine (a server with its own agent and {@code coxswain agent}
 * processes) each proxy every Service. They share each listening address through SO_REUSEPORT: the
 * kernel spreads new connections over the agents' sockets, and when one agent stops or closes a
 * frontend the others' sockets keep accepting. Their views of the cluster agree within the feed's
 * latency, so it does not matter which agent takes a connection. ClusterIPs are held by each
 * agent's own interface ({@link ClusterIPInterface}) for the same reason.
 *
 * <p>Built on Netty: a small event-loop group shared by every connection, no thread per connection.
 * Listener changes run on one control thread; the event loops only relay.
 */
public final class ServiceProxy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceProxy.class);
  private static final Duration RETRY_INTERVAL = Duration.ofSeconds(2);

  /**
   * @param nodeName names this agent's ClusterIP interface
   * @param bindClusterIPs false to proxy NodePorts only (tests that must not touch the host's interfaces)
   * @param eventLoopThreads threads relaying bytes; 0 for one per core, at most two
   */
  public record Settings(String nodeName, boolean bindClusterIPs, int eventLoopThreads) {}

  /** One frontend: its picker (shared by its connections) and, while it has endpoints, its socket. */
  private static final class Listener {
    final ProxyRules.Frontend frontend;
    final EndpointPicker picker;
    Channel channel;
    UdpRelay udp;
    boolean bindFailed;

    Listener(ProxyRules.Frontend frontend, EndpointPicker picker) {
      this.frontend = frontend;
      this.picker = picker;
    }
  }

  private final EventLoopGroup loops;
  private final ScheduledExecutorService control;
  private final Optional<ClusterIPInterface> clusterIPs;
  private final Map<ProxyRules.Frontend, Listener> listeners = new HashMap<>();
  private volatile ServiceTable latest = ServiceTable.EMPTY;
  private AutoCloseable subscription;
  private boolean closed;

  private ServiceProxy(Settings settings, Optional<ClusterIPInterface> clusterIPs) {
    this.clusterIPs = clusterIPs;
    int threads = settings.eventLoopThreads() > 0 ? settings.eventLoopThreads()
        : Math.min(2, Runtime.getRuntime().availableProcessors());
    this.loops = new NioEventLoopGroup(threads, daemon("coxswain-service-proxy"));
    this.control = Executors.newSingleThreadScheduledExecutor(daemon("coxswain-service-proxy-control"));
  }

  /** Starts proxying what {@code view} holds, now and after every change. */
  public static ServiceProxy start(ServiceView view, Settings settings) {
    Optional<ClusterIPInterface> ips = settings.bindClusterIPs() ? ClusterIPInterface.open(settings.nodeName()) : Optional.empty();
    ServiceProxy proxy = new ServiceProxy(settings, ips);
    proxy.subscription = view.subscribe(table -> {
      proxy.latest = table;
      proxy.control.execute(proxy::reconcile);
    });
    proxy.control.scheduleWithFixedDelay(proxy::retry, RETRY_INTERVAL.toMillis(), RETRY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return proxy;
  }

  /** The frontends listened on now (for tests and status lines). */
  public Set<ProxyRules.Frontend> listening() {
    try {
      return control.submit(() -> {
        Set<ProxyRules.Frontend> out = new HashSet<>();
        listeners.forEach((f, l) -> { if (l.channel != null) out.add(f); });
        return out;
      }).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the service proxy did not answer", e);
    }
  }

  /** Runs on the control thread: brings listeners and ClusterIPs in line with the latest table. */
  private void reconcile() {
    if (closed) return;
    ServiceTable table = latest;
    ProxyRules.Rules rules = ProxyRules.compile(table, clusterIPs.isPresent());
    // Stop listening first, so that no socket is left on an address about to be removed.
    for (var it = listeners.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<ProxyRules.Frontend, Listener> e = it.next();
      ProxyRules.Route route = rules.routes().get(e.getKey());
      if (route == null || !route.hasBackends()) unbind(e.getValue(), route == null ? "Service port gone" : "no ready endpoint");
      if (route == null) it.remove();
    }
    clusterIPs.ifPresent(i -> i.sync(rules.clusterIPs()));
    rules.routes().forEach((frontend, route) -> {
      Listener l = listeners.computeIfAbsent(frontend, f -> new Listener(f, new EndpointPicker(route, System::nanoTime)));
      if (!route.equals(l.picker.route())) {
        log.debug("{} ({}): endpoints {}", frontend, route.service(), route.backends());
        l.picker.update(route);
      }
      if (route.hasBackends() && l.channel == null) bind(l);
    });
  }

  private void retry() {
    try {
      for (Listener l : listeners.values()) l.picker.expireAffinity();
      boolean failed = listeners.values().stream().anyMatch(l -> l.bindFailed);
      if (failed) reconcile();
    } catch (RuntimeException e) {
      log.warn("service proxy: {}", e.toString(), e);
    }
  }

  private void bind(Listener l) {
    ProxyRules.Frontend f = l.frontend;
    InetSocketAddress address = new InetSocketAddress(f.host(), f.port());
    try {
      if (f.protocol().equals("UDP")) {
        UdpRelay relay = new UdpRelay(l.picker);
        Bootstrap b = new Bootstrap().group(loops).channel(NioDatagramChannel.class).handler(relay);
        l.channel = reusePort(b).bind(address).sync().channel();
        l.udp = relay;
      } else {
        ServerBootstrap b = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast("connect", new TcpRelay.Connector(l.picker));
              }
            });
        l.channel = reusePort(b).bind(address).sync().channel();
      }
      if (l.bindFailed) log.info("service proxy: {} ({}) listening after all", f, l.picker.route().service());
      else log.info("service proxy: {} ({}) listening, {} endpoint(s)", f, l.picker.route().service(),
          l.picker.route().backends().size());
      l.bindFailed = false;
    } catch (Exception e) {
      if (!l.bindFailed) {
        log.warn("service proxy: cannot listen on {} for {}: {}; retrying every {} s", f, l.picker.route().service(),
            e.toString(), RETRY_INTERVAL.toSeconds());
      }
      l.bindFailed = true;
      l.channel = null;
    }
  }

  private static <B extends AbstractBootstrap<B, ?>> B reusePort(B b) {
    return b.option(ChannelOption.SO_REUSEADDR, true)
        .option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
  }

  private void unbind(Listener l, String why) {
    l.bindFailed = false;
    if (l.channel == null) return;
    l.channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    l.channel = null;
    if (l.udp != null) l.udp.close();
    l.udp = null;
    log.info("service proxy: {} ({}) closed: {}", l.frontend, l.picker.route().service(), why);
  }

  /** Stops listening, removes this agent's ClusterIPs and stops the event loops; open connections end. */
  @Override
  public void close() {
    try {
      if (subscription != null) subscription.close();
    } catch (Exception ignored) {
      // the view only drops the listener
    }
    try {
      control.submit(() -> {
        closed = true;
        for (Listener l : listeners.values()) unbind(l, "agent stopping");
        listeners.clear();
        clusterIPs.ifPresent(ClusterIPInterface::close);
      }).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("service proxy: stopping: {}", e.toString());
    }
    control.shutdownNow();
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
