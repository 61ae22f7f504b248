package io.coxswain.agent.probe;

import java.time.Duration;

/**
 * Runs one check of any kind against a container. Blocks for up to the timeout, so callers run it
 * on the blocking executor. One instance serves the whole agent (it holds the HTTP client).
 */
public final class Prober {
  private final ExecProber exec = new ExecProber();
  private final TcpSocketProber tcp = new TcpSocketProber();
  private final HttpGetProber http;

  public Prober(HttpGetProber http) {
    this.http = http;
  }

  /** The agent-wide prober, created on first use. */
  public static Prober shared() {
    return Shared.INSTANCE;
  }

  public HttpGetProber http() {
    return http;
  }

  public ProbeOutcome probe(Handler handler, ProbeTarget target, Duration timeout) {
    if (handler instanceof Handler.Exec e) return exec.probe(e, target, timeout);
    if (handler instanceof Handler.HttpGet h) return http.probe(h, target, timeout);
    if (handler instanceof Handler.TcpSocket t) return tcp.probe(t, target, timeout);
    if (handler instanceof Handler.Grpc) return ProbeOutcome.unknown("gRPC probes are not supported by this node agent");
    return ProbeOutcome.unknown("not a probe action: " + handler.getClass().getSimpleName());
  }

  /** Lazy holder: the HTTP client (and its selector thread) exists only once something probes. */
  private static final class Shared {
    static final Prober INSTANCE = new Prober(new HttpGetProber(HttpGetProber.newClient()));
  }
}
