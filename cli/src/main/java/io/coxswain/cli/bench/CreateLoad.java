package io.coxswain.cli.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Creates a range of pods with a fixed number of client loops, each keeping exactly one request in
 * flight, so the offered load is closed: the server's latency sets the rate.
 */
public final class CreateLoad {
  /** Stop early once this many requests failed: the server is gone or refusing everything. */
  private static final int GIVE_UP_AFTER_FAILURES = 1000;

  /** The outcome of one run over [from, to). */
  public record Run(int attempted, int created, int failures, String firstError, long elapsedNanos, Latencies latencies) {
    public double createsPerSecond() {
      return created / (elapsedNanos / 1e9);
    }
  }

  /** One create request for index i. */
  @FunctionalInterface
  public interface Creator {
    BenchClient.Answer create(int index) throws IOException, InterruptedException;
  }

  private CreateLoad() {}

  /** Creates pods bench-{from}..bench-{to - 1}. */
  public static Run run(BenchClient client, int from, int to, int concurrency) throws InterruptedException {
    return run(from, to, concurrency, "pod bench-", client::createPod);
  }

  /** Creates objects {from}..{to - 1} with {@code creator}; {@code label} names one in error messages. */
  public static Run run(int from, int to, int concurrency, String label, Creator creator) throws InterruptedException {
    AtomicInteger next = new AtomicInteger(from);
    AtomicInteger created = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<Latencies.Recorder> recorders = new ArrayList<>();
    List<Thread> loops = new ArrayList<>();
    long started = System.nanoTime();
    for (int k = 0; k < concurrency; k++) {
      Latencies.Recorder recorder = new Latencies.Recorder();
      recorders.add(recorder);
      Thread loop = new Thread(() -> {
        for (int i = next.getAndIncrement(); i < to && failures.get() < GIVE_UP_AFTER_FAILURES; i = next.getAndIncrement()) {
          long t0 = System.nanoTime();
          String error;
          try {
            BenchClient.Answer answer = creator.create(i);
            error = answer.status() == 201 ? null : "HTTP " + answer.status() + ": " + truncate(answer.errorBody());
          } catch (IOException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
          } catch (InterruptedException e) {
            return;
          }
          recorder.record(System.nanoTime() - t0);
          if (error == null) {
            created.incrementAndGet();
          } else {
            failures.incrementAndGet();
            firstError.compareAndSet(null, label + i + ": " + error);
          }
        }
      }, "bench-client-" + k);
      loop.setDaemon(true);
      loops.add(loop);
      loop.start();
    }
    try {
      for (Thread loop : loops) loop.join();
    } catch (InterruptedException e) {
      loops.forEach(Thread::interrupt);
      throw e;
    }
    long elapsed = System.nanoTime() - started;
    long[][] parts = recorders.stream().map(Latencies.Recorder::values).toArray(long[][]::new);
    Latencies latencies = Latencies.of(parts);
    return new Run(latencies.count(), created.get(), failures.get(), firstError.get(), elapsed, latencies);
  }

  private static String truncate(String body) {
    if (body == null) return "";
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 600 ? oneLine : oneLine.substring(0, 600) + "...";
  }
}
