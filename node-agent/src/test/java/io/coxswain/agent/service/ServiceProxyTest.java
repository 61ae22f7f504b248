package io.coxswain.agent.service;

import static io.coxswain.agent.service.ServiceObjects.service;
import static io.coxswain.agent.service.ServiceObjects.slices;
import static io.coxswain.agent.service.ServiceObjects.table;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.service.ServiceObjects.Ep;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy over real loopback sockets: a NodePort frontend on a free port in front of test
 * endpoints, with the Service view fed by hand. ClusterIPs are not bound here (that needs root and
 * touches the host's interfaces; the end-to-end test covers it).
 */
class ServiceProxyTest {
  final ServiceView view = new ServiceView();
  final List<TestBackend> backends = new ArrayList<>();
  ServiceProxy proxy;
  int nodePort;

  @BeforeEach
  void start() throws IOException {
    nodePort = freePort();
    proxy = ServiceProxy.start(view, new ServiceProxy.Settings("proxy-test", false, 2));
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    for (TestBackend b : backends) b.close();
  }

  private List<TestBackend> backends(int n) throws IOException {
    for (int i = 0; i < n; i++) backends.add(new TestBackend("pod-" + i));
    return backends;
  }

  /** Publishes the Service with these endpoints and waits until the proxy has applied it. */
  private void publish(ObjectNode svc, List<Ep> endpoints) {
    view.publish(table(List.of(svc), slices("web", svc.path("spec").path("ports").get(0).path("protocol").asText(), endpoints)), true);
    proxy.listening(); // runs after the reconcile the publish queued
  }

  private ObjectNode web() {
    return service("web", null, 80, nodePort);
  }

  private static List<Ep> ready(List<TestBackend> bs) {
    return bs.stream().map(b -> Ep.ready("127.0.0.1", b.port())).toList();
  }

  private String ask(String mode) throws IOException {
    try (Socket s = new Socket("127.0.0.1", nodePort)) {
      s.getOutputStream().write((mode + "\n").getBytes(StandardCharsets.UTF_8));
      return TestBackend.readLine(s.getInputStream());
    }
  }

  @Test
  void connectionsAreSpreadOverEveryReadyEndpoint() throws Exception {
    publish(web(), ready(backends(3)));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 30; i++) seen.add(ask("NAME"));
    assertEquals(Set.of("pod-0", "pod-1", "pod-2"), seen);
  }

  @Test
  void anEndpointTurningNotReadyGetsNoNewConnections() throws Exception {
    List<TestBackend> bs = backends(3);
    publish(web(), ready(bs));
    publish(web(), List.of(Ep.ready("127.0.0.1", bs.get(0).port()), Ep.notReady("127.0.0.1", bs.get(1).port()),
        Ep.ready("127.0.0.1", bs.get(2).port())));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 30; i++) seen.add(ask("NAME"));
    assertEquals(Set.of("pod-0", "pod-2"), seen);
  }

  @Test
  void withoutAReadyEndpointConnectionsAreRefusedAtOnce() throws Exception {
    List<TestBackend> bs = backends(1);
    publish(web(), ready(bs));
    assertEquals("pod-0", ask("NAME"));
    publish(web(), List.of(Ep.notReady("127.0.0.1", bs.get(0).port())));
    assertThrows(ConnectException.class, () -> ask("NAME"));
    publish(web(), ready(bs));
    assertEquals("pod-0", ask("NAME"), "the frontend listens again once an endpoint is ready");
  }

  @Test
  void anEndpointThatRefusesIsSkipped() throws Exception {
    List<TestBackend> bs = backends(1);
    int dead = freePort();
    publish(web(), List.of(Ep.ready("127.0.0.1", dead), Ep.ready("127.0.0.1", bs.get(0).port())));
    for (int i = 0; i < 6; i++) assertEquals("pod-0", ask("NAME"));
  }

  @Test
  void clientIPAffinityKeepsAClientOnOneEndpoint() throws Exception {
    ObjectNode svc = web();
    svc.with("spec").put("sessionAffinity", "ClientIP");
    publish(svc, ready(backends(3)));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) seen.add(ask("NAME"));
    assertEquals(1, seen.size(), seen.toString());
  }

  @Test
  void aHalfClosedClientStillGetsTheAnswer() throws Exception {
    publish(web(), ready(backends(1)));
    try (Socket s = new Socket("127.0.0.1", nodePort)) {
      OutputStream out = s.getOutputStream();
      out.write("COUNT\n".getBytes(StandardCharsets.UTF_8));
      out.write(new byte[100_000]);
      s.shutdownOutput(); // the backend answers only after it has seen the end of the request
      assertEquals("100000", TestBackend.readLine(s.getInputStream()));
      assertEquals(-1, s.getInputStream().read(), "the backend's close is passed on");
    }
  }

  @Test
  void largeTransfersArriveWholeBothWays() throws Exception {
    publish(web(), ready(backends(2)));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int seed = i;
        results.add(pool.submit(() -> echoes(32 << 20, seed, pool)));
      }
      for (Future<Boolean> r : results) assertTrue(r.get());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Sends {@code size} random bytes through an echo endpoint while reading them back; compares digests. */
  private boolean echoes(int size, long seed, ExecutorService pool) throws Exception {
    try (Socket s = new Socket("127.0.0.1", nodePort)) {
      Future<byte[]> sent = pool.submit(() -> {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        OutputStream out = s.getOutputStream();
        out.write("ECHO\n".getBytes(StandardCharsets.UTF_8));
        Random random = new Random(seed);
        byte[] chunk = new byte[64 << 10];
        for (int left = size; left > 0; left -= chunk.length) {
          random.nextBytes(chunk);
          int n = Math.min(left, chunk.length);
          out.write(chunk, 0, n);
          d.update(chunk, 0, n);
        }
        s.shutdownOutput();
        return d.digest();
      });
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64 << 10];
      long total = 0;
      for (int r; (r = in.read(buf)) > 0; total += r) d.update(buf, 0, r);
      assertEquals(size, total);
      assertArrayEquals(sent.get(), d.digest());
      return true;
    }
  }

  @Test
  void manyConcurrentConnectionsAreServed() throws Exception {
    publish(web(), ready(backends(3)));
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 300; i++) {
        Socket s = new Socket("127.0.0.1", nodePort);
        s.getOutputStream().write("ECHO\n".getBytes(StandardCharsets.UTF_8));
        sockets.add(s);
      }
      // every connection is open at once, and each still carries its own bytes
      for (int i = 0; i < sockets.size(); i++) sockets.get(i).getOutputStream().write(("conn " + i + "\n").getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < sockets.size(); i++) assertEquals("conn " + i, TestBackend.readLine(sockets.get(i).getInputStream()));
    } finally {
      for (Socket s : sockets) s.close();
    }
  }

  @Test
  void clientsThatVanishLeaveNoSocketOrDescriptorBehind() throws Exception {
    List<TestBackend> bs = backends(2);
    publish(web(), ready(bs));
    ask("NAME"); // every lazily opened file of the proxy's is open before counting
    long before = openFds();
    for (int round = 0; round < 5; round++) {
      List<Socket> sockets = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        Socket s = new Socket("127.0.0.1", nodePort);
        s.getOutputStream().write("ECHO\npartial".getBytes(StandardCharsets.UTF_8));
        sockets.add(s);
      }
      for (int i = 0; i < sockets.size(); i++) {
        Socket s = sockets.get(i);
        if (i % 2 == 0) s.setSoLinger(true, 0); // half vanish with a reset, half with a plain close
        s.close();
      }
    }
    await("backends lose every proxied connection", () -> bs.stream().allMatch(b -> b.openConnections() == 0));
    await("descriptors back to " + before + " (now " + openFds() + ")", () -> openFds() <= before);
  }

  @Test
  void udpDatagramsAreForwardedAndAnswered() throws Exception {
    try (DatagramSocket endpoint = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Thread echo = new Thread(() -> {
        byte[] buf = new byte[1500];
        try {
          while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            endpoint.receive(p);
            endpoint.send(new DatagramPacket(("echo " + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8), 0, p.getLength() + 5, p.getSocketAddress()));
          }
        } catch (IOException closed) {
          // test over
        }
      });
      echo.setDaemon(true);
      echo.start();
      nodePort = freeUdpPort();
      publish(ServiceObjects.udp(web()), List.of(Ep.ready("127.0.0.1", endpoint.getLocalPort())));
      client.setSoTimeout(5000);
      for (int i = 0; i < 3; i++) {
        byte[] msg = ("hello " + i).getBytes(StandardCharsets.UTF_8);
        client.send(new DatagramPacket(msg, msg.length, new InetSocketAddress("127.0.0.1", nodePort)));
        DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
        client.receive(answer);
        assertEquals("echo hello " + i, new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8));
        assertEquals(nodePort, answer.getPort(), "the answer comes from the Service's address");
      }
    }
  }

  static long openFds() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
      Thread.sleep(50);
    }
  }
}
