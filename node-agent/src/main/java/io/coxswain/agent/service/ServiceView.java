package io.coxswain.agent.service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent process's live view of Services and EndpointSlices, fed by one subscription to a
 * control-plane service feed whatever the number of nodes the process runs.
 *
 * <p>The contract for consumers (the service proxy, DNS, service environment variables):
 * <ul>
 *   <li>{@link #current()} is the latest {@link ServiceTable}: every Service (Kubernetes JSON) and
 *       its EndpointSlices. It is immutable; take it again to see later changes. Until the first
 *       full list arrives from the control plane it is {@link ServiceTable#EMPTY} and
 *       {@link #synced()} is false.
 *   <li>{@link #subscribe} registers a listener that gets the current table at once and then each
 *       new one, in order, after every batch of changes (one batch may carry several). Listeners
 *       run on the feed's actor thread: they must return quickly and never block; hand real work to
 *       your own thread. A listener that throws is logged and stays subscribed.
 * </ul>
 */
public final class ServiceView {
  private static final Logger log = LoggerFactory.getLogger(ServiceView.class);

  // Copy-on-write so that a listener closing its subscription while being called is harmless.
  private final List<Consumer<ServiceTable>> listeners = new CopyOnWriteArrayList<>();
  private volatile ServiceTable current = ServiceTable.EMPTY;
  private volatile boolean synced;

  public ServiceTable current() {
    return current;
  }

  /** Whether the view has had a full list from the control plane since the agent started. */
  public boolean synced() {
    return synced;
  }

  /** Calls {@code listener} with the current table now and with every later one; close to stop. */
  public synchronized AutoCloseable subscribe(Consumer<ServiceTable> listener) {
    listeners.add(listener);
    call(listener, current);
    return () -> listeners.remove(listener);
  }

  /** A new table from the feed; {@code complete} when it follows a full list. */
  synchronized void publish(ServiceTable table, boolean complete) {
    current = table;
    if (complete) synced = true;
    for (Consumer<ServiceTable> l : listeners) call(l, table);
  }

  private static void call(Consumer<ServiceTable> listener, ServiceTable table) {
    try {
      listener.accept(table);
    } catch (RuntimeException e) {
      log.warn("a service view listener failed: {}", e.toString(), e);
    }
  }
}
