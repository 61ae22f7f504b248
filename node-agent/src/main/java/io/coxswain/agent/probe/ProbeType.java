package io.coxswain.agent.probe;

/**
 * The three probes a container may have. Each starts from the result kubelet assumes before the
 * first check: a container is alive until proven otherwise, not ready until proven ready, and its
 * start-up is unknown until the startup probe decides it.
 */
public enum ProbeType {
  LIVENESS("livenessProbe", "Liveness", Boolean.TRUE),
  READINESS("readinessProbe", "Readiness", Boolean.FALSE),
  STARTUP("startupProbe", "Startup", null);

  private final String field;
  private final String title;
  private final Boolean initial;

  ProbeType(String field, String title, Boolean initial) {
    this.field = field;
    this.title = title;
    this.initial = initial;
  }

  /** The container field that holds this probe (livenessProbe, …). */
  public String field() {
    return field;
  }

  /** How kubelet names it in events: "Liveness probe failed: …". */
  public String title() {
    return title;
  }

  /** The result assumed before the first decisive check; null for "unknown". */
  public Boolean initial() {
    return initial;
  }
}
