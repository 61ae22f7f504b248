package io.coxswain.http.streams.portforward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A session driven frame by frame as kubectl drives it, forwarding over real TCP to a local echo
 * server (the pod stands in as a plain socket; the agent's hop is left out).
 */
class PortForwardSessionTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private static final Materializer mat = Materializer.matFromSystem(kit.system());

  private EchoServer echo;
  private SourceQueueWithComplete<SpdyFrame> client;
  private SinkQueueWithCancel<SpdyFrame> server;

  @BeforeEach
  void start() throws IOException {
    echo = new EchoServer();
    PortForwardSession session = new PortForwardSession(PortForwardSessionTest::connect, mat, "test/pod");
    Pair<SourceQueueWithComplete<SpdyFrame>, SinkQueueWithCancel<SpdyFrame>> ends =
        Source.<SpdyFrame>queue(64, OverflowStrategy.backpressure())
            .via(session.flow())
            .toMat(Sink.queue(), Keep.both())
            .run(mat);
    client = ends.first();
    server = ends.second();
  }

  @AfterEach
  void stop() throws IOException {
    client.complete();
    server.cancel();
    echo.close();
  }

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @Test
  void forwardsTheDataStreamToThePortAndEndsBothStreamsWhenThePodCloses() throws Exception {
    openPair(1, 3, echo.port(), "0");
    send(new SpdyFrame.Data(3, ByteString.fromString("hello"), false));
    assertEquals(new SpdyFrame.Data(3, ByteString.fromString("hello"), false), next());
    send(SpdyFrame.Data.fin(3)); // the client half-closes; the echo server then closes
    assertEquals(SpdyFrame.Data.fin(3), next());
    assertEquals(SpdyFrame.Data.fin(1), next(), "an empty error stream: no error");
  }

  @Test
  void aRefusedConnectionIsReportedOnItsErrorStreamAndTheSessionGoesOn() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    openPair(1, 3, closed, "0");
    SpdyFrame error = next();
    assertTrue(error instanceof SpdyFrame.Data d && d.streamId() == 1 && d.last()
        && d.data().utf8String().contains("Connection refused"), error.toString());
    assertEquals(SpdyFrame.Data.fin(3), next());
    send(new SpdyFrame.RstStream(3, SpdyFrame.RstStream.CANCEL));

    openPair(5, 7, echo.port(), "1");
    send(new SpdyFrame.Data(7, ByteString.fromString("still here"), false));
    assertEquals(new SpdyFrame.Data(7, ByteString.fromString("still here"), false), next());
  }

  @Test
  void aResetDataStreamClosesThePodConnection() throws Exception {
    openPair(1, 3, echo.port(), "0");
    send(new SpdyFrame.Data(3, ByteString.fromString("x"), false));
    next();
    send(new SpdyFrame.RstStream(3, SpdyFrame.RstStream.CANCEL));
    assertTrue(echo.closed.await(10, TimeUnit.SECONDS), "the echo server saw its connection end");
  }

  @Test
  void pingsAreEchoedAndStreamsWithBadHeadersRefused() throws Exception {
    send(new SpdyFrame.Ping(1));
    assertEquals(new SpdyFrame.Ping(1), next());
    send(new SpdyFrame.SynStream(1, Map.of("streamtype", "error"), false));
    assertEquals(new SpdyFrame.RstStream(1, SpdyFrame.RstStream.REFUSED_STREAM), next(), "no port header");
    send(new SpdyFrame.SynStream(3, Map.of("streamtype", "video", "port", "80"), false));
    assertEquals(new SpdyFrame.RstStream(3, SpdyFrame.RstStream.REFUSED_STREAM), next(), "unknown stream type");
    send(new SpdyFrame.SynStream(5, Map.of("streamtype", "data", "port", "99999"), false));
    assertEquals(new SpdyFrame.RstStream(5, SpdyFrame.RstStream.REFUSED_STREAM), next(), "port out of range");
  }

  /** The error stream is answered at once; the data stream's answer leads its connection's frames. */
  private void openPair(int errorId, int dataId, int port, String requestId) throws Exception {
    send(new SpdyFrame.SynStream(errorId, Map.of("streamtype", "error", "port", "" + port, "requestid", requestId), false));
    assertEquals(new SpdyFrame.SynReply(errorId, Map.of("streamtype", "error", "port", "" + port, "requestid", requestId), false),
        next());
    send(new SpdyFrame.SynStream(dataId, Map.of("streamtype", "data", "port", "" + port, "requestid", requestId), false));
    assertEquals(new SpdyFrame.SynReply(dataId, Map.of("streamtype", "data", "port", "" + port, "requestid", requestId), false),
        next());
  }

  private void send(SpdyFrame frame) throws Exception {
    client.offer(frame).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private SpdyFrame next() throws Exception {
    Optional<SpdyFrame> f = server.pull().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return f.orElseThrow(() -> new AssertionError("the session ended"));
  }

  /** Connects as the agent does, without the cluster hop: fails when the port refuses. */
  private static java.util.concurrent.CompletionStage<Source<ByteString, NotUsed>> connect(
      int port, Source<ByteString, NotUsed> input) {
    Pair<java.util.concurrent.CompletionStage<Tcp.OutgoingConnection>, Source<ByteString, NotUsed>> run = input
        .viaMat(Tcp.get(kit.system()).outgoingConnection(new InetSocketAddress("127.0.0.1", port), Optional.empty(),
            List.of(), true, Optional.empty(), Optional.empty()), Keep.right())
        .preMaterialize(mat);
    return run.first().thenApply(c -> run.second());
  }

  /** Echoes each connection's bytes; closes its side when the client closes its own. */
  private static final class EchoServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
    final CountDownLatch closed = new CountDownLatch(1);

    EchoServer() throws IOException {
      Thread accept = new Thread(() -> {
        while (!socket.isClosed()) {
          try {
            Socket c = socket.accept();
            accepted.add(c);
            Thread t = new Thread(() -> serve(c), "echo-connection");
            t.setDaemon(true);
            t.start();
          } catch (IOException e) {
            return;
          }
        }
      }, "echo-accept");
      accept.setDaemon(true);
      accept.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve(Socket c) {
      try (c; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
        byte[] b = new byte[8192];
        for (int n; (n = in.read(b)) >= 0; ) {
          out.write(b, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // a reset ends the connection as well
      } finally {
        closed.countDown();
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket c : accepted) c.close();
    }
  }
}
