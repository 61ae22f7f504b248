package io.coxswain.http.streams.portforward;

import io.coxswain.http.streams.portforward.ForwardedStream.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.MergeHub;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one portforward.k8s.io session, as kubelet serves it: the client opens an error
 * stream and a data stream per local connection (see {@link ForwardedStream}); once both are there,
 * the data stream is joined to a new connection to the pod's port. The pod's bytes go back on the
 * data stream, which ends when the pod closes its side; a connection that cannot be made, or breaks,
 * has its reason written to the error stream, which the client prints while it keeps forwarding
 * other connections.
 *
 * <p>Client frames are handled one at a time, in order; a connection's input is a bounded queue,
 * so a pod that reads slowly slows the session down rather than filling memory. Frames to the client
 * come from every connection at once through a {@link MergeHub}; each connection's frames keep their
 * order, and the data stream's SYN_REPLY leads them, since spdystream drops data on a stream that
 * has not been answered yet.
 *
 * <p>One instance serves one session: {@link #flow()} is materialized once.
 */
public final class PortForwardSession {
  private static final Logger log = LoggerFactory.getLogger(PortForwardSession.class);
  /** Client data frames a connection buffers before the session waits for the pod to read. */
  private static final int INPUT_BUFFER = 16;

  /** How the session reaches the pod. */
  @FunctionalInterface
  public interface PodConnector {
    /**
     * A connection to the pod's {@code port}: {@code input} is what the client sends (its end
     * half-closes the connection, its failure aborts it); the answer is what the pod sends, or a
     * failure whose message the client is shown.
     */
    CompletionStage<Source<ByteString, NotUsed>> connect(int port, Source<ByteString, NotUsed> input);
  }

  /** A forwarded connection: the client's bytes queue into {@code input}, ended by {@code inputSwitch}. */
  private record Connection(
      SourceQueueWithComplete<ByteString> input, UniqueKillSwitch inputSwitch, UniqueKillSwitch output) {}

  private final PodConnector connector;
  private final Materializer materializer;
  private final String target;
  /** Streams waiting for their partner, by request id. */
  private final Map<String, ForwardedStream> unpaired = new HashMap<>();
  /** Live connections by their data stream's id. */
  private final Map<Integer, Connection> connections = new HashMap<>();
  private final Sink<SpdyFrame, NotUsed> toClient;
  private final Source<SpdyFrame, NotUsed> outgoing;
  private final SourceQueueWithComplete<SpdyFrame> control;

  /** @param target what the session forwards to, for logs ("default/web") */
  public PortForwardSession(PodConnector connector, Materializer materializer, String target) {
    this.connector = connector;
    this.materializer = materializer;
    this.target = target;
    Pair<Sink<SpdyFrame, NotUsed>, Source<SpdyFrame, NotUsed>> hub =
        MergeHub.of(SpdyFrame.class, 16).preMaterialize(materializer);
    this.toClient = hub.first();
    this.outgoing = hub.second();
    this.control = Source.<SpdyFrame>queue(64, OverflowStrategy.backpressure()).to(toClient).run(materializer);
  }

  /** Client frames in, server frames out; the session ends with either side. */
  public Flow<SpdyFrame, SpdyFrame, NotUsed> flow() {
    Sink<SpdyFrame, NotUsed> in = Flow.<SpdyFrame>create()
        .mapAsync(1, this::handle)
        .to(Sink.onComplete(done -> closeAll()));
    return Flow.fromSinkAndSourceCoupled(in, outgoing);
  }

  private CompletionStage<Done> handle(SpdyFrame frame) {
    if (frame instanceof SpdyFrame.SynStream syn) return opened(syn);
    if (frame instanceof SpdyFrame.Data data) return received(data);
    if (frame instanceof SpdyFrame.RstStream rst) {
      Connection c = connections.remove(rst.streamId());
      if (c != null) abort(c);
      return done();
    }
    // Go's spdystream pings with odd ids and expects them echoed.
    if (frame instanceof SpdyFrame.Ping ping && (ping.id() & 1) == 1) return send(ping);
    return done();
  }

  private CompletionStage<Done> opened(SpdyFrame.SynStream syn) {
    ForwardedStream stream;
    try {
      stream = ForwardedStream.of(syn);
    } catch (IllegalArgumentException e) {
      log.debug("port-forward to {}: refusing stream {}: {}", target, syn.streamId(), e.getMessage());
      return send(new SpdyFrame.RstStream(syn.streamId(), SpdyFrame.RstStream.REFUSED_STREAM));
    }
    ForwardedStream partner = unpaired.remove(stream.requestId());
    if (partner == null) {
      unpaired.put(stream.requestId(), stream);
      // The client waits for the error stream's reply before it opens the data stream; the data
      // stream's reply waits for its connection, which sends it first.
      return stream.kind() == Kind.ERROR ? send(reply(stream)) : done();
    }
    if (partner.kind() == stream.kind()) {
      unpaired.put(partner.requestId(), partner);
      log.debug("port-forward to {}: second {} stream for request {}", target, stream.kind(), stream.requestId());
      return send(new SpdyFrame.RstStream(syn.streamId(), SpdyFrame.RstStream.PROTOCOL_ERROR));
    }
    ForwardedStream error = stream.kind() == Kind.ERROR ? stream : partner;
    ForwardedStream data = stream.kind() == Kind.DATA ? stream : partner;
    CompletionStage<Done> replied = stream.kind() == Kind.ERROR ? send(reply(error)) : done();
    return replied.thenApply(d -> {
      start(error, data);
      return Done.getInstance();
    });
  }

  private void start(ForwardedStream error, ForwardedStream data) {
    // The input is materialized now, so the client's data can be queued before the pod answers;
    // its switch ends it when the connection cannot be made (nobody will read it) or is reset.
    Pair<Pair<SourceQueueWithComplete<ByteString>, UniqueKillSwitch>, Source<ByteString, NotUsed>> input =
        Source.<ByteString>queue(INPUT_BUFFER, OverflowStrategy.backpressure())
            .viaMat(KillSwitches.single(), Keep.both())
            .preMaterialize(materializer);
    UniqueKillSwitch inputSwitch = input.first().second();
    int port = data.port();
    CompletionStage<Source<ByteString, NotUsed>> connected = connect(port, input.second());
    connected.whenComplete((ok, e) -> {
      if (e != null) inputSwitch.shutdown();
    });
    Source<SpdyFrame, NotUsed> fromPod = Source.completionStageSource(connected)
        .<SpdyFrame>map(bytes -> new SpdyFrame.Data(data.streamId(), bytes, false))
        .concat(Source.from(List.of(SpdyFrame.Data.fin(data.streamId()), SpdyFrame.Data.fin(error.streamId()))))
        .recoverWithRetries(1, new PFBuilder<Throwable, Source<SpdyFrame, NotUsed>>()
            .matchAny(e -> {
              String reason = reason(e);
              log.debug("port-forward to {} port {} failed: {}", target, port, reason);
              return Source.from(List.of(
                  new SpdyFrame.Data(error.streamId(), ByteString.fromString(reason), true),
                  SpdyFrame.Data.fin(data.streamId())));
            })
            .build())
        .mapMaterializedValue(m -> NotUsed.getInstance());
    UniqueKillSwitch output = Source.<SpdyFrame>single(reply(data))
        .concat(fromPod)
        .viaMat(KillSwitches.single(), Keep.right())
        .to(toClient)
        .run(materializer);
    connections.put(data.streamId(), new Connection(input.first().first(), inputSwitch, output));
  }

  private CompletionStage<Source<ByteString, NotUsed>> connect(int port, Source<ByteString, NotUsed> input) {
    try {
      return connector.connect(port, input);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletionStage<Done> received(SpdyFrame.Data data) {
    Connection c = connections.get(data.streamId());
    if (c == null) return done(); // the error stream's (nothing is read from it), or a closed one
    CompletionStage<Done> offered = data.data().isEmpty() ? done()
        : c.input().offer(data.data()).handle((result, e) -> Done.getInstance());
    if (!data.last()) return offered;
    return offered.thenApply(d -> {
      c.input().complete(); // the client half-closed: so does the connection to the pod
      return d;
    });
  }

  /** The client reset the data stream (it went away): the pod's connection is dropped. */
  private void abort(Connection c) {
    c.output().shutdown();
    c.inputSwitch().abort(new IllegalStateException("the port-forward client reset the stream"));
  }

  private void closeAll() {
    connections.values().forEach(this::abort);
    connections.clear();
    control.complete();
  }

  private CompletionStage<Done> send(SpdyFrame frame) {
    return control.offer(frame).handle((result, e) -> Done.getInstance());
  }

  private static SpdyFrame.SynReply reply(ForwardedStream stream) {
    return new SpdyFrame.SynReply(stream.streamId(), stream.replyHeaders(), false);
  }

  private static CompletionStage<Done> done() {
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  private static String reason(Throwable e) {
    Throwable c = e;
    while (c instanceof CompletionException && c.getCause() != null) c = c.getCause();
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }
}
