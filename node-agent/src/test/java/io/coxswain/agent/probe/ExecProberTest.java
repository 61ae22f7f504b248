package io.coxswain.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.ExecResult;
import io.coxswain.agent.runtime.SandboxConfig;
import io.coxswain.agent.runtime.simulated.SimulatedRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExecProberTest {
  private final SimulatedRuntime runtime = new SimulatedRuntime(Clock.systemUTC(), 1);
  private final ExecProber prober = new ExecProber();
  private ProbeTarget target;

  @BeforeEach
  void startContainer() throws Exception {
    runtime.runPodSandbox(new SandboxConfig("uid", "ns", "pod", false, "pod"));
    ContainerStatus c = runtime.startContainer("uid", new ContainerConfig(
        "web", 0, "nginx", List.of("nginx"), Map.of(), null, List.of(), 0, 0, false, false));
    target = new ProbeTarget(runtime, c.id(), "10.1.0.1", null);
  }

  @Test
  void exitCodeZeroSucceeds() {
    runtime.respondToExec((c, cmd) -> new ExecResult(0, "ok", false));
    assertEquals(ProbeOutcome.success("ok"), prober.probe(new Handler.Exec(List.of("true")), target, Duration.ofSeconds(1)));
  }

  @Test
  void nonZeroExitFailsWithTheOutput() {
    runtime.respondToExec((c, cmd) -> new ExecResult(1, "not healthy", false));
    assertEquals(ProbeOutcome.failure("not healthy"), prober.probe(new Handler.Exec(List.of("check")), target, Duration.ofSeconds(1)));
  }

  @Test
  void nonZeroExitWithoutOutputNamesTheExitCode() {
    runtime.respondToExec((c, cmd) -> new ExecResult(2, "", false));
    assertEquals(ProbeOutcome.failure("command \"check now\" exited with 2"),
        prober.probe(new Handler.Exec(List.of("check", "now")), target, Duration.ofSeconds(1)));
  }

  @Test
  void timedOutCommandFails() {
    runtime.respondToExec((c, cmd) -> new ExecResult(137, "", true));
    assertEquals(ProbeOutcome.failure("command \"sleep 9\" timed out"),
        prober.probe(new Handler.Exec(List.of("sleep", "9")), target, Duration.ofSeconds(1)));
  }

  @Test
  void vanishedContainerIsUnknownNotFailure() {
    runtime.respondToExec((c, cmd) -> new ExecResult(0, "", false));
    ProbeTarget gone = new ProbeTarget(runtime, "no-such-container", "10.1.0.1", null);
    assertEquals(ProbeOutcome.Result.UNKNOWN, prober.probe(new Handler.Exec(List.of("true")), gone, Duration.ofSeconds(1)).result());
  }
}
