package io.coxswain.agent.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coxswain.actors.node.NodeAgentProtocol;
import io.coxswain.actors.node.NodeAgentProtocol.Exec;
import io.coxswain.actors.node.NodeAgentProtocol.ExecFrame;
import io.coxswain.actors.node.NodeAgentProtocol.ExecStream;
import io.coxswain.actors.node.NodeAgentProtocol.LogStream;
import io.coxswain.actors.node.NodeAgentProtocol.StreamLogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two actor systems talking over Artery, as the API server and a node agent do: the endpoint's
 * reference travels as the Node annotation's string, and logs and exec stream across with the
 * protocol serialized by Jackson.
 */
class EndpointAcrossNodesTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  static Path dir;

  static ActorTestKit agentSide;
  static ActorTestKit apiSide;
  static LocalTestRuntime runtime;
  static ActorRef<NodeAgentProtocol.Command> endpoint;

  private static Config member(String role) {
    return ConfigFactory.parseString(
            "pekko.actor.provider = cluster\n"
                + "pekko.cluster.roles = [" + role + "]\n"
                + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
                + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                + "pekko.remote.artery.canonical.port = 0\n")
        .withFallback(ConfigFactory.parseResources("coxswain-serialization.conf"))
        .withFallback(ConfigFactory.load());
  }

  @BeforeAll
  static void start() {
    // One cluster, as a control-plane member and a node agent form it (stream references rely on
    // watching the other side, which Pekko allows between members only).
    apiSide = ActorTestKit.create("coxswain", member("control-plane"));
    agentSide = ActorTestKit.create("coxswain", member("node"));
    Address seed = Cluster.get(apiSide.system()).selfMember().address();
    Cluster.get(apiSide.system()).manager().tell(Join.create(seed));
    Cluster.get(agentSide.system()).manager().tell(Join.create(seed));
    apiSide.createTestProbe().awaitAssert(WAIT, () -> {
      long up = 0;
      for (Member m : Cluster.get(apiSide.system()).state().getMembers()) if (m.status() == MemberStatus.up()) up++;
      assertEquals(2, up, "both members are up");
      return null;
    });
    runtime = new LocalTestRuntime(dir);
    ActorRef<NodeAgentProtocol.Command> local =
        agentSide.spawn(NodeAgentEndpoint.create(PodLocator.fromSandboxes(runtime), runtime), "endpoint");
    String annotation = NodeAgentEndpoint.annotationValue(agentSide.system(), local);
    endpoint = ActorRefResolver.get(apiSide.system()).resolveActorRef(annotation);
  }

  @AfterAll
  static void stop() {
    apiSide.shutdownTestKit();
    agentSide.shutdownTestKit();
    runtime.close();
  }

  @Test
  void logsStreamFromAnotherNode() throws Exception {
    String id = runtime.start("uid-logs", "default", "logs", "app");
    runtime.log(id, "stdout", "from the agent");
    LogStream stream = AskPattern.<NodeAgentProtocol.Command, LogStream>askWithStatus(endpoint,
            r -> new StreamLogs("default", "logs", "app", null, false, false, true, 5L, null,
                "2000-01-01T00:00:00Z", 1000L, r),
            WAIT, apiSide.scheduler())
        .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    List<byte[]> chunks = stream.data().getSource().runWith(Sink.seq(), Materializer.matFromSystem(apiSide.system()))
        .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    String text = new String(chunks.get(0), StandardCharsets.UTF_8);
    assertEquals(1, chunks.size());
    assertEquals(true, text.endsWith("Z from the agent\n"), text);
  }

  @Test
  void execStreamsBothWaysFromAnotherNode() throws Exception {
    runtime.start("uid-exec", "default", "exec", "app");
    Materializer mat = Materializer.matFromSystem(apiSide.system());
    Pair<BoundedSourceQueue<ExecFrame>, SourceRef<ExecFrame>> input =
        Source.<ExecFrame>queue(16).toMat(StreamRefs.sourceRef(), Keep.both()).run(mat);
    ExecStream stream = AskPattern.<NodeAgentProtocol.Command, ExecStream>askWithStatus(endpoint,
            r -> new Exec("default", "exec", "app", null, List.of("sh", "-c", "cat; exit 7"), true, true, true, false,
                input.second(), r),
            WAIT, apiSide.scheduler())
        .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    input.first().offer(new ExecFrame(NodeAgentProtocol.STDIN, "ping\n".getBytes(StandardCharsets.UTF_8)));
    input.first().offer(new ExecFrame(NodeAgentProtocol.CLOSE, new byte[] {0}));
    List<ExecFrame> frames = stream.frames().getSource().runWith(Sink.seq(), mat)
        .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    StringBuilder out = new StringBuilder();
    for (ExecFrame f : frames) if (f.channel() == NodeAgentProtocol.STDOUT) out.append(new String(f.data(), StandardCharsets.UTF_8));
    assertEquals("ping\n", out.toString());
    ExecFrame last = frames.get(frames.size() - 1);
    assertEquals(NodeAgentProtocol.STATUS, last.channel());
    String status = new String(last.data(), StandardCharsets.UTF_8);
    assertEquals(true, status.contains("\"reason\":\"NonZeroExitCode\"") && status.contains("\"message\":\"7\""), status);
  }
}
