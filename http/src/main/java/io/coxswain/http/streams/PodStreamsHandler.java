package io.coxswain.http.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.actors.node.NodeAgentProtocol;
import io.coxswain.actors.node.NodeAgentProtocol.Exec;
import io.coxswain.actors.node.NodeAgentProtocol.ExecFrame;
import io.coxswain.actors.node.NodeAgentProtocol.ExecStream;
import io.coxswain.actors.node.NodeAgentProtocol.LogStream;
import io.coxswain.actors.node.NodeAgentProtocol.PortForward;
import io.coxswain.actors.node.NodeAgentProtocol.PortForwardStream;
import io.coxswain.actors.node.NodeAgentProtocol.StreamLogs;
import io.coxswain.actors.store.ResourceEntity;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.core.Json;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import io.coxswain.core.kinds.NodeStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.http.ApiPath;
import io.coxswain.http.RequestContext;
import io.coxswain.http.streams.portforward.PortForwardSession;
import io.coxswain.http.streams.portforward.SpdyCodec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.apache.pekko.util.ByteString;
import org.reactivestreams.Subscriber;

/**
 * {@code pods/{name}/log}, {@code pods/{name}/exec} and {@code pods/{name}/portforward}: the request is checked against the pod
 * (read from its entity, so a status just written counts), then handed to the
 * node agent of the pod's node, found through the Node's endpoint annotation. The agent answers
 * with stream references; nothing is read from this member's disk.
 *
 * <p>Exec is a WebSocket upgrade speaking one of the {@link ChannelProtocol}s. What can be refused
 * from the pod alone is refused before the upgrade, as a Status; kubectl retries a refused upgrade
 * over SPDY, which is refused the same way, so the user sees the reason. What goes wrong later (the
 * agent cannot run the command, or is unreachable) arrives as the Status frame.
 *
 * <p>Port-forward is the WebSocket subprotocol {@value #PORT_FORWARD_TUNNEL} that kubectl 1.30+
 * tries first: SPDY/3.1 frames of the portforward.k8s.io protocol carried in binary messages (see
 * {@link PortForwardSession}). Each forwarded connection is one request to the pod's agent.
 */
public final class PodStreamsHandler {
  private static final int MESSAGE_BYTES_LIMIT = 16 * 1024 * 1024;
  /** The WebSocket subprotocol of port-forward: SPDY tunnelled over WebSocket. */
  public static final String PORT_FORWARD_TUNNEL = "SPDY/3.1+portforward.k8s.io";

  private final ResourceStore store;
  private final ActorSystem<?> system;
  private final Materializer materializer;
  private final Duration askTimeout;

  public PodStreamsHandler(ActorSystem<?> system, ResourceStore store, Duration askTimeout) {
    this.system = system;
    this.store = store;
    this.askTimeout = askTimeout;
    this.materializer = Materializer.matFromSystem(system);
  }

  // Logs

  public CompletionStage<HttpResponse> logs(ApiPath path, RequestContext ctx) {
    PodLogOptions o = PodLogOptions.from(ctx, path.name());
    return pod(path).thenCompose(pod -> {
      PodStreamTarget t = PodStreamTarget.forLogs(pod, o.container(), o.previous());
      return endpoint(t.nodeName())
          .thenCompose(agent -> ask(agent, t.nodeName(), (ActorRef<StatusReply<LogStream>> r) -> new StreamLogs(
              path.namespace(), path.name(), t.container(), t.containerId(), o.follow(), o.previous(),
              o.timestamps(), o.tailLines(), o.sinceSeconds(), o.sinceTime(), o.limitBytes(), r)))
          .thenApply(stream -> HttpResponse.create().withStatus(200).withEntity(HttpEntities.createChunked(
              ContentTypes.TEXT_PLAIN_UTF8, stream.data().getSource().map(ByteString::fromArrayUnsafe))));
    });
  }

  // Exec

