package io.coxswain.agent.service;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied TCP connection: the accepted client channel and the channel to the chosen endpoint,
 * on the same event loop. Bytes are relayed both ways with backpressure (a side reads only while
 * the other can take more), a half-close is passed on (a client that shuts down its output still
 * gets the rest of the answer), and either side going away closes the other after what is already
 * read has been written.
 */
final class TcpRelay {
  private static final Logger log = LoggerFactory.getLogger(TcpRelay.class);
  /** Endpoints tried per connection before the client is reset (a just-removed pod refuses). */
  private static final int MAX_ATTEMPTS = 3;
  private static final int CONNECT_TIMEOUT_MILLIS = 3000;

  private TcpRelay() {}

  /** The first handler of an accepted connection: connects to an endpoint, then relays. */
  static final class Connector extends ChannelInboundHandlerAdapter {
    private final EndpointPicker picker;
    private final Set<InetSocketAddress> tried = new HashSet<>();

    Connector(EndpointPicker picker) {
      this.picker = picker;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      connect(ctx);
    }

    private void connect(ChannelHandlerContext ctx) {
      Channel client = ctx.channel();
      InetSocketAddress remote = (InetSocketAddress) client.remoteAddress();
      InetSocketAddress backend = picker.pick(remote == null ? null : remote.getAddress(), tried);
      if (backend == null) {
        reset(client);
        return;
      }
      tried.add(backend);
      Bootstrap b = new Bootstrap()
          .group(client.eventLoop())
          .channel(NioSocketChannel.class)
          .option(ChannelOption.AUTO_READ, false)
          .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.SO_KEEPALIVE, true)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
          .handler(new Relay(client));
      b.connect(backend).addListener((ChannelFutureListener) f -> {
        if (!client.isActive()) {
          f.channel().close();
        } else if (f.isSuccess()) {
          ctx.pipeline().replace(this, "relay", new Relay(f.channel()));
          client.config().setAutoRead(true);
          f.channel().config().setAutoRead(true);
        } else if (tried.size() < MAX_ATTEMPTS) {
          log.debug("endpoint {} of {} refused: {}", backend, picker.route().service(), f.cause().toString());
          connect(ctx);
        } else {
          reset(client);
        }
      });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /**
   * Relays what one channel reads to its peer. Reading is on (auto-read) while the peer can take
   * more and off while its outbound buffer is above the high-water mark, so a slow reader on one
   * side slows the writer on the other instead of filling memory; toggling only then keeps the
   * common case free of extra system calls.
   */
  static final class Relay extends ChannelInboundHandlerAdapter {
    private final Channel peer;

    Relay(Channel peer) {
      this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      // A failed write fails in the peer's pipeline, whose exceptionCaught closes it, and then this side.
      peer.write(msg, peer.voidPromise());
      if (!peer.isWritable()) {
        peer.flush();
        if (!peer.isWritable()) ctx.channel().config().setAutoRead(false);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      // This side drained what the peer sent: the peer may read again.
      if (ctx.channel().isWritable()) peer.config().setAutoRead(true);
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ChannelInputShutdownEvent) {
        SocketChannel self = (SocketChannel) ctx.channel();
        // The other end sent FIN: pass it on once everything before it is written.
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
          if (!f.isSuccess() || !peer.isActive()) {
            ctx.close();
            return;
          }
          ((SocketChannel) peer).shutdownOutput().addListener((ChannelFutureListener) s -> closeIfDone((SocketChannel) peer));
        });
        closeIfDone(self);
      } else {
        ctx.fireUserEventTriggered(evt);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      closeAfterFlush(peer);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("proxied connection {} failed: {}", ctx.channel(), cause.toString());
      ctx.close();
    }
  }

  /** Both directions finished: the connection is done. */
  private static void closeIfDone(SocketChannel ch) {
    if (ch.isInputShutdown() && ch.isOutputShutdown()) ch.close();
  }

  private static void closeAfterFlush(Channel ch) {
    if (ch.isActive()) ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  /** Closes with a TCP RST, so the client learns at once that nobody serves the address. */
  static ChannelFuture reset(Channel ch) {
    ch.config().setOption(ChannelOption.SO_LINGER, 0);
    return ch.close();
  }
}
