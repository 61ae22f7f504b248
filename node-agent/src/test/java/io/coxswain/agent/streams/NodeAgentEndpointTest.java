package io.coxswain.agent.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.coxswain.actors.node.NodeAgentProtocol;
import io.coxswain.actors.node.NodeAgentProtocol.Exec;
import io.coxswain.actors.node.NodeAgentProtocol.ExecFrame;
import io.coxswain.actors.node.NodeAgentProtocol.ExecStream;
import io.coxswain.actors.node.NodeAgentProtocol.LogStream;
import io.coxswain.actors.node.NodeAgentProtocol.StreamLogs;
import io.coxswain.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint with a runtime double whose exec runs real local processes. Every message is
 * serialized on the way (serialize-messages), so the protocol's records and stream references are
 * proven to cross a node boundary's serializer.
 */
class NodeAgentEndpointTest {
  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
          "pekko.actor.provider = local\n"
              + "pekko.actor.serialize-messages = on\n"
              + "pekko.actor.no-serialization-verification-needed-class-prefix = [\"org.apache.pekko.\"]")
      .withFallback(ConfigFactory.parseResources("coxswain-serialization.conf"))
      .withFallback(ConfigFactory.load()));
  static final Duration WAIT = Duration.ofSeconds(20);
  static final Materializer mat = Materializer.matFromSystem(testKit.system());

  @TempDir
  Path dir;

  private LocalTestRuntime runtime;
  private ActorRef<NodeAgentProtocol.Command> endpoint;

  @BeforeEach
  void spawn() {
    runtime = new LocalTestRuntime(dir);
    endpoint = testKit.spawn(NodeAgentEndpoint.create(PodLocator.fromSandboxes(runtime), runtime,
        new NodeAgentEndpoint.Settings(Clock.systemUTC(), Duration.ofMillis(20), Duration.ofSeconds(5))));
  }

  @AfterEach
  void stop() {
    testKit.stop(endpoint);
    runtime.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  // Logs

  private SourceRef<byte[]> logs(String container, String containerId, boolean follow, boolean previous, Long tail) {
    return await(AskPattern.<NodeAgentProtocol.Command, LogStream>askWithStatus(endpoint,
        r -> new StreamLogs("default", "web", container, containerId, follow, previous, false, tail, null, null, null, r),
        WAIT, testKit.scheduler())).data();
  }

  private static String text(SourceRef<byte[]> ref) {
    List<byte[]> chunks = await(ref.getSource().runWith(Sink.seq(), mat));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.forEach(out::writeBytes);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void logsShowTheNewestAttemptAndPreviousTheOneBefore() {
    String first = runtime.start("uid-1", "default", "web", "app");
    runtime.log(first, "stdout", "first run");
    runtime.exit(first, 1);
    String second = runtime.start("uid-1", "default", "web", "app");
    runtime.log(second, "stdout", "second run");
    runtime.log(second, "stderr", "second err");

    assertEquals("second run\nsecond err\n", text(logs("app", null, false, false, null)));
    assertEquals("first run\n", text(logs("app", null, false, true, null)));
    assertEquals("second err\n", text(logs("app", null, false, false, 1L)));
  }

  @Test
  void theAttemptNamedByThePodStatusWinsOverTheNewest() {
    String first = runtime.start("uid-1", "default", "web", "app");
    runtime.log(first, "stdout", "first run");
    runtime.exit(first, 1);
    String second = runtime.start("uid-1", "default", "web", "app");
    runtime.log(second, "stdout", "second run");

    assertEquals("first run\n", text(logs("app", "local-test://" + first, false, true, null)));
    // An id the runtime does not know (another scheme's, a removed attempt) falls back to attempts.
    assertEquals("second run\n", text(logs("app", "other://gone", false, false, null)));
  }

  @Test
  void followSendsAppendedLinesAndEndsOnceTheContainerExits() throws Exception {
    String id = runtime.start("uid-1", "default", "web", "app");
    runtime.log(id, "stdout", "before");
    SinkQueueWithCancel<byte[]> queue = logs("app", null, true, false, null).getSource().runWith(Sink.queue(), mat);

    assertEquals("before\n", new String(pull(queue).orElseThrow(), StandardCharsets.UTF_8));
    runtime.log(id, "stdout", "after");
    assertEquals("after\n", new String(pull(queue).orElseThrow(), StandardCharsets.UTF_8));
    runtime.log(id, "stdout", "last words");
    runtime.exit(id, 0);
    StringBuilder rest = new StringBuilder();
    for (Optional<byte[]> chunk = pull(queue); chunk.isPresent(); chunk = pull(queue)) {
      rest.append(new String(chunk.get(), StandardCharsets.UTF_8));
    }
    assertEquals("last words\n", rest.toString());
  }

  @Test
  void previousWithoutAnEarlierAttemptIsRefusedWithKubeletsMessage() {
    runtime.start("uid-1", "default", "web", "app");
    ExecutionException e = assertRefused(AskPattern.<NodeAgentProtocol.Command, LogStream>askWithStatus(endpoint,
        r -> new StreamLogs("default", "web", "app", null, false, true, false, null, null, null, null, r),
        WAIT, testKit.scheduler()));
    assertEquals("previous terminated container \"app\" in pod \"web\" not found", e.getCause().getMessage());
  }

  @Test
  void aPodNotOnThisNodeIsRefused() {
    ExecutionException e = assertRefused(AskPattern.<NodeAgentProtocol.Command, LogStream>askWithStatus(endpoint,
        r -> new StreamLogs("default", "nowhere", "app", null, false, false, false, null, null, null, null, r),
        WAIT, testKit.scheduler()));
    assertEquals("pod \"nowhere\" in namespace \"default\" is not running on this node", e.getCause().getMessage());
  }

  // Exec

  /** A running exec: its input queue and its output frames. */
  private record Session(BoundedSourceQueue<ExecFrame> input, SourceRef<ExecFrame> output) {}

  private Session exec(boolean stdin, boolean stdout, boolean stderr, String... command) {
    Pair<BoundedSourceQueue<ExecFrame>, SourceRef<ExecFrame>> input =
        Source.<ExecFrame>queue(64).toMat(StreamRefs.sourceRef(), Keep.both()).run(mat);
    ExecStream stream = await(AskPattern.<NodeAgentProtocol.Command, ExecStream>askWithStatus(endpoint,
        r -> new Exec("default", "web", "app", null, List.of(command), stdin, stdout, stderr, false, input.second(), r),
        WAIT, testKit.scheduler()));
    return new Session(input.first(), stream.frames());
  }

  /** Frames until the output ends, concatenated per channel. */
  private static String[] channels(SourceRef<ExecFrame> output) {
    List<ExecFrame> frames = await(output.getSource().runWith(Sink.seq(), mat));
    StringBuilder[] out = {new StringBuilder(), new StringBuilder(), new StringBuilder(), new StringBuilder()};
    for (ExecFrame f : frames) out[f.channel()].append(new String(f.data(), StandardCharsets.UTF_8));
    assertEquals(NodeAgentProtocol.STATUS, frames.get(frames.size() - 1).channel(), "the Status frame comes last");
    return new String[] {out[0].toString(), out[1].toString(), out[2].toString(), out[3].toString()};
  }

  private static JsonNode json(String s) {
    try {
      return Json.MAPPER.readTree(s);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }

  @Test
  void execSendsStdoutAndStderrOnTheirChannelsThenSuccess() {
    runtime.start("uid-1", "default", "web", "app");
    Session s = exec(false, true, true, "sh", "-c", "echo out; echo err >&2");
    String[] ch = channels(s.output());
    assertEquals("out\n", ch[1]);
    assertEquals("err\n", ch[2]);
    assertEquals("Success", json(ch[3]).path("status").asText(), ch[3]);
  }

  @Test
  void aNonZeroExitEndsWithNonZeroExitCodeAndTheCodeAsCause() {
    runtime.start("uid-1", "default", "web", "app");
    String[] ch = channels(exec(false, true, true, "sh", "-c", "exit 3").output());
    JsonNode status = json(ch[3]);
    assertEquals("Failure", status.path("status").asText(), ch[3]);
    assertEquals("NonZeroExitCode", status.path("reason").asText(), ch[3]);
    assertEquals("ExitCode", status.path("details").path("causes").path(0).path("reason").asText(), ch[3]);
    assertEquals("3", status.path("details").path("causes").path(0).path("message").asText(), ch[3]);
  }

  @Test
  void stdinFramesReachTheCommandAndTheCloseFrameEndsIt() {
    runtime.start("uid-1", "default", "web", "app");
    Session s = exec(true, true, true, "cat");
    s.input().offer(new ExecFrame(NodeAgentProtocol.STDIN, "hello\n".getBytes(StandardCharsets.UTF_8)));
    s.input().offer(new ExecFrame(NodeAgentProtocol.STDIN, "world\n".getBytes(StandardCharsets.UTF_8)));
    s.input().offer(new ExecFrame(NodeAgentProtocol.CLOSE, new byte[] {0}));
    String[] ch = channels(s.output());
    assertEquals("hello\nworld\n", ch[1]);
    assertEquals("Success", json(ch[3]).path("status").asText());
  }

  @Test
  void withoutStdinTheCommandReadsEndOfFileAtOnce() {
    runtime.start("uid-1", "default", "web", "app");
    String[] ch = channels(exec(false, true, true, "cat").output());
    assertEquals("", ch[1]);
    assertEquals("Success", json(ch[3]).path("status").asText());
  }

  @Test
  void unwantedOutputIsDroppedButStillDrained() {
    runtime.start("uid-1", "default", "web", "app");
    // More than a pipe holds: the command would block forever if nobody read its stdout.
    String[] ch = channels(exec(false, false, true, "sh", "-c", "head -c 1000000 /dev/zero; echo done >&2").output());
    assertEquals("", ch[1]);
    assertEquals("done\n", ch[2]);
  }

  @Test
  void resizeFramesResizeTheTerminal() {
    runtime.start("uid-1", "default", "web", "app");
    Session s = exec(true, true, true, "cat");
    s.input().offer(new ExecFrame(NodeAgentProtocol.RESIZE, "{\"Width\":120,\"Height\":40}".getBytes(StandardCharsets.UTF_8)));
    s.input().offer(new ExecFrame(NodeAgentProtocol.CLOSE, new byte[] {0}));
    channels(s.output());
    assertArrayEquals(new int[] {120, 40}, runtime.execs.get(0).resizes.get(0));
  }

  @Test
  void theCommandIsKilledWhenTheClientGoesAway() throws Exception {
    runtime.start("uid-1", "default", "web", "app");
    Session s = exec(true, true, true, "sleep", "600");
    SinkQueueWithCancel<ExecFrame> out = s.output().getSource().runWith(Sink.queue(), mat);
    s.input().complete();
    Optional<ExecFrame> status = pull(out);
    assertTrue(status.isPresent(), "the output ends with a Status");
    assertEquals(NodeAgentProtocol.STATUS, status.get().channel());
    assertTrue(runtime.execs.get(0).killed, "the command was killed");
    assertFalse(runtime.execs.get(0).process.isAlive());
  }

  @Test
  void theCommandIsKilledWhenTheOutputIsCancelled() throws Exception {
    runtime.start("uid-1", "default", "web", "app");
    Session s = exec(true, true, true, "sh", "-c", "echo started; sleep 600");
    SinkQueueWithCancel<ExecFrame> out = s.output().getSource().runWith(Sink.queue(), mat);
    assertEquals("started\n", new String(pull(out).orElseThrow().data(), StandardCharsets.UTF_8));
    out.cancel();
    runtime.execs.get(0).exitCode().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(runtime.execs.get(0).killed, "the command was killed");
  }

  @Test
  void execIntoAnExitedContainerIsRefused() {
    String id = runtime.start("uid-1", "default", "web", "app");
    runtime.exit(id, 0);
    Pair<BoundedSourceQueue<ExecFrame>, SourceRef<ExecFrame>> input =
        Source.<ExecFrame>queue(4).toMat(StreamRefs.sourceRef(), Keep.both()).run(mat);
    ExecutionException e = assertRefused(AskPattern.<NodeAgentProtocol.Command, ExecStream>askWithStatus(endpoint,
        r -> new Exec("default", "web", "app", null, List.of("true"), false, true, true, false, input.second(), r),
        WAIT, testKit.scheduler()));
    assertEquals("container \"app\" in pod \"web\" is not running", e.getCause().getMessage());
  }

  // Helpers

  private static <T> Optional<T> pull(SinkQueueWithCancel<T> queue) throws Exception {
    return queue.pull().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  private static ExecutionException assertRefused(java.util.concurrent.CompletionStage<?> stage) {
    try {
      Object r = stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      return fail("expected a refusal, got " + r);
    } catch (ExecutionException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @SuppressWarnings("unused")
  private static List<String> lines(String s) {
    return new ArrayList<>(List.of(s.split("\n")));
  }
}
