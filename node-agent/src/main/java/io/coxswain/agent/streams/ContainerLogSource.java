package io.coxswain.agent.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A container's log as a stream of bytes, read from its CRI log file on an executor that may block.
 * Without follow it ends at the end of the file. With follow it polls for what the container
 * appends (without holding a thread while it waits) and ends once the container has exited and the
 * file is read to its end, so nothing written before the exit is lost. Cancelling the stream (the
 * client went away) closes the file.
 */
public final class ContainerLogSource {
  private static final int CHUNK_BYTES = 64 * 1024;

  private ContainerLogSource() {}

  /**
   * @param exited completes when the container has exited (a failed stage counts as exited)
   * @param io where file reads run
   * @param poll how long a follower waits before looking at the file again
   */
  public static Source<byte[], NotUsed> of(
      Path log, LogOptions options, CompletionStage<?> exited, Executor io, Duration poll) {
    CompletableFuture<Boolean> exitSeen = exited.toCompletableFuture().handle((r, e) -> true);
    return Source.unfoldResourceAsync(
        () -> CompletableFuture.completedFuture(new Reader(log, options, exitSeen, io, poll)),
        Reader::next,
        reader -> CompletableFuture.supplyAsync(() -> {
          reader.close();
          return Done.getInstance();
        }, io));
  }

  /** The stream's state between pulls. A log file that does not exist yet reads as empty. */
  private static final class Reader {
    private final Path log;
    private final LogOptions options;
    private CriLogCursor cursor;
    private final boolean follow;
    private final CompletableFuture<Boolean> exited;
    private final Executor io;
    private final Executor later;
    private int emptyReadsAfterExit;
    private boolean done;

    Reader(Path log, LogOptions options, CompletableFuture<Boolean> exited, Executor io, Duration poll) {
      this.log = log;
      this.options = options;
      this.follow = options.follow();
      this.exited = exited;
      this.io = io;
      this.later = CompletableFuture.delayedExecutor(poll.toMillis(), TimeUnit.MILLISECONDS, io);
    }

    /** The next non-empty chunk, or empty at the end of the stream. */
    CompletionStage<Optional<byte[]>> next() {
      return step(io);
    }

    private CompletionStage<Optional<byte[]>> step(Executor when) {
      if (done) return CompletableFuture.completedFuture(Optional.empty());
      // Seen before reading: an empty read after it means everything written before the exit is read.
      boolean exitedBefore = exited.isDone();
      return CompletableFuture.supplyAsync(() -> read(exitedBefore), when).thenCompose(r -> r);
    }

    private CompletionStage<Optional<byte[]>> read(boolean exitedBefore) {
      CriLogCursor.Chunk chunk;
      try {
        if (cursor == null && Files.exists(log)) cursor = CriLogCursor.open(log, options);
        chunk = cursor == null ? new CriLogCursor.Chunk(new byte[0], true) : cursor.read(CHUNK_BYTES);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the container log: " + e.getMessage(), e);
      }
      if (chunk.bytes().length > 0) return some(chunk.bytes());
      if (cursor != null && cursor.limitReached()) return end();
      if (!chunk.atEnd()) return step(io); // everything read so far was filtered out
      if (follow) {
        // One more look after the exit: a runtime may finish writing the log just after reporting it.
        if (!exitedBefore || ++emptyReadsAfterExit < 2) return step(later);
      }
      byte[] last = cursor == null ? new byte[0] : cursor.finish();
      done = true;
      return last.length > 0 ? some(last) : end();
    }

    void close() {
      if (cursor == null) return;
      try {
        cursor.close();
      } catch (IOException ignored) {
        // nothing more is read from it
      }
    }

    private static CompletionStage<Optional<byte[]>> some(byte[] bytes) {
      return CompletableFuture.completedFuture(Optional.of(bytes));
    }

    private static CompletionStage<Optional<byte[]>> end() {
      return CompletableFuture.completedFuture(Optional.empty());
    }
  }
}