  public CompletionStage<HttpResponse> exec(HttpRequest request, ApiPath path, RequestContext ctx) {
    List<String> command = allValues(request, "command");
    boolean stdin = ctx.flag("stdin");
    boolean stdout = ctx.flag("stdout");
    boolean tty = ctx.flag("tty");
    boolean stderr = ctx.flag("stderr") && !tty; // a terminal merges stderr into stdout
    if (command.isEmpty()) throw StatusException.badRequest("you must specify at least 1 command");
    if (!stdin && !stdout && !ctx.flag("stderr")) {
      throw StatusException.badRequest("you must specify at least 1 of stdin, stdout, stderr");
    }
    Optional<WebSocketUpgrade> upgrade = request.getAttribute(AttributeKeys.webSocketUpgrade);
    return pod(path).thenCompose(pod -> {
      PodStreamTarget t = PodStreamTarget.forExec(pod, ctx.param("container", ""));
      return endpoint(t.nodeName()).thenApply(agent -> {
        if (upgrade.isEmpty()) throw notUpgradable(request);
        List<String> offered = new ArrayList<>();
        upgrade.get().getRequestedProtocols().forEach(offered::add);
        ChannelProtocol protocol = ChannelProtocol.negotiate(offered).orElseThrow(() -> StatusException.badRequest(
            "none of the offered WebSocket subprotocols " + offered + " is served; this server speaks "
                + ChannelProtocol.served()));
        BiFunction<SourceRef<ExecFrame>, ActorRef<StatusReply<ExecStream>>, Exec> exec = (input, replyTo) -> new Exec(
            path.namespace(), path.name(), t.container(), t.containerId(), command, stdin, stdout, stderr, tty,
            input, replyTo);
        Flow<Message, Message, NotUsed> flow = session(agent, t.nodeName(), exec, protocol);
        return offered.isEmpty()
            ? upgrade.get().handleMessagesWith(flow)
            : upgrade.get().handleMessagesWith(flow, protocol.subprotocol());
      });
    });
  }

  // Port-forward

  public CompletionStage<HttpResponse> portForward(HttpRequest request, ApiPath path) {
    Optional<WebSocketUpgrade> upgrade = request.getAttribute(AttributeKeys.webSocketUpgrade);
    return pod(path).thenCompose(pod -> {
      String phase = pod.path("status").path("phase").asText("");
      if (!phase.equals("Running")) {
        throw StatusException.badRequest("unable to forward port because pod is not running. Current status="
            + (phase.isEmpty() ? "Pending" : phase));
      }
      String node = pod.path("spec").path("nodeName").asText("");
      return endpoint(node).thenApply(agent -> {
        if (upgrade.isEmpty()) throw portForwardNotUpgradable(request);
        List<String> offered = offeredProtocols(request);
        if (offered.stream().noneMatch(p -> p.equals(PORT_FORWARD_TUNNEL))) {
          throw StatusException.badRequest("none of the offered WebSocket subprotocols " + offered
              + " is served for port-forward; this server speaks " + PORT_FORWARD_TUNNEL);
        }
        String target = path.namespace() + "/" + path.name();
        PortForwardSession session = new PortForwardSession((port, input) -> {
          SourceRef<byte[]> in = input.map(ByteString::toArray).runWith(StreamRefs.sourceRef(), materializer);
          return ask(agent, node, (ActorRef<StatusReply<PortForwardStream>> r) ->
                  new PortForward(path.namespace(), path.name(), port, in, r))
              .thenApply(s -> s.output().getSource().map(ByteString::fromArrayUnsafe)
                  .mapMaterializedValue(m -> NotUsed.getInstance()));
        }, materializer, target);
        Flow<Message, Message, NotUsed> flow = Flow.<Message>create()
            .flatMapConcat(PodStreamsHandler::spdyBytes)
            .via(SpdyCodec.decoder())
            .via(session.flow())
            .via(SpdyCodec.encoder())
            .map(bytes -> (Message) BinaryMessage.create(bytes));
        // Pekko does not take the subprotocol for one the client offered (see offeredProtocols), so
        // the answer names it itself.
        return upgrade.get().handleMessagesWith(flow)
            .addHeader(RawHeader.create("Sec-WebSocket-Protocol", PORT_FORWARD_TUNNEL));
      });
    });
  }

  /**
   * The subprotocols of the handshake as the client wrote them. {@value #PORT_FORWARD_TUNNEL} is no
   * HTTP token ('/' is a separator), so Pekko keeps the header unparsed and reports no subprotocol.
   */
  private static List<String> offeredProtocols(HttpRequest request) {
    List<String> out = new ArrayList<>();
    for (var h : request.getHeaders()) {
      if (!h.lowercaseName().equals("sec-websocket-protocol")) continue;
      for (String p : h.value().split(",")) {
        if (!p.isBlank()) out.add(p.trim());
      }
    }
    return out;
  }

