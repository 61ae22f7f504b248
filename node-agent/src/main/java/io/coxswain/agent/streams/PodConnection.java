package io.coxswain.agent.streams;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * One connection of kubectl port-forward, from the agent to a port on the pod's address: Pekko
 * Streams TCP, so no thread waits on it. The client's end of input half-closes the connection (the
 * pod still answers), its failure aborts it; the pod closing its side ends the output.
 */
final class PodConnection {
  private PodConnection() {}

  /**
   * Connects and answers with the pod's bytes once connected; fails with the reason the connection
   * could not be made (for example, nothing listens on the port).
   */
  static CompletionStage<SourceRef<byte[]>> open(ClassicActorSystemProvider system, Materializer materializer,
      InetSocketAddress address, SourceRef<byte[]> input, Duration connectTimeout) {
    Pair<CompletionStage<Tcp.OutgoingConnection>, SourceRef<byte[]>> run = input.getSource()
        .map(ByteString::fromArrayUnsafe)
        .viaMat(Tcp.get(system).outgoingConnection(address, Optional.empty(), List.of(), true,
            Optional.of(connectTimeout), Optional.empty()), Keep.right())
        .map(ByteString::toArray)
        .toMat(StreamRefs.sourceRef(), Keep.both())
        .run(materializer);
    return run.first().handle((connection, e) -> {
      if (e != null) throw new CompletionException(new ConnectException(why(e, address)));
      return run.second();
    });
  }

  /** The innermost cause, as the socket layer put it ("Connection refused"), with the address. */
  private static String why(Throwable e, InetSocketAddress address) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) c = c.getCause();
    String message = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    return "dial tcp " + address.getAddress().getHostAddress() + ":" + address.getPort() + ": " + message;
  }
}
