package io.coxswain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.cli.Kubectl.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl's logs and exec against a really started control plane, with a node agent's
 * stream endpoint beside it ({@link AgentFixture}) over a runtime double whose containers the test
 * plays: it writes their CRI logs, ends them, and exec runs real local processes.
 */
class KubectlLogsExecTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  static Path tmp;

  private static TestServer server;
  private static Kubectl kubectl;
  private static AgentFixture agent;
  private static AgentTestRuntime runtime;
  /** The follower pod's running container, which the follow test writes to and ends. */
  private static String followerId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    kubectl = new Kubectl(server.kubeconfig(), tmp.resolve("kube-cache"));
    agent = new AgentFixture(server, kubectl, tmp.resolve("agent"), "node-1");
    runtime = agent.runtime;
    Result node = kubectl.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"node-without-agent\"}}",
        "create", "-f", "-");
    if (!node.ok()) throw new AssertionError(node.describe());
    // web: two containers, a on its second attempt (the first one crashed), b running.
    agent.createPod("web", "node-1", "a", "b");
    String uid = agent.uid("web");
    String a0 = runtime.start(uid, "default", "web", "a");
    runtime.log(a0, "stdout", "a first run");
    runtime.exit(a0, 1);
    String a1 = runtime.start(uid, "default", "web", "a");
    runtime.log(a1, "stdout", "a line 1", "a line 2");
    runtime.log(a1, "stderr", "a line 3");
    String b0 = runtime.start(uid, "default", "web", "b");
    runtime.log(b0, "stdout", "b says hi");
    agent.setStatus("web", """
        {"phase":"Running","containerStatuses":[
          {"name":"a","ready":true,"restartCount":1,"image":"test","imageID":"","containerID":"test://%s",
           "state":{"running":{"startedAt":"2024-05-01T10:00:00Z"}},
           "lastState":{"terminated":{"exitCode":1,"reason":"Error","containerID":"test://%s",
             "startedAt":"2024-05-01T09:00:00Z","finishedAt":"2024-05-01T09:59:00Z"}}},
          {"name":"b","ready":true,"restartCount":0,"image":"test","imageID":"","containerID":"test://%s",
           "state":{"running":{"startedAt":"2024-05-01T10:00:00Z"}},"lastState":{}}]}
        """.formatted(a1, a0, b0));

    // history: lines from long ago and from now, for --since.
    String h = agent.runningPod("history", "app");
    runtime.logAt(h, Instant.parse("2020-01-01T00:00:00.5Z"), "stdout", "ancient");
    runtime.log(h, "stdout", "recent");

    // follower: written to and ended by the follow test.
    followerId = agent.runningPod("follower", "app");
    runtime.log(followerId, "stdout", "before");

    // crashing: the container ended and waits to restart; its logs are the run that ended.
    agent.createPod("crashing", "node-1", "app");
    String c0 = runtime.start(agent.uid("crashing"), "default", "crashing", "app");
    runtime.log(c0, "stderr", "panic: no config");
    runtime.exit(c0, 2);
    agent.setStatus("crashing", """
        {"phase":"Running","containerStatuses":[{"name":"app","ready":false,"restartCount":1,"image":"test","imageID":"",
          "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 10s restarting failed container"}},
          "lastState":{"terminated":{"exitCode":2,"reason":"Error","containerID":"test://%s"}}}]}
        """.formatted(c0));

    // starting: bound, its container not created yet.
    agent.createPod("starting", "node-1", "app");
    agent.setStatus("starting", """
        {"phase":"Pending","containerStatuses":[{"name":"app","ready":false,"restartCount":0,"image":"test","imageID":"",
          "state":{"waiting":{"reason":"ContainerCreating"}}}]}""");

    // pending: not scheduled; orphan: on a node whose agent never registered an endpoint.
    agent.createPod("pending", null, "app");
    agent.createPod("orphan", "node-without-agent", "app");
    agent.setStatus("orphan", AgentFixture.running("app", "elsewhere"));
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (agent != null) agent.close();
  }

  // Logs

  @Test
  void logsShowTheContainersOutputWithoutTheCriFields() {
    assertEquals("a line 1\na line 2\na line 3\n", kubectl.ok("logs", "web", "-c", "a").stdout());
    assertEquals("b says hi\n", kubectl.ok("logs", "web", "-c", "b").stdout());
  }

  @Test
  void logsOfAPodWithSeveralContainersDefaultToTheFirst() {
    Result r = kubectl.ok("logs", "web");
    assertEquals("a line 1\na line 2\na line 3\n", r.stdout(), r.describe());
    assertTrue(r.stderr().contains("Defaulted container \"a\""), r.describe());
  }

  @Test
  void theApiWantsAContainerNameWhenThePodHasSeveral() {
    RawApi.Answer a = new RawApi(server.url()).get("/api/v1/namespaces/default/pods/web/log");
    JsonNode status = RawApi.assertFailure("log without container", a, 400);
    assertEquals("a container name must be specified for pod web, choose one of: [a b]", status.path("message").asText());
  }

  @Test
  void tailShowsTheLastLines() {
    assertEquals("a line 2\na line 3\n", kubectl.ok("logs", "web", "-c", "a", "--tail=2").stdout());
  }

  @Test
  void timestampsPrefixEachLineWithItsRfc3339Time() {
    String out = kubectl.ok("logs", "history", "--timestamps").stdout();
    String[] lines = out.split("\n");
    assertEquals(2, lines.length, out);
    assertEquals("2020-01-01T00:00:00.5Z ancient", lines[0]);
    assertTrue(lines[1].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z recent"), out);
  }

  @Test
  void sinceLeavesOutOlderLines() {
    assertEquals("recent\n", kubectl.ok("logs", "history", "--since=1h").stdout());
    assertEquals("ancient\nrecent\n", kubectl.ok("logs", "history", "--since-time=2019-12-31T00:00:00Z").stdout());
    assertEquals("recent\n", kubectl.ok("logs", "history", "--since-time=2020-01-01T00:00:01Z").stdout());
  }

  @Test
  void limitBytesCutsTheOutput() {
    assertEquals("a li", kubectl.ok("logs", "web", "-c", "a", "--limit-bytes=4").stdout());
  }

  @Test
  void previousShowsTheAttemptBeforeTheCurrentOne() {
    assertEquals("a first run\n", kubectl.ok("logs", "web", "-c", "a", "--previous").stdout());
  }

  @Test
  void previousOfAContainerThatNeverRestartedIsAnError() {
    Result r = kubectl.run("logs", "web", "-c", "b", "--previous");
    assertEquals(1, r.exitCode(), r.describe());
    assertTrue(r.stderr().contains("previous terminated container \"b\" in pod \"web\" not found"), r.describe());
  }

  @Test
  void aContainerWaitingToRestartShowsTheRunThatEnded() {
    assertEquals("panic: no config\n", kubectl.ok("logs", "crashing").stdout());
  }

  @Test
  void followSendsNewLinesAndEndsWhenTheContainerExits() {
    try (Kubectl.Background follow = kubectl.background("logs", "-f", "follower")) {
      follow.awaitOutput("the existing line", out -> out.contains("before\n"), WAIT);
      runtime.log(followerId, "stdout", "after");
      follow.awaitOutput("the appended line", out -> out.contains("after\n"), WAIT);
      runtime.log(followerId, "stdout", "last words");
      runtime.exit(followerId, 0);
      Result r = follow.awaitExit(WAIT);
      assertEquals(0, r.exitCode(), r.describe());
      assertEquals("before\nafter\nlast words\n", r.stdout(), r.describe());
    }
  }

  @Test
  void anUnknownContainerIsNamedInTheError() {
    Result r = kubectl.run("logs", "web", "-c", "x");
    assertEquals(1, r.exitCode(), r.describe());
    assertTrue(r.stderr().contains("container x is not valid for pod web"), r.describe());
  }

  @Test
  void aContainerNotStartedYetSaysWhatItWaitsFor() {
    Result r = kubectl.run("logs", "starting");
    assertEquals(1, r.exitCode(), r.describe());
    assertTrue(r.stderr().contains("container \"app\" in pod \"starting\" is waiting to start: ContainerCreating"),
        r.describe());
  }

  @Test
  void aPodNotScheduledYetHasNoLogs() {
    Result r = kubectl.run("logs", "pending");
    assertEquals(1, r.exitCode(), r.describe());
    assertTrue(r.stderr().contains("pod pending is not running on a node yet"), r.describe());
  }

  @Test
  void aNodeWithoutAnAgentEndpointIsUnavailable() {
    Result r = kubectl.run("logs", "orphan");
    assertEquals(1, r.exitCode(), r.describe());
    assertTrue(r.stderr().contains("ServiceUnavailable") && r.stderr().contains("node node-without-agent has no agent endpoint"),
        r.describe());
  }

  @Test
  void logsOfAMissingPodAreNotFound() {
    Result r = kubectl.run("logs", "nope");
    assertEquals(1, r.exitCode(), r.describe());
    assertTrue(r.stderr().contains("pods \"nope\" not found"), r.describe());
  }

  // Exec

  @Test
  void execRunsTheCommandAndShowsItsOutput() {
    Result r = kubectl.ok("exec", "web", "-c", "a", "--", "echo", "hi");
    assertEquals("hi\n", r.stdout(), r.describe());
  }

  @Test
  void execKeepsStdoutAndStderrApart() {
    Result r = kubectl.ok("exec", "web", "-c", "b", "--", "sh", "-c", "echo out; echo err >&2");
    assertEquals("out\n", r.stdout(), r.describe());
    assertEquals("err\n", r.stderr(), r.describe());
  }

  @Test
  void kubectlExitsWithTheCommandsExitCode() {
    Result r = kubectl.run("exec", "web", "-c", "a", "--", "sh", "-c", "exit 3");
    assertEquals(3, r.exitCode(), r.describe());
    assertTrue(r.stderr().contains("command terminated with exit code 3"), r.describe());
  }

  @Test
  void stdinIsPipedToTheCommandAndItsEndClosesIt() {
    Result r = kubectl.runWithInput("hello\nworld\n", "exec", "-i", "web", "-c", "a", "--", "cat");
    assertEquals(0, r.exitCode(), r.describe());
    assertEquals("hello\nworld\n", r.stdout(), r.describe());
  }

  @Test
  void execIntoAnUnknownContainerIsNamedInTheError() {
    Result r = kubectl.run("exec", "web", "-c", "x", "--", "true");
    assertEquals(1, r.exitCode(), r.describe());
    assertTrue(r.stderr().contains("container x is not valid for pod web"), r.describe());
  }

  @Test
  void execIntoAContainerNotStartedYetSaysWhatItWaitsFor() {
    Result r = kubectl.run("exec", "starting", "--", "true");
    assertEquals(1, r.exitCode(), r.describe());
    assertTrue(r.stderr().contains("container \"app\" in pod \"starting\" is waiting to start: ContainerCreating"),
        r.describe());
  }

  @Test
  void execOnANodeWithoutAgentEndpointIsUnavailable() {
    Result r = kubectl.run("exec", "orphan", "--", "true");
    assertEquals(1, r.exitCode(), r.describe());
    assertTrue(r.stderr().contains("node node-without-agent has no agent endpoint"), r.describe());
  }

  @Test
  void aCommandTheContainerCannotRunIsReported() {
    Result r = kubectl.run("exec", "web", "-c", "a", "--", "no-such-command-here");
    assertEquals(1, r.exitCode(), r.describe());
    assertTrue(r.stderr().contains("cannot run [no-such-command-here] in container \"a\" of pod \"web\""), r.describe());
  }

  @Test
  void theCommandIsKilledWhenKubectlGoesAway() throws InterruptedException {
    Process command;
    try (Kubectl.Background exec = kubectl.background("exec", "web", "-c", "b", "--", "sh", "-c", "echo started; exec sleep 600")) {
      exec.awaitOutput("the command's first line", out -> out.contains("started\n"), WAIT);
      command = runtime.lastExec();
      assertTrue(command.isAlive());
    } // closing kills kubectl, which drops its WebSocket
    assertTrue(command.waitFor(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS),
        "the command is killed once its client has gone");
  }
}
