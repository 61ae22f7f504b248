package io.coxswain.agent.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** tcpSocket checks: success when a connection opens within the timeout; it is closed at once. */
public final class TcpSocketProber {

  public ProbeOutcome probe(Handler.TcpSocket action, ProbeTarget target, Duration timeout) {
    String host = target.hostOr(action.host());
    int port;
    try {
      port = target.resolvePort(action.port());
    } catch (IllegalArgumentException e) {
      return ProbeOutcome.failure(e.getMessage());
    }
    if (host == null || host.isEmpty()) return ProbeOutcome.failure("no host to probe: the pod has no IP yet");
    String address = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
      return ProbeOutcome.success("");
    } catch (SocketTimeoutException e) {
      return ProbeOutcome.failure("dial tcp " + address + ": i/o timeout");
    } catch (IOException e) {
      return ProbeOutcome.failure("dial tcp " + address + ": connect: " + lower(e.getMessage()));
    }
  }

  /** Go prints "connection refused"; the JDK says "Connection refused". */
  private static String lower(String message) {
    if (message == null || message.isEmpty()) return "connection failed";
    return Character.toLowerCase(message.charAt(0)) + message.substring(1);
  }
}
