package io.coxswain.persistence;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the journal answers, checked every second. While it does not, writes fail at once with
 * 503 instead of waiting out their timeout, and writes already waiting are answered 503 the moment
 * it is lost: a journal outage gives clients a clear, quick error, never a hang.
 */
public final class JournalHealth {
  private static final Logger log = LoggerFactory.getLogger(JournalHealth.class);
  private static final JournalHealth ALWAYS = new JournalHealth("the journal");

  private final String what;
  private volatile boolean available = true;
  private int failures;
  private final List<Runnable> onLost = new CopyOnWriteArrayList<>();

  private JournalHealth(String what) {
    this.what = what;
  }

  /** For a journal in this process (the embedded one): always available. */
  public static JournalHealth always() {
    return ALWAYS;
  }

  /** Runs {@code check} every {@code interval}; a check that fails or takes longer counts as unavailable. */
  public static JournalHealth watch(ClassicActorSystemProvider system, String what, Duration interval,
      Supplier<CompletionStage<Boolean>> check) {
    JournalHealth health = new JournalHealth(what);
    var classic = system.classicSystem();
    // The first checks wait for the journal plugin to start; a check may take two intervals.
    classic.scheduler().scheduleWithFixedDelay(interval.multipliedBy(5), interval, () -> {
      try {
        check.get().toCompletableFuture()
            .orTimeout(interval.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS)
            .whenComplete((ok, e) -> health.observe(e == null && Boolean.TRUE.equals(ok)));
      } catch (RuntimeException e) {
        health.observe(false);
      }
    }, classic.dispatcher());
    return health;
  }

  private synchronized void observe(boolean ok) {
    // Two failed checks in a row, so one slow answer on a busy machine does not turn writes away.
    failures = ok ? 0 : failures + 1;
    if (!ok && failures < 2) return;
    if (ok == available) return;
    available = ok;
    if (ok) {
      log.info("{} answers again: writes are accepted", what);
    } else {
      log.warn("{} does not answer: writes fail with 503 until it does", what);
      onLost.forEach(Runnable::run);
    }
  }

  public boolean available() {
    return available;
  }

  /** Runs {@code action} each time the journal is found unavailable. */
  public void onLost(Runnable action) {
    onLost.add(action);
  }

  /** What to tell a client while the journal is unavailable. */
  public String unavailableMessage() {
    return what + " is unavailable, so nothing can be stored right now; retry shortly";
  }
}
