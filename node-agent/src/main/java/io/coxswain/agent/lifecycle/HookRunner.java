package io.coxswain.agent.lifecycle;

import io.coxswain.agent.probe.Handler;
import io.coxswain.agent.probe.HttpGetProber;
import io.coxswain.agent.probe.ProbeTarget;
import io.coxswain.agent.runtime.ExecResult;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs postStart and preStop hooks as kubelet's handler runner does: an exec hook fails on a
 * non-zero exit, an HTTP hook only when no answer comes (its status code is not judged), sleep
 * waits. Blocks, so it runs on the blocking executor.
 */
final class HookRunner {
  private final HttpGetProber http;

  HookRunner(HttpGetProber http) {
    this.http = http;
  }

  /** Runs the hook; answers why it failed, or empty when it succeeded. */
  Optional<String> run(Handler hook, ProbeTarget target, Duration timeout, String container, String pod) {
    String where = " for Container \"" + container + "\" in Pod \"" + pod + "\" failed - error: ";
    if (hook instanceof Handler.Exec exec) {
      String cmd = String.join(" ", exec.command());
      try {
        ExecResult r = target.runtime().execSync(target.containerId(), exec.command(), timeout);
        if (r.timedOut()) return Optional.of("Exec lifecycle hook (" + exec.command() + ")" + where + "command '" + cmd + "' timed out");
        if (r.exitCode() == 0) return Optional.empty();
        return Optional.of("Exec lifecycle hook (" + exec.command() + ")" + where + "command '" + cmd + "' exited with "
            + r.exitCode() + ": " + ", message: \"" + (r.output() == null ? "" : r.output()) + "\"");
      } catch (IOException | RuntimeException e) {
        return Optional.of("Exec lifecycle hook (" + exec.command() + ")" + where + e.getMessage());
      }
    }
    if (hook instanceof Handler.HttpGet get) {
      URI uri = null;
      try {
        uri = HttpGetProber.uri(get, target);
        http.get(uri, get, timeout);
        return Optional.empty();
      } catch (IllegalArgumentException e) {
        return Optional.of("HTTP lifecycle hook (" + get.path() + ")" + where + e.getMessage());
      } catch (IOException e) {
        return Optional.of("HTTP lifecycle hook (" + get.path() + ")" + where + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("HTTP lifecycle hook (" + get.path() + ")" + where + "interrupted");
      }
    }
    if (hook instanceof Handler.Sleep sleep) {
      try {
        Thread.sleep(Math.max(0, Math.min(sleep.duration().toMillis(), timeout.toMillis())));
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("Sleep lifecycle hook" + where + "interrupted");
      }
    }
    return Optional.of("Cannot run handler: " + hook.getClass().getSimpleName() + " is not supported for lifecycle hooks");
  }
}