  /** A message's payload: the tunnelled SPDY byte stream, split wherever the client's writes were. */
  private static Source<ByteString, NotUsed> spdyBytes(Message m) {
    if (m.isText()) return Source.failed(new IllegalArgumentException("port-forward carries SPDY in binary messages only"));
    return m.asBinaryMessage().getStreamedData().mapMaterializedValue(x -> NotUsed.getInstance());
  }

  private static StatusException portForwardNotUpgradable(HttpRequest request) {
    boolean spdy = request.getHeader("Upgrade").map(h -> h.value().toUpperCase().startsWith("SPDY")).orElse(false);
    return StatusException.badRequest(spdy
        ? "this server serves port-forward over WebSocket only (" + PORT_FORWARD_TUNNEL
            + "), not over a SPDY/3.1 upgrade: use kubectl 1.31 or newer (KUBECTL_PORT_FORWARD_WEBSOCKETS not false)"
        : "port-forward needs a WebSocket upgrade (Upgrade: websocket, Sec-WebSocket-Protocol: "
            + PORT_FORWARD_TUNNEL + ")");
  }

  /**
   * The WebSocket's two directions: client frames go to the agent through a stream reference made
   * before asking it; the agent's frames come back through the one it answers with.
   */
  private Flow<Message, Message, NotUsed> session(ActorRef<NodeAgentProtocol.Command> agent, String node,
      BiFunction<SourceRef<ExecFrame>, ActorRef<StatusReply<ExecStream>>, Exec> exec, ChannelProtocol protocol) {
    Pair<Subscriber<ExecFrame>, SourceRef<ExecFrame>> input =
        Source.<ExecFrame>asSubscriber().toMat(StreamRefs.sourceRef(), Keep.both()).run(materializer);
    CompletionStage<ExecStream> reply =
        ask(agent, node, (ActorRef<StatusReply<ExecStream>> r) -> exec.apply(input.second(), r));
    Source<Message, NotUsed> out = Source.completionStageSource(reply.thenApply(s -> s.frames().getSource()))
        .mapMaterializedValue(m -> NotUsed.getInstance())
        .recover(new PFBuilder<Throwable, ExecFrame>()
            .matchAny(e -> new ExecFrame(NodeAgentProtocol.STATUS, failure(e)))
            .build())
        .map(protocol::encode)
        .filter(Optional::isPresent)
        .map(Optional::get);
    Sink<Message, NotUsed> in = Flow.<Message>create()
        .mapAsync(1, this::strict)
        .map(m -> protocol.decode(m.first(), m.second()))
        .filter(Optional::isPresent)
        .map(Optional::get)
        .to(Sink.fromSubscriber(input.first()));
    // Coupled: the client closing cancels the agent's output (which kills the command), and the
    // output ending after the Status frame closes the WebSocket.
    return Flow.fromSinkAndSourceCoupled(in, out);
  }

  /** A message's whole payload, and whether it was text. */
  private CompletionStage<Pair<ByteString, Boolean>> strict(Message m) {
    if (m.isText()) {
      var text = m.asTextMessage();
      CompletionStage<String> s = text.isStrict() ? CompletableFuture.completedFuture(text.getStrictText())
          : text.getStreamedText().limitWeighted(MESSAGE_BYTES_LIMIT, t -> (long) t.length())
              .runFold("", String::concat, materializer);
      return s.thenApply(t -> Pair.create(ByteString.fromString(t), true));
    }
    var binary = m.asBinaryMessage();
    CompletionStage<ByteString> b = binary.isStrict() ? CompletableFuture.completedFuture(binary.getStrictData())
        : binary.getStreamedData().limitWeighted(MESSAGE_BYTES_LIMIT, d -> (long) d.size())
            .runFold(ByteString.emptyByteString(), ByteString::concat, materializer);
    return b.thenApply(d -> Pair.create(d, false));
  }

