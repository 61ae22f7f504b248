package io.coxswain.agent.runtime.process;

import static io.coxswain.agent.runtime.process.RuntimeFixture.container;
import static io.coxswain.agent.runtime.process.RuntimeFixture.shell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.ContainerStatus.State;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Starting, exiting and stopping containers: exit codes, reasons, TERM and KILL, no duplicates. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerLifecycleTest {
  private RuntimeFixture fixture;

  @BeforeAll
  void createRuntime() throws IOException {
    fixture = new RuntimeFixture(1).requireFullIsolation();
  }

  @AfterEach
  void removePods() {
    fixture.removeAllSandboxes();
  }

  @AfterAll
  void cleanUp() {
    fixture.close();
  }

  @Test
  void exitZeroIsCompleted() throws Exception {
    fixture.sandbox("exit-zero");
    ContainerStatus started = fixture.runtime.startContainer("exit-zero", container("app", 0, "true"));
    ContainerStatus done = fixture.awaitExit(started.id());
    assertEquals(State.EXITED, done.state());
    assertEquals(0, done.exitCode());
    assertEquals("Completed", done.reason());
    assertNotNull(done.finishedAt());
    assertTrue(!done.finishedAt().isBefore(done.startedAt()), "finished " + done.finishedAt() + " before it started " + done.startedAt());
  }

  @Test
  void nonZeroExitIsAnErrorWithThatCode() throws Exception {
    fixture.sandbox("exit-three");
    ContainerStatus started = fixture.runtime.startContainer("exit-three", shell("app", 0, "exit 3"));
    ContainerStatus done = fixture.awaitExit(started.id());
    assertEquals(3, done.exitCode());
    assertEquals("Error", done.reason());
  }

  @Test
  void processKilledBySignalExitsWith128PlusTheSignal() throws Exception {
    fixture.sandbox("signalled");
    ContainerStatus started = fixture.runtime.startContainer("signalled", container("app", 0, "sleep", "60"));
    assertEquals(State.RUNNING, started.state());
    // SIGKILL from outside, as the kernel or an operator would send it (9, so 137)
    ProcessHandle.of(started.pid()).orElseThrow().destroyForcibly();
    ContainerStatus done = fixture.awaitExit(started.id());
    assertEquals(128 + 9, done.exitCode());
    assertEquals("Error", done.reason(), "no OOM kill happened, so this is a plain error");
  }

  @Test
  void unknownCommandExitsWith127AndSaysWhyInTheLog() throws Exception {
    fixture.sandbox("no-such-command");
    ContainerStatus started = fixture.runtime.startContainer("no-such-command", container("app", 0, "no-such-command-here"));
    ContainerStatus done = fixture.awaitExit(started.id());
    assertEquals(127, done.exitCode());
    assertTrue(fixture.logLines(started.id()).stream().anyMatch(line -> line.contains(" stderr F ") && line.contains("no-such-command-here")),
        "log: " + fixture.logLines(started.id()));
  }

  @Test
  void containerGetsExactlyItsEnvironment() throws Exception {
    fixture.sandbox("environment");
    Map<String, String> env = RuntimeFixture.env("GREETING", "hello world", "EMPTY", "", "EQUALS", "a=b");
    ContainerConfig config = new ContainerConfig("app", 0, "none", List.of("/usr/bin/env"), env, null, List.of(), 0, 0, false, false);
    ContainerStatus started = fixture.runtime.startContainer("environment", config);
    assertEquals(0, fixture.awaitExit(started.id()).exitCode());
    Set<String> printed = new TreeSet<>();
    for (String line : fixture.logLines(started.id())) {
      printed.add(line.substring(line.indexOf(" stdout F ") + " stdout F ".length()));
    }
    Set<String> expected = new TreeSet<>();
    env.forEach((key, value) -> expected.add(key + "=" + value));
    assertEquals(expected, printed, "nothing of the agent's environment may leak in");
  }

  @Test
  void containerRunsInItsWorkingDirectoryCreatingItIfMissing() throws Exception {
    fixture.sandbox("working-dir");
    String dir = fixture.root.resolve("work/not-yet-there").toString();
    ContainerConfig config = new ContainerConfig("app", 0, "none", List.of("/bin/pwd"), RuntimeFixture.BASE_ENV, dir, List.of(), 0, 0, false, false);
    ContainerStatus started = fixture.runtime.startContainer("working-dir", config);
    assertEquals(0, fixture.awaitExit(started.id()).exitCode(), "log: " + fixture.logLines(started.id()));
    assertTrue(fixture.logLines(started.id()).get(0).endsWith(" stdout F " + dir), "log: " + fixture.logLines(started.id()));
  }

  @Test
  void containerThatHandlesTermStopsCleanlyWithinTheGracePeriod() throws Exception {
    fixture.sandbox("graceful");
    ContainerStatus started = fixture.runtime.startContainer("graceful",
        shell("app", 0, "trap 'echo got TERM; sleep 1; exit 0' TERM; echo ready; sleep 60 & wait"));
    fixture.awaitLog(started.id(), "ready");
    long begin = System.nanoTime();
    ContainerStatus stopped = fixture.runtime.stopContainer(started.id(), Duration.ofSeconds(10));
    System.out.printf("graceful stop took %d ms (container sleeps 1 s after TERM)%n", (System.nanoTime() - begin) / 1_000_000);
    assertEquals(State.EXITED, stopped.state());
    assertEquals(0, stopped.exitCode(), "it exited by itself after TERM, not by KILL");
    assertEquals("Completed", stopped.reason());
    assertTrue(fixture.logLines(started.id()).stream().anyMatch(line -> line.endsWith("stdout F got TERM")));
  }

  @Test
  void containerIgnoringTermIsKilledAfterTheGracePeriod() throws Exception {
    fixture.sandbox("stubborn");
    ContainerStatus started = fixture.runtime.startContainer("stubborn",
        shell("app", 0, "trap 'echo ignoring TERM' TERM; echo ready; while :; do sleep 0.1; done"));
    fixture.awaitLog(started.id(), "ready");
    long begin = System.nanoTime();
    ContainerStatus stopped = fixture.runtime.stopContainer(started.id(), Duration.ofSeconds(1));
    System.out.printf("stop of a container ignoring TERM took %d ms (grace 1 s)%n", (System.nanoTime() - begin) / 1_000_000);
    assertEquals(128 + 9, stopped.exitCode(), "it outlived TERM, so KILL ended it");
    assertEquals("Error", stopped.reason());
    assertTrue(fixture.logLines(started.id()).stream().anyMatch(line -> line.endsWith("stdout F ignoring TERM")), "TERM did arrive first");
    assertTrue(ProcIdentity.of(started.pid()).map(p -> !p.isAlive()).orElse(true), "the process is gone");
  }

  @Test
  void stoppingKillsWhatTheContainerStartedInTheBackground() throws Exception {
    fixture.sandbox("background");
    ContainerStatus started = fixture.runtime.startContainer("background",
        shell("app", 0, "sleep 300 & echo child $!; sleep 300"));
    fixture.awaitLog(started.id(), "child ");
    String line = fixture.logLines(started.id()).get(0);
    long child = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
    fixture.runtime.stopContainer(started.id(), Duration.ofSeconds(5));
    // killed, possibly still a zombie until init reaps it: ProcIdentity counts that as ended
    assertTrue(ProcIdentity.of(child).map(p -> !p.isAlive()).orElse(true), "the background sleep must be gone too");
  }

  @Test
  void stoppingAStoppedContainerAnswersItsFinalStatus() throws Exception {
    fixture.sandbox("stop-twice");
    ContainerStatus started = fixture.runtime.startContainer("stop-twice", container("app", 0, "sleep", "60"));
    ContainerStatus first = fixture.runtime.stopContainer(started.id(), Duration.ofSeconds(5));
    ContainerStatus second = fixture.runtime.stopContainer(started.id(), Duration.ofSeconds(5));
    assertEquals(128 + 15, first.exitCode(), "sleep dies of TERM");
    assertEquals(first, second);
  }

  @Test
  void startingAnAttemptTwiceStartsOneProcess() throws Exception {
    fixture.sandbox("twice");
    ContainerStatus first = fixture.runtime.startContainer("twice", container("app", 0, "sleep", "60"));
    ContainerStatus second = fixture.runtime.startContainer("twice", container("app", 0, "sleep", "60"));
    assertEquals(first.id(), second.id());
    assertEquals(first.pid(), second.pid());
    assertEquals(1, fixture.runtime.listContainers("twice").size());
  }

  @Test
  void attemptsAreListedNewestLastPerName() throws Exception {
    fixture.sandbox("attempts");
    for (int attempt = 0; attempt < 3; attempt++) {
      fixture.awaitExit(fixture.runtime.startContainer("attempts", shell("app", attempt, "exit " + attempt)).id());
    }
    fixture.runtime.startContainer("attempts", container("sidecar", 0, "sleep", "60"));
    List<ContainerStatus> listed = fixture.runtime.listContainers("attempts");
    assertEquals(List.of("app/0", "app/1", "app/2", "sidecar/0"), listed.stream().map(s -> s.name() + "/" + s.attempt()).toList());
    assertEquals(List.of(0, 1, 2), listed.subList(0, 3).stream().map(ContainerStatus::exitCode).toList());
  }

  @Test
  void removedContainerIsForgottenButItsLogStays() throws Exception {
    fixture.sandbox("removal");
    ContainerStatus started = fixture.runtime.startContainer("removal", shell("app", 0, "echo bye"));
    fixture.awaitExit(started.id());
    fixture.runtime.removeContainer(started.id());
    fixture.runtime.removeContainer(started.id()); // idempotent
    assertTrue(fixture.runtime.containerStatus(started.id()).isEmpty());
    assertTrue(fixture.runtime.listContainers("removal").isEmpty());
    assertTrue(fixture.runtime.logFile(started.id()).isPresent(), "the log stays until the sandbox is removed");
    fixture.runtime.removePodSandbox("removal");
    assertTrue(fixture.runtime.logFile(started.id()).isEmpty());
  }

  @Test
  void containersNeedARunningSandbox() throws Exception {
    assertThrows(IOException.class, () -> fixture.runtime.startContainer("no-sandbox", container("app", 0, "true")));
    fixture.sandbox("stopped-sandbox");
    fixture.runtime.stopPodSandbox("stopped-sandbox", Duration.ZERO);
    assertThrows(IOException.class, () -> fixture.runtime.startContainer("stopped-sandbox", container("app", 0, "true")));
  }

  @Test
  void stopPodSandboxStopsAllItsContainers() throws Exception {
    fixture.sandbox("whole-pod");
    ContainerStatus a = fixture.runtime.startContainer("whole-pod", container("a", 0, "sleep", "60"));
    ContainerStatus b = fixture.runtime.startContainer("whole-pod", container("b", 0, "sleep", "60"));
    fixture.runtime.stopPodSandbox("whole-pod", Duration.ofSeconds(5));
    fixture.runtime.stopPodSandbox("whole-pod", Duration.ofSeconds(5)); // idempotent
    for (ContainerStatus status : List.of(a, b)) {
      assertEquals(State.EXITED, fixture.runtime.containerStatus(status.id()).orElseThrow().state());
    }
  }

  /** Not a test of speed: prints the start latency figures the brief asks for. */
  @Test
  void measuresStartLatency() throws Exception {
    fixture.sandbox("latency");
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      long begin = System.nanoTime();
      ContainerStatus status = fixture.runtime.startContainer("latency", container("c" + i, 0, "sleep", "60"));
      micros.add((System.nanoTime() - begin) / 1000);
      assertEquals(State.RUNNING, status.state());
    }
    Collections.sort(micros);
    System.out.printf("container start (startContainer call until RUNNING), 30 starts: p50 %.1f ms, p90 %.1f ms, max %.1f ms%n",
        micros.get(15) / 1000.0, micros.get(27) / 1000.0, micros.get(29) / 1000.0);
  }
}
