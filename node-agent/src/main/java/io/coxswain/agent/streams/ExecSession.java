package io.coxswain.agent.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.actors.node.NodeAgentProtocol;
import io.coxswain.actors.node.NodeAgentProtocol.ExecFrame;
import io.coxswain.agent.runtime.ExecProcess;
import io.coxswain.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running kubectl exec on the agent side: the command's stdout and stderr become frames on
 * channels 1 and 2, its exit the Status frame on channel 3; input frames feed stdin (0), close it
 * (255) and resize the terminal (4). Pipe reads and writes block, so they run on {@code io}, an
 * executor that may grow a thread per open pipe, never on actor or stream threads.
 *
 * <p>The command is killed when the client goes away: the input ends or the output is cancelled
 * before the command has exited.
 */
public final class ExecSession {
  private static final Logger log = LoggerFactory.getLogger(ExecSession.class);
  private static final int READ_BYTES = 32 * 1024;

  private final ExecProcess process;
  private final CompletableFuture<Integer> exitCode;
  private final List<String> command;
  private final Executor io;
  private final AtomicBoolean stdinClosed = new AtomicBoolean();

  private ExecSession(ExecProcess process, List<String> command, Executor io) {
    this.process = process;
    this.exitCode = process.exitCode().toCompletableFuture();
    this.command = command;
    this.io = io;
  }

  /**
   * Starts feeding {@code input} to the command and returns its output frames, ending with the
   * Status frame.
   */
  public static Source<ExecFrame, NotUsed> start(ExecProcess process, NodeAgentProtocol.Exec request,
      Source<ExecFrame, ?> input, Executor io, Materializer materializer) {
    ExecSession session = new ExecSession(process, request.command(), io);
    if (!request.stdin()) session.closeStdin();
    session.feed(input, request.stdin(), materializer);
    return session.output(request.stdout(), request.stderr());
  }

  private Source<ExecFrame, NotUsed> output(boolean stdout, boolean stderr) {
    // Unwanted output is still read, so the command never blocks on a full pipe.
    Source<ExecFrame, NotUsed> out = pipe(process.stdout(), NodeAgentProtocol.STDOUT).filter(f -> stdout);
    Source<ExecFrame, NotUsed> err = process.stderr() == null
        ? Source.empty()
        : pipe(process.stderr(), NodeAgentProtocol.STDERR).filter(f -> stderr);
    Source<ExecFrame, NotUsed> status = Source.completionStage(exitCode
        .handle((code, e) -> new ExecFrame(NodeAgentProtocol.STATUS, e == null
            ? ExecStatus.exited(command, code)
            : ExecStatus.failed("the command's exit status is unknown: " + e.getMessage()))));
    return out.merge(err).concat(status)
        .watchTermination((mat, done) -> {
          done.whenComplete((d, e) -> killIfRunning("the output stream ended"));
          return mat;
        });
  }

  /** Reads a pipe to its end; a pipe closed under it (the command was killed) ends it too. */
  private Source<ExecFrame, NotUsed> pipe(InputStream in, int channel) {
    return Source.unfoldResourceAsync(
        () -> CompletableFuture.completedFuture(in),
        s -> CompletableFuture.supplyAsync(() -> {
          byte[] buf = new byte[READ_BYTES];
          try {
            int n = s.read(buf);
            return n < 0 ? Optional.<ExecFrame>empty() : Optional.of(new ExecFrame(channel, Arrays.copyOf(buf, n)));
          } catch (IOException e) {
            return Optional.<ExecFrame>empty();
          }
        }, io),
        s -> CompletableFuture.supplyAsync(() -> {
          closeQuietly(s);
          return Done.getInstance();
        }, io));
  }

  private void feed(Source<ExecFrame, ?> input, boolean stdin, Materializer materializer) {
    input
        .mapAsync(1, frame -> CompletableFuture.runAsync(() -> apply(frame, stdin), io))
        .runWith(Sink.ignore(), materializer)
        .whenComplete((d, e) -> {
          closeStdin();
          killIfRunning("the client went away");
        });
  }

  private void apply(ExecFrame frame, boolean stdin) {
    switch (frame.channel()) {
      case NodeAgentProtocol.STDIN -> {
        if (!stdin || stdinClosed.get() || frame.data().length == 0) return;
        try {
          OutputStream out = process.stdin();
          out.write(frame.data());
          out.flush();
        } catch (IOException e) {
          // The command closed its stdin or exited; what it did not read is dropped, as with a pipe.
          closeStdin();
        }
      }
      case NodeAgentProtocol.CLOSE -> {
        if (frame.data().length > 0 && frame.data()[0] == NodeAgentProtocol.STDIN) closeStdin();
      }
      case NodeAgentProtocol.RESIZE -> resize(frame.data());
      default -> {}
    }
  }

  private void resize(byte[] json) {
    try {
      JsonNode size = Json.MAPPER.readTree(json);
      int width = size.path("Width").asInt(0);
      int height = size.path("Height").asInt(0);
      if (width > 0 && height > 0) process.resize(width, height);
    } catch (IOException | RuntimeException e) {
      log.debug("ignoring a malformed resize frame: {}", e.toString());
    }
  }

  private void closeStdin() {
    if (stdinClosed.compareAndSet(false, true)) {
      OutputStream out = process.stdin();
      if (out != null) closeQuietly(out);
    }
  }

  private void killIfRunning(String why) {
    if (!exitCode.isDone()) {
      log.debug("killing exec {}: {}", command, why);
      process.kill();
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // already closed or broken: nothing to release
    }
  }
}
