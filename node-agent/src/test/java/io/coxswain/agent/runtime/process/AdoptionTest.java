package io.coxswain.agent.runtime.process;

import static io.coxswain.agent.runtime.process.RuntimeFixture.shell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.ContainerStatus.State;
import io.coxswain.agent.runtime.PodSandbox;
import io.coxswain.agent.runtime.SandboxConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Containers outlive the agent: a new runtime on the same root directory finds them running, with
 * the same ids and pids, and can wait for and stop them; nothing is started twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdoptionTest {
  private RuntimeFixture fixture;

  @BeforeAll
  void createRuntime() throws IOException {
    fixture = new RuntimeFixture(5).requireFullIsolation();
  }

  @AfterEach
  void removePods() {
    fixture.removeAllSandboxes();
  }

  @AfterAll
  void cleanUp() {
    fixture.close();
  }

  /** Exits with code 7 once the trigger file exists; exits 0 on TERM. */
  private static String waitForTrigger(Path trigger) {
    return "trap 'echo stopping; exit 0' TERM; echo waiting; while [ ! -e " + trigger + " ]; do sleep 0.05; done; echo triggered; exit 7";
  }

  @Test
  void newRuntimeAdoptsARunningContainerWithoutStartingItAgain() throws Exception {
    PodSandbox sandbox = fixture.sandbox("adopted");
    ContainerStatus started = fixture.runtime.startContainer("adopted", shell("app", 0, waitForTrigger(fixture.root.resolve("never"))));
    fixture.awaitLog(started.id(), "waiting");

    fixture.restart(); // the old runtime object is dropped as a crashed agent would leave it

    assertEquals(List.of(sandbox), fixture.runtime.listPodSandboxes());
    List<ContainerStatus> listed = fixture.runtime.listContainers("adopted");
    assertEquals(1, listed.size());
    assertEquals(State.RUNNING, listed.get(0).state());
    assertEquals(started.id(), listed.get(0).id());
    assertEquals(started.pid(), listed.get(0).pid());
    ContainerStatus again = fixture.runtime.startContainer("adopted", shell("app", 0, waitForTrigger(fixture.root.resolve("never"))));
    assertEquals(started.pid(), again.pid(), "the attempt runs already; no second process");

    ContainerStatus stopped = fixture.runtime.stopContainer(started.id(), Duration.ofSeconds(10));
    assertEquals(0, stopped.exitCode(), "TERM reached the adopted container through its shim");
    assertTrue(fixture.logLines(started.id()).stream().anyMatch(line -> line.endsWith("stdout F stopping")));
    assertEquals(stopped, fixture.runtime.awaitExit(started.id()).toCompletableFuture().get(RuntimeFixture.WAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void awaitExitOnAnAdoptedContainerReportsItsExitCode() throws Exception {
    fixture.sandbox("awaited");
    Path trigger = fixture.root.resolve("trigger-awaited");
    ContainerStatus started = fixture.runtime.startContainer("awaited", shell("app", 0, waitForTrigger(trigger)));
    fixture.awaitLog(started.id(), "waiting");

    fixture.restart();
    CompletableFuture<ContainerStatus> exit = fixture.runtime.awaitExit(started.id()).toCompletableFuture();
    assertTrue(!exit.isDone(), "still running");
    Files.createFile(trigger);
    ContainerStatus done = exit.get(RuntimeFixture.WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(7, done.exitCode());
    assertEquals("Error", done.reason());
  }

  @Test
  void containerOutlivesTheAgentJvmAndKeepsLogging() throws Exception {
    Path trigger = fixture.root.resolve("trigger-jvm");
    String containerId = startInAnotherJvm("outlives", waitForTrigger(trigger));

    // That JVM has exited. The container runs on, and this "restarted agent" adopts it.
    ContainerStatus adopted = fixture.runtime.containerStatus(containerId).orElseThrow();
    assertEquals(State.RUNNING, adopted.state());
    assertTrue(ProcIdentity.of(adopted.pid()).map(ProcIdentity::isAlive).orElse(false));
    CompletableFuture<ContainerStatus> exit = fixture.runtime.awaitExit(containerId).toCompletableFuture();
    Files.createFile(trigger);
    ContainerStatus done = exit.get(RuntimeFixture.WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(7, done.exitCode(), "the shim recorded the exit code with no agent around");
    assertTrue(fixture.logLines(containerId).stream().anyMatch(line -> line.endsWith("stdout F triggered")),
        "written after the agent JVM was gone: " + fixture.logLines(containerId));
  }

  /** Runs {@link ExitingAgent} in a fresh JVM, which starts one container and exits. */
  private String startInAnotherJvm(String podUid, String script) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-cp", classpath, ExitingAgent.class.getName(),
        fixture.root.toString(), fixture.settings.podCidr(), fixture.settings.bridgeName(), fixture.settings.cgroupParent(), podUid, script));
    Path output = fixture.root.resolve("exiting-agent.out");
    Process agent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    assertTrue(agent.waitFor(RuntimeFixture.WAIT_SECONDS, TimeUnit.SECONDS), "the other agent JVM did not finish");
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertEquals(0, agent.exitValue(), text);
    return text.lines().filter(line -> line.startsWith("CONTAINER ")).map(line -> line.substring(10)).findFirst()
        .orElseThrow(() -> new AssertionError("no container id from the other agent: " + text));
  }

  /** An agent that starts a container and exits at once, without stopping anything. */
  public static final class ExitingAgent {
    public static void main(String[] args) throws Exception {
      Path root = Path.of(args[0]);
      ProcessRuntime.Settings settings = ProcessRuntime.Settings.of(args[1], args[2], "127.0.0.1").withCgroupParent(args[3]);
      ProcessRuntime runtime = new ProcessRuntime(root, settings);
      runtime.runPodSandbox(new SandboxConfig(args[4], "default", args[4], false, args[4]));
      ContainerStatus status = runtime.startContainer(args[4], shell("app", 0, args[5]));
      while (Files.readAllLines(runtime.logFile(status.id()).orElseThrow()).isEmpty()) {
        Thread.sleep(10);
      }
      System.out.println("CONTAINER " + status.id());
      System.exit(0);
    }
  }
}
