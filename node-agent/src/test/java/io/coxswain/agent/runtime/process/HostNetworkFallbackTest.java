package io.coxswain.agent.runtime.process;

import static io.coxswain.agent.runtime.process.RuntimeFixture.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.PodSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The host-network fallback, forced by configuration because this machine could do better: what
 * an agent without root or without {@code ip} gets. The runtime says why, pods get the node's IP,
 * and containers share the node's network namespace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostNetworkFallbackTest {
  private RuntimeFixture fixture;

  @BeforeAll
  void createRuntime() throws IOException {
    fixture = new RuntimeFixture(8, true);
  }

  @AfterAll
  void cleanUp() {
    fixture.close();
  }

  @Test
  void podsShareTheNodesNetworkAndTheRuntimeSaysWhy() throws Exception {
    assertFalse(fixture.runtime.isolatesNetwork());
    assertTrue(fixture.runtime.networkFallbackReason().orElseThrow().contains("forced"), fixture.runtime.networkFallbackReason().toString());
    assertFalse(PodNetwork.interfaceExists(fixture.bridge()), "no bridge is created for a host-network runtime");

    PodSandbox sandbox = fixture.sandbox("fallback");
    assertFalse(sandbox.ownNetwork());
    assertEquals("127.0.0.1", sandbox.podIP(), "the node's IP");
    ContainerStatus status = fixture.runtime.startContainer("fallback", container("show", 0, "readlink", "/proc/self/ns/net"));
    assertEquals(0, fixture.awaitExit(status.id()).exitCode());
    String nodeNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    assertTrue(fixture.logLines(status.id()).get(0).endsWith("stdout F " + nodeNamespace), "log: " + fixture.logLines(status.id()));
  }
}
