package io.coxswain.agent.probe;

import io.coxswain.agent.runtime.ExecResult;
import java.io.IOException;
import java.time.Duration;

/**
 * exec checks: the command's exit code decides, its output is the message (as kubelet reports it).
 * A command that cannot be run at all (the container is gone) is UNKNOWN, not a failure.
 */
public final class ExecProber {

  public ProbeOutcome probe(Handler.Exec action, ProbeTarget target, Duration timeout) {
    if (action.command().isEmpty()) return ProbeOutcome.failure("exec probe has no command");
    ExecResult r;
    try {
      r = target.runtime().execSync(target.containerId(), action.command(), timeout);
    } catch (IOException | RuntimeException e) {
      return ProbeOutcome.unknown("exec " + action.command() + " could not run: " + e.getMessage());
    }
    if (r.timedOut()) return ProbeOutcome.failure("command \"" + String.join(" ", action.command()) + "\" timed out");
    String output = r.output() == null ? "" : r.output();
    if (r.exitCode() == 0) return ProbeOutcome.success(output);
    // Kubelet shows only the output; an empty one would leave users guessing, so name the exit code.
    return ProbeOutcome.failure(output.isBlank()
        ? "command \"" + String.join(" ", action.command()) + "\" exited with " + r.exitCode()
        : output);
  }
}
