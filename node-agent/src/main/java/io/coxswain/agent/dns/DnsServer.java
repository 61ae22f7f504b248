package io.coxswain.agent.dns;

import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.Udp;
import org.apache.pekko.io.UdpMessage;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS server's sockets: UDP through Pekko IO and TCP through Pekko Streams, both on one
 * address and port, neither with a thread per query. Each query goes to the {@link DnsResponder},
 * whose answer (at once from the cluster zone, or when the upstream replies) is sent back on the
 * socket it came from. Over TCP each message has its two-byte length (RFC 1035 §4.2.2), answers go
 * out in the order the queries came, and an idle connection is closed after a while, as CoreDNS does.
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
  private static final Duration TCP_IDLE = Duration.ofSeconds(10);
  /** Queries in flight per TCP connection (a client may pipeline). */
  private static final int TCP_PARALLELISM = 16;

  private static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();
  private final ActorRef udp;
  private final Tcp.ServerBinding tcp;
  private final InetSocketAddress address;

  private DnsServer(ActorRef udp, Tcp.ServerBinding tcp, InetSocketAddress address) {
    this.udp = udp;
    this.tcp = tcp;
    this.address = address;
  }

  /** Binds UDP (port 0 picks one) and then TCP on the same port. */
  static CompletionStage<DnsServer> start(ActorSystem<?> system, InetSocketAddress requested, DnsResponder responder) {
    CompletableFuture<InetSocketAddress> udpBound = new CompletableFuture<>();
    // A system actor: a typed system with its own guardian takes no top-level classic actors.
    ActorRef udp = ((org.apache.pekko.actor.ExtendedActorSystem) Adapter.toClassic(system)).systemActorOf(Props.create(UdpListener.class,
        () -> new UdpListener(requested, responder, udpBound)), "cluster-dns-udp-" + INSTANCES.incrementAndGet());
    Materializer mat = Materializer.matFromSystem(system);
    Flow<ByteString, ByteString, ?> perConnection = Flow.of(ByteString.class)
        .via(Framing.lengthField(2, 0, org.xbill.DNS.Message.MAXLENGTH + 2, ByteOrder.BIG_ENDIAN))
        .mapAsync(TCP_PARALLELISM, frame -> responder.respond(frame.drop(2).toArray(), DnsResponder.Transport.TCP)
            .thenApply(answer -> answer == null ? ByteString.emptyByteString() : framed(answer)));
    return udpBound.thenCompose(bound -> Tcp.get(system)
            .bind(bound.getAddress().getHostAddress(), bound.getPort(), 100, java.util.List.<Inet.SocketOption>of(), true,
                Optional.of(TCP_IDLE))
            .to(Sink.foreach(connection -> connection.handleWith(perConnection, mat)))
            .run(mat)
            .thenApply(binding -> {
              log.info("cluster DNS listening on {} (UDP and TCP)", bound);
              return new DnsServer(udp, binding, bound);
            }))
        .whenComplete((server, e) -> {
          if (e != null) udp.tell(new UdpListener.Stop(), ActorRef.noSender());
        });
  }

  private static ByteString framed(byte[] answer) {
    return new ByteStringBuilder()
        .putShort(answer.length, ByteOrder.BIG_ENDIAN)
        .putBytes(answer)
        .result();
  }

  public InetSocketAddress address() {
    return address;
  }

  @Override
  public void close() {
    udp.tell(new UdpListener.Stop(), ActorRef.noSender());
    try {
      tcp.unbind().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("cluster DNS TCP unbind: {}", e.toString());
    }
  }

  /** The UDP socket's handler: one Pekko IO socket actor, answers sent back through it. */
  static final class UdpListener extends AbstractActor {
    record Stop() {}

    private final InetSocketAddress requested;
    private final DnsResponder responder;
    private final CompletableFuture<InetSocketAddress> bound;

    UdpListener(InetSocketAddress requested, DnsResponder responder, CompletableFuture<InetSocketAddress> bound) {
      this.requested = requested;
      this.responder = responder;
      this.bound = bound;
    }

    @Override
    public void preStart() {
      Udp.get(getContext().getSystem()).getManager().tell(UdpMessage.bind(getSelf(), requested), getSelf());
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(Udp.Bound.class, b -> {
            getContext().become(ready(getSender()));
            bound.complete(b.localAddress());
          })
          .match(Udp.CommandFailed.class, f -> {
            bound.completeExceptionally(new java.io.IOException("cannot bind UDP " + requested + " for the cluster DNS"));
            getContext().stop(getSelf());
          })
          .match(Stop.class, s -> getContext().stop(getSelf()))
          .build();
    }

    private Receive ready(ActorRef socket) {
      ActorRef self = getSelf();
      return receiveBuilder()
          .match(Udp.Received.class, r -> {
            InetSocketAddress client = r.sender();
            responder.respond(r.data().toArray(), DnsResponder.Transport.UDP).whenComplete((answer, e) -> {
              if (answer != null) socket.tell(UdpMessage.send(ByteString.fromArrayUnsafe(answer), client), self);
            });
          })
          .match(Stop.class, s -> socket.tell(UdpMessage.unbind(), self))
          .match(Udp.Unbound.class, u -> getContext().stop(self))
          .build();
    }
  }
}