  /** The Status frame for an exec the agent refused or could not be asked about. */
  private static byte[] failure(Throwable e) {
    Throwable c = unwrap(e);
    StatusException status = c instanceof StatusException se ? se
        : StatusException.of(500, "InternalError", "error executing command in container: " + c.getMessage());
    try {
      return Json.MAPPER.writeValueAsBytes(status.toStatus());
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static StatusException notUpgradable(HttpRequest request) {
    boolean spdy = request.getHeader("Upgrade").map(h -> h.value().toUpperCase().startsWith("SPDY")).orElse(false);
    return StatusException.badRequest(spdy
        ? "this server serves exec over WebSocket only (" + ChannelProtocol.served()
            + "), not SPDY/3.1: use kubectl 1.30 or newer, or a client that speaks WebSocket"
        : "exec needs a WebSocket upgrade (Upgrade: websocket, Sec-WebSocket-Protocol: v5.channel.k8s.io)");
  }

  // Lookups

  /**
   * The pod from its entity, as kube-apiserver reads it from storage: a status written a moment ago
   * (a container just started) may not have reached this member's cache yet.
   */
  private CompletionStage<JsonNode> pod(ApiPath path) {
    if (path.namespace() == null) throw StatusException.notFound(PodStrategy.TYPE, path.name());
    return object(PodStrategy.TYPE, path.namespace(), path.name());
  }

  private CompletionStage<JsonNode> object(ResourceType type, String namespace, String name) {
    return store.ask(type, namespace, name, ResourceEntity.Get::new).thenApply(ResourceEntity.Result::object);
  }

  /** The node agent endpoint of a node, from the Node's annotation. */
  private CompletionStage<ActorRef<NodeAgentProtocol.Command>> endpoint(String nodeName) {
    return object(NodeStrategy.TYPE, null, nodeName).handle((node, e) -> {
      if (e != null) {
        Throwable c = unwrap(e);
        if (c instanceof StatusException se && se.code() == 404) {
          throw StatusException.serviceUnavailable("node " + nodeName + " of this pod is not registered: its node agent has"
              + " not joined the cluster");
        }
        throw new CompletionException(c);
      }
      String ref = node.path("metadata").path("annotations").path(NodeAgentProtocol.ENDPOINT_ANNOTATION).asText("");
      if (ref.isEmpty()) {
        throw StatusException.serviceUnavailable("node " + nodeName + " has no agent endpoint (annotation "
            + NodeAgentProtocol.ENDPOINT_ANNOTATION + "): is its node agent running?");
      }
      try {
        return ActorRefResolver.get(system).<NodeAgentProtocol.Command>resolveActorRef(ref);
      } catch (RuntimeException ex) {
        throw StatusException.serviceUnavailable("node " + nodeName + " has an unusable agent endpoint \"" + ref
            + "\": " + ex.getMessage());
      }
    });
  }

  /** Asks the agent; its refusals are bad requests with its message, silence is unavailability. */
  private <T> CompletionStage<T> ask(ActorRef<NodeAgentProtocol.Command> agent, String node,
      Function<ActorRef<StatusReply<T>>, NodeAgentProtocol.Command> message) {
    return AskPattern.<NodeAgentProtocol.Command, T>askWithStatus(agent, message::apply, askTimeout, system.scheduler())
        .handle((r, e) -> {
          if (e == null) return r;
          Throwable c = unwrap(e);
          if (c instanceof StatusReply.ErrorMessage refusal) throw StatusException.badRequest(refusal.getMessage());
          if (c instanceof TimeoutException) {
            throw StatusException.serviceUnavailable("the node agent of node " + node + " did not answer within "
                + askTimeout.toSeconds() + "s: it may be down or unreachable");
          }
          throw new CompletionException(c);
        });
  }

  private static Throwable unwrap(Throwable e) {
    Throwable c = e;
    while (c instanceof CompletionException && c.getCause() != null) c = c.getCause();
    return c;
  }

  /** Every value of a repeated query parameter ({@code command=sh&command=-c&command=...}), in order. */
  static List<String> allValues(HttpRequest request, String name) {
    List<String> out = new ArrayList<>();
    request.getUri().rawQueryString().ifPresent(raw -> {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = decode(eq < 0 ? pair : pair.substring(0, eq));
        if (k.equals(name)) out.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    });
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw StatusException.badRequest("malformed query string: " + e.getMessage());
    }
  }
}
