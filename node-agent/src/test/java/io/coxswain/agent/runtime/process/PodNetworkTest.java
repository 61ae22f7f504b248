package io.coxswain.agent.runtime.process;

import static io.coxswain.agent.runtime.process.RuntimeFixture.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.PodSandbox;
import io.coxswain.agent.runtime.SandboxConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Pod networking: one namespace per pod shared by its containers, pod addresses from the CIDR,
 * traffic between pods over the node bridge. All traffic stays on loopback or between the
 * namespaces this test creates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodNetworkTest {
  /** Listens on the port, prints "listening", then prints what one client sends. */
  private static final String SERVER = String.join("\n",
      "import socket, sys",
      "s = socket.socket()",
      "s.bind((sys.argv[1], int(sys.argv[2])))",
      "s.listen(1)",
      "print('listening', flush=True)",
      "c, _ = s.accept()",
      "print('got: ' + c.recv(100).decode(), flush=True)");
  private static final String CLIENT = String.join("\n",
      "import socket, sys",
      "c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)",
      "c.sendall(sys.argv[3].encode())",
      "c.close()");

  private RuntimeFixture fixture;

  @BeforeAll
  void createRuntime() throws IOException {
    fixture = new RuntimeFixture(3).requireFullIsolation();
  }

  @AfterEach
  void removePods() {
    fixture.removeAllSandboxes();
  }

  @AfterAll
  void cleanUp() {
    fixture.close();
  }

  private ContainerStatus server(String pod, String name, String address, int port) throws Exception {
    ContainerStatus server = fixture.runtime.startContainer(pod, container(name, 0, "python3", "-c", SERVER, address, Integer.toString(port)));
    fixture.awaitLog(server.id(), "listening");
    return server;
  }

  private ContainerStatus client(String pod, String name, String address, int port, String message) throws Exception {
    return fixture.runtime.startContainer(pod, container(name, 0, "python3", "-c", CLIENT, address, Integer.toString(port), message));
  }

  @Test
  void containersOfOnePodTalkOverLocalhost() throws Exception {
    fixture.sandbox("localhost-pod");
    ContainerStatus server = server("localhost-pod", "server", "127.0.0.1", 9000);
    ContainerStatus client = client("localhost-pod", "client", "127.0.0.1", 9000, "hello over lo");
    assertEquals(0, fixture.awaitExit(client.id()).exitCode(), "client log: " + fixture.logLines(client.id()));
    assertEquals(0, fixture.awaitExit(server.id()).exitCode());
    assertTrue(fixture.logLines(server.id()).stream().anyMatch(line -> line.endsWith("stdout F got: hello over lo")));
  }

  @Test
  void twoPodsBothBindPort8080AndReachEachOtherOverTheBridge() throws Exception {
    PodSandbox a = fixture.sandbox("port-a");
    PodSandbox b = fixture.sandbox("port-b");
    ContainerStatus serverA = server("port-a", "web", "0.0.0.0", 8080);
    ContainerStatus serverB = server("port-b", "web", "0.0.0.0", 8080);
    // pod a to pod b's address: across the veth pairs and the bridge
    ContainerStatus client = client("port-a", "client", b.podIP(), 8080, "from pod a");
    assertEquals(0, fixture.awaitExit(client.id()).exitCode(), "client log: " + fixture.logLines(client.id()));
    assertEquals(0, fixture.awaitExit(serverB.id()).exitCode());
    assertTrue(fixture.logLines(serverB.id()).stream().anyMatch(line -> line.endsWith("stdout F got: from pod a")));
    // the node reaches pod a's address through the bridge, where the gateway lives
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(a.podIP(), 8080), 10_000);
      try (OutputStream out = socket.getOutputStream()) {
        out.write("from the node".getBytes(StandardCharsets.UTF_8));
      }
    }
    assertEquals(0, fixture.awaitExit(serverA.id()).exitCode());
    assertTrue(fixture.logLines(serverA.id()).stream().anyMatch(line -> line.endsWith("stdout F got: from the node")));
  }

  @Test
  void podsGetDistinctAddressesInsideTheCidrOnTheirOwnInterface() throws Exception {
    Set<String> addresses = new HashSet<>();
    for (String pod : List.of("ip-a", "ip-b", "ip-c")) {
      PodSandbox sandbox = fixture.sandbox(pod);
      assertTrue(sandbox.ownNetwork());
      assertTrue(sandbox.podIP().startsWith(fixture.cidrPrefix()), sandbox.podIP());
      assertNotEquals(fixture.cidrPrefix() + "1", sandbox.podIP(), "the first address is the bridge's gateway");
      addresses.add(sandbox.podIP());
      ContainerConfig showAddress = new ContainerConfig("show", 0, "none", List.of("ip", "-o", "-4", "addr", "show", "dev", "eth0"),
          RuntimeFixture.env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), null, List.of(), 0, 0, false, false);
      ContainerStatus shown = fixture.runtime.startContainer(pod, showAddress);
      assertEquals(0, fixture.awaitExit(shown.id()).exitCode(), "log: " + fixture.logLines(shown.id()));
      assertTrue(fixture.logLines(shown.id()).get(0).contains(" inet " + sandbox.podIP() + "/24 "), "log: " + fixture.logLines(shown.id()));
    }
    assertEquals(3, addresses.size(), "addresses: " + addresses);
  }

  @Test
  void podHasItsOwnHostname() throws Exception {
    fixture.runtime.runPodSandbox(new SandboxConfig("hostname-pod", "default", "web-0", false, "web-0"));
    ContainerStatus status = fixture.runtime.startContainer("hostname-pod", container("show", 0, "cat", "/proc/sys/kernel/hostname"));
    fixture.awaitExit(status.id());
    assertTrue(fixture.logLines(status.id()).get(0).endsWith("stdout F web-0"), "log: " + fixture.logLines(status.id()));
  }

  @Test
  void stoppedSandboxReleasesNamespaceInterfaceAndAddress() throws Exception {
    PodSandbox first = fixture.sandbox("released");
    String netns = PodNetwork.netnsName(fixture.bridge(), "released");
    String veth = PodNetwork.vethName(fixture.bridge(), "released");
    assertTrue(Files.exists(PodNetwork.NETNS_DIR.resolve(netns)));
    assertTrue(PodNetwork.interfaceExists(veth));
    fixture.runtime.startContainer("released", container("app", 0, "sleep", "60"));

    fixture.runtime.stopPodSandbox("released", Duration.ofSeconds(5));
    assertFalse(Files.exists(PodNetwork.NETNS_DIR.resolve(netns)), "namespace removed");
    assertFalse(PodNetwork.interfaceExists(veth), "veth removed");
    PodSandbox stopped = fixture.runtime.listPodSandboxes().stream().filter(s -> s.podUid().equals("released")).findFirst().orElseThrow();
    assertEquals(null, stopped.podIP(), "a stopped sandbox no longer owns an address");
    PodSandbox next = fixture.sandbox("next");
    assertEquals(first.podIP(), next.podIP(), "the released address is the lowest free one again");
  }

  @Test
  void addressClaimsSurviveARestartOfTheRuntime() throws Exception {
    PodSandbox before = fixture.sandbox("survivor");
    fixture.restart();
    PodSandbox again = fixture.sandbox("survivor");
    PodSandbox other = fixture.sandbox("newcomer");
    assertEquals(before.podIP(), again.podIP(), "running the same sandbox again returns it unchanged");
    assertNotEquals(before.podIP(), other.podIP(), "a new pod does not get an address that is still claimed");
  }

  @Test
  void sandboxThatLostItsNamespacesIsSetUpAgainWithItsAddress() throws Exception {
    PodSandbox before = fixture.runtime.runPodSandbox(new SandboxConfig("rebooted", "default", "web-1", false, "web-1"));
    // what a reboot leaves: the records on disk, no namespaces
    new Host().run(List.of("ip", "netns", "del", PodNetwork.netnsName(fixture.bridge(), "rebooted")));
    new Host().run(List.of("umount", fixture.root.resolve("pods/rebooted/uts").toString()));

    PodSandbox after = fixture.runtime.runPodSandbox(new SandboxConfig("rebooted", "default", "web-1", false, "web-1"));
    assertEquals(before.podIP(), after.podIP(), "the pod keeps its claimed address");
    ContainerStatus status = fixture.runtime.startContainer("rebooted",
        new ContainerConfig("show", 0, "none", List.of("bash", "-c", "ip -o -4 addr show dev eth0; cat /proc/sys/kernel/hostname"),
            RuntimeFixture.env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), null, List.of(), 0, 0, false, false));
    assertEquals(0, fixture.awaitExit(status.id()).exitCode(), "log: " + fixture.logLines(status.id()));
    List<String> log = fixture.logLines(status.id());
    assertTrue(log.get(0).contains(" inet " + after.podIP() + "/24 "), "log: " + log);
    assertTrue(log.get(1).endsWith("stdout F web-1"), "log: " + log);
  }

  @Test
  void hostNetworkPodSharesTheNodesNetwork() throws Exception {
    PodSandbox sandbox = fixture.runtime.runPodSandbox(new SandboxConfig("host-pod", "default", "host-pod", true, "host-pod"));
    assertFalse(sandbox.ownNetwork());
    assertEquals("127.0.0.1", sandbox.podIP(), "the node IP of the fixture");
    ContainerStatus status = fixture.runtime.startContainer("host-pod", container("show", 0, "readlink", "/proc/self/ns/net"));
    fixture.awaitExit(status.id());
    String nodeNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    assertTrue(fixture.logLines(status.id()).get(0).endsWith("stdout F " + nodeNamespace), "log: " + fixture.logLines(status.id()));
  }
}
