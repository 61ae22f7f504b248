package io.coxswain.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.core.Json;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpSocketProberTest {
  private final TcpSocketProber prober = new TcpSocketProber();

  @Test
  void openPortSucceeds() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ProbeTarget target = new ProbeTarget(null, "id", "127.0.0.1", null);
      ProbeOutcome o = prober.probe(new Handler.TcpSocket("", String.valueOf(server.getLocalPort())), target, Duration.ofSeconds(2));
      assertEquals(ProbeOutcome.Result.SUCCESS, o.result());
    }
  }

  @Test
  void closedPortFailsWithConnectionRefused() throws Exception {
    int port;
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = server.getLocalPort();
    }
    ProbeOutcome o = prober.probe(new Handler.TcpSocket("127.0.0.1", String.valueOf(port)), new ProbeTarget(null, "id", "10.9.9.9", null),
        Duration.ofSeconds(2));
    assertEquals(ProbeOutcome.Result.FAILURE, o.result());
    assertTrue(o.message().startsWith("dial tcp 127.0.0.1:" + port + ": connect: "), o.message());
  }

  @Test
  void namedPortResolvesToTheContainerPort() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var container = Json.MAPPER.createObjectNode();
      container.putArray("ports").addObject().put("name", "db").put("containerPort", server.getLocalPort());
      ProbeOutcome o = prober.probe(new Handler.TcpSocket("", "db"), new ProbeTarget(null, "id", "127.0.0.1", container), Duration.ofSeconds(2));
      assertEquals(ProbeOutcome.Result.SUCCESS, o.result());
    }
  }

  @Test
  void unknownPortNameFails() {
    ProbeOutcome o = prober.probe(new Handler.TcpSocket("", "nope"), new ProbeTarget(null, "id", "127.0.0.1", Json.MAPPER.createObjectNode()),
        Duration.ofSeconds(1));
    assertEquals(ProbeOutcome.Result.FAILURE, o.result());
  }
}
