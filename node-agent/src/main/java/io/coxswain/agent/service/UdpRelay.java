package io.coxswain.agent.service;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * UDP for one frontend, the way conntrack gives UDP "connections": each client address gets a
 * session, a socket connected to one endpoint (chosen like a TCP connection's), and the endpoint's
 * answers go back to the client from the frontend's address. Sessions idle for {@link #IDLE_NANOS}
 * are closed.
 */
final class UdpRelay extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final class Session {
    final ChannelFuture upstream;
    volatile long lastUsed = System.nanoTime();

    Session(ChannelFuture upstream) {
      this.upstream = upstream;
    }
  }

  private final EndpointPicker picker;
  private final Map<InetSocketAddress, Session> sessions = new ConcurrentHashMap<>();
  private volatile Channel frontend;

  UdpRelay(EndpointPicker picker) {
    super(true);
    this.picker = picker;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    frontend = ctx.channel();
    ctx.executor().scheduleAtFixedRate(this::expire, 5, 5, TimeUnit.SECONDS);
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    InetSocketAddress client = packet.sender();
    Session s = sessions.get(client);
    if (s == null || !s.upstream.channel().isOpen()) {
      InetSocketAddress backend = picker.pick(client.getAddress(), Set.of());
      if (backend == null) return; // dropped, as with no listener
      s = new Session(new Bootstrap().group(ctx.channel().eventLoop()).channel(NioDatagramChannel.class)
          .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext up, DatagramPacket answer) {
              Channel f = frontend;
              if (f != null) f.writeAndFlush(new DatagramPacket(answer.content().retain(), client));
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext up, Throwable cause) {
              // ICMP port unreachable from the endpoint and the like: the client retries or times out
            }
          })
          .connect(backend));
      sessions.put(client, s);
    }
    s.lastUsed = System.nanoTime();
    ByteBuf data = packet.content().retain();
    ChannelFuture up = s.upstream;
    if (up.isDone()) send(up, data);
    else up.addListener((ChannelFutureListener) f -> send(f, data));
  }

  private static void send(ChannelFuture up, ByteBuf data) {
    if (up.isSuccess() && up.channel().isActive()) up.channel().writeAndFlush(data);
    else data.release();
  }

  private void expire() {
    long now = System.nanoTime();
    sessions.entrySet().removeIf(e -> {
      boolean idle = now - e.getValue().lastUsed > IDLE_NANOS;
      if (idle) e.getValue().upstream.channel().close();
      return idle;
    });
  }

  /** Closes every session (the frontend itself is closed by the proxy). */
  void close() {
    sessions.values().forEach(s -> s.upstream.channel().close());
    sessions.clear();
  }
}
