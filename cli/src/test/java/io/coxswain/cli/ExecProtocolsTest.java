package io.coxswain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exec as clients other than kubectl 1.32 speak it: the WebSocket subprotocols older and other
 * clients offer (v4 by the Java and Python clients, channel.k8s.io and its base64 form by older
 * ones), and the SPDY upgrade older kubectl sends, which is refused with a message saying why.
 */
class ExecProtocolsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  static Path tmp;

  private static TestServer server;
  private static AgentFixture agent;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    Kubectl kubectl = new Kubectl(server.kubeconfig(), tmp.resolve("kube-cache"));
    agent = new AgentFixture(server, kubectl, tmp.resolve("agent"), "node-1");
    agent.runningPod("shell", "app");
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (agent != null) agent.close();
  }

  /** What one WebSocket session received: the negotiated subprotocol and every message, in order. */
  private record Session(String subprotocol, List<byte[]> binary, List<String> text) {
    /** Binary frames' data per channel, concatenated. */
    String channel(int channel) {
      StringBuilder sb = new StringBuilder();
      for (byte[] m : binary) if (m.length > 0 && m[0] == channel) sb.append(new String(m, 1, m.length - 1, StandardCharsets.UTF_8));
      return sb.toString();
    }
  }

  /** Collects messages until the server closes the connection. */
  private static final class Collector implements WebSocket.Listener {
    final List<byte[]> binary = new ArrayList<>();
    final List<String> text = new ArrayList<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partBytes = new ByteArrayOutputStream();
    private final StringBuilder partText = new StringBuilder();

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      partBytes.writeBytes(b);
      if (last) {
        binary.add(partBytes.toByteArray());
        partBytes.reset();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partText.append(data);
      if (last) {
        text.add(partText.toString());
        partText.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(null);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
    }
  }

  private static URI execUri(String query, String... command) {
    StringBuilder q = new StringBuilder(query);
    for (String c : command) q.append("&command=").append(URLEncoder.encode(c, StandardCharsets.UTF_8));
    return URI.create(server.url().replace("http://", "ws://") + "/api/v1/namespaces/default/pods/shell/exec?" + q);
  }

  private static CompletableFuture<WebSocket> connect(URI uri, Collector collector, String... subprotocols) {
    WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
    if (subprotocols.length > 0) b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
    return b.buildAsync(uri, collector);
  }

  /** Runs a command without stdin and waits until the server ends the session. */
  private static Session run(String query, List<String> command, String... subprotocols) throws Exception {
    Collector c = new Collector();
    WebSocket ws = connect(execUri(query, command.toArray(String[]::new)), c, subprotocols)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    c.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return new Session(ws.getSubprotocol(), c.binary, c.text);
  }

  @Test
  void v4EndsWithTheStatusJsonOnChannel3() throws Exception {
    Session s = run("stdout=true&stderr=true", List.of("sh", "-c", "echo out; echo err >&2; exit 5"), "v4.channel.k8s.io");
    assertEquals("v4.channel.k8s.io", s.subprotocol());
    assertEquals("out\n", s.channel(1));
    assertEquals("err\n", s.channel(2));
    JsonNode status = RawApi.JSON.readTree(s.channel(3));
    assertEquals("NonZeroExitCode", status.path("reason").asText(), status.toString());
    assertEquals("5", status.path("details").path("causes").path(0).path("message").asText(), status.toString());
    Session ok = run("stdout=true", List.of("true"), "v4.channel.k8s.io");
    assertEquals("Success", RawApi.JSON.readTree(ok.channel(3)).path("status").asText());
  }

  @Test
  void thePreferredOfferedSubprotocolIsChosen() throws Exception {
    Session s = run("stdout=true", List.of("true"), "v5.channel.k8s.io", "v4.channel.k8s.io");
    assertEquals("v5.channel.k8s.io", s.subprotocol());
    Session older = run("stdout=true", List.of("true"), "v3.channel.k8s.io", "v4.channel.k8s.io");
    assertEquals("v4.channel.k8s.io", older.subprotocol(), "an unknown offer is skipped, not fatal");
  }

  @Test
  void v5ClosesStdinOnTheCloseSignalAndKeepsReading() throws Exception {
    Collector c = new Collector();
    WebSocket ws = connect(execUri("stdin=true&stdout=true&stderr=true", "sh", "-c", "cat; echo eof"), c, "v5.channel.k8s.io")
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    ws.sendBinary(ByteBuffer.wrap(frame(0, "typed\n")), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 255, 0}), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    c.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    Session s = new Session(ws.getSubprotocol(), c.binary, c.text);
    assertEquals("typed\neof\n", s.channel(1));
    assertEquals("Success", RawApi.JSON.readTree(s.channel(3)).path("status").asText());
  }

  @Test
  void channelK8sIoWritesOnlyAFailuresMessageOnChannel3() throws Exception {
    Session failed = run("stdout=true", List.of("sh", "-c", "exit 4"), "channel.k8s.io");
    assertEquals("channel.k8s.io", failed.subprotocol());
    assertTrue(failed.channel(3).startsWith("command terminated with non-zero exit code"), failed.channel(3));
    Session ok = run("stdout=true", List.of("echo", "fine"), "channel.k8s.io");
    assertEquals("fine\n", ok.channel(1));
    assertEquals("", ok.channel(3), "success sends nothing on the error channel");
  }

  @Test
  void base64VariantsSendTextFrames() throws Exception {
    Session s = run("stdout=true", List.of("echo", "encoded"), "v4.base64.channel.k8s.io");
    assertEquals("v4.base64.channel.k8s.io", s.subprotocol());
    assertTrue(s.binary().isEmpty(), "no binary frames");
    String stdout = s.text().stream().filter(t -> t.startsWith("1"))
        .map(t -> new String(Base64.getDecoder().decode(t.substring(1)), StandardCharsets.UTF_8))
        .reduce("", String::concat);
    assertEquals("encoded\n", stdout);
    assertTrue(s.text().stream().anyMatch(t -> t.startsWith("3")), "the status comes on channel 3: " + s.text());
  }

  @Test
  void onlyUnknownSubprotocolsAreRefused() {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () ->
        connect(execUri("stdout=true", "true"), new Collector(), "v9.channel.k8s.io").get(WAIT.toSeconds(), TimeUnit.SECONDS));
    WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
    assertEquals(400, handshake.getResponse().statusCode());
    assertTrue(String.valueOf(handshake.getResponse().body()).contains("v5.channel.k8s.io"),
        "the refusal lists what is served: " + handshake.getResponse().body());
  }

  @Test
  void spdyUpgradesAreRefusedWithAMessageSayingWhy() throws IOException {
    String answer = rawRequest("POST /api/v1/namespaces/default/pods/shell/exec?command=true&stdout=true HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nContent-Length: 0\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
        + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    assertTrue(answer.contains("not SPDY/3.1"), answer);
  }

  @Test
  void execWithoutAnUpgradeIsABadRequest() {
    RawApi.Answer a = new RawApi(server.url()).get("/api/v1/namespaces/default/pods/shell/exec?command=true&stdout=true");
    JsonNode status = RawApi.assertFailure("exec without upgrade", a, 400);
    assertTrue(status.path("message").asText().contains("WebSocket"), status.toString());
  }

  @Test
  void execWithoutACommandOrStreamsIsABadRequest() {
    RawApi api = new RawApi(server.url());
    assertEquals("you must specify at least 1 command", RawApi.assertFailure("no command",
        api.get("/api/v1/namespaces/default/pods/shell/exec?stdout=true"), 400).path("message").asText());
    assertEquals("you must specify at least 1 of stdin, stdout, stderr", RawApi.assertFailure("no streams",
        api.get("/api/v1/namespaces/default/pods/shell/exec?command=true"), 400).path("message").asText());
  }

  @Test
  void invalidLogOptionsAreRejectedAsPodLogOptions() {
    RawApi api = new RawApi(server.url());
    JsonNode tail = RawApi.assertFailure("negative tail",
        api.get("/api/v1/namespaces/default/pods/shell/log?tailLines=-1"), 422);
    assertEquals("PodLogOptions", tail.path("details").path("kind").asText(), tail.toString());
    assertEquals("tailLines", tail.path("details").path("causes").path(0).path("field").asText(), tail.toString());
    JsonNode both = RawApi.assertFailure("two sinces",
        api.get("/api/v1/namespaces/default/pods/shell/log?sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z"), 422);
    assertTrue(both.path("message").asText().contains("at most one of `sinceTime` or `sinceSeconds`"), both.toString());
    RawApi.assertFailure("not a number", api.get("/api/v1/namespaces/default/pods/shell/log?limitBytes=lots"), 400);
    assertFalse(api.get("/api/v1/namespaces/default/pods/shell/log").code() >= 400, "valid options are served");
  }

  private static byte[] frame(int channel, String data) {
    byte[] d = data.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[d.length + 1];
    out[0] = (byte) channel;
    System.arraycopy(d, 0, out, 1, d.length);
    return out;
  }

  /** Sends one HTTP/1.1 request as written (java.net.http refuses Upgrade headers) and reads the answer. */
  private static String rawRequest(String request) throws IOException {
    URI base = URI.create(server.url());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) > 0) {
        answer.write(buf, 0, n);
        String text = answer.toString(StandardCharsets.UTF_8);
        int headerEnd = text.indexOf("\r\n\r\n");
        int lengthAt = text.toLowerCase().indexOf("content-length: ");
        if (headerEnd > 0 && lengthAt > 0) {
          int length = Integer.parseInt(text.substring(lengthAt + 16, text.indexOf("\r\n", lengthAt)).trim());
          if (answer.size() >= headerEnd + 4 + length) break;
        }
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }
}
