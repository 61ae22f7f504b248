package io.coxswain.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl's port-forward against a really started server whose own node agent runs a real
 * pod: a Python HTTP server in its own network namespace. kubectl speaks SPDY tunnelled over a
 * WebSocket; every local connection becomes one connection from the agent to the pod.
 */
class KubectlPortForwardTest {
  static final String MARKER = "cx-pf-" + UUID.randomUUID().toString().substring(0, 8);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern FORWARDING = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> (\\d+)");

  @TempDir
  static Path tmp;

  static TestServer server;
  static Kubectl kubectl;
  static Path site;
  static byte[] big;
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() throws IOException {
    // The pod's process sees this machine's files: it serves a folder the test writes.
    site = Files.createDirectories(tmp.resolve(MARKER));
    Files.writeString(site.resolve("hello.txt"), "hello from the pod\n");
    big = new byte[24 * 1024 * 1024];
    new Random(42).nextBytes(big);
    Files.write(site.resolve("big.bin"), big);

    server = TestServer.start("pf-node");
    kubectl = new Kubectl(server.kubeconfig(), tmp.resolve("kube-cache"));
    Kubectl.Result applied = kubectl.runWithInput("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels: {app: pf-web}
        spec:
          nodeName: pf-node
          terminationGracePeriodSeconds: 2
          containers:
          - name: web
            image: python
            command: ["python3", "-m", "http.server", "8000", "--bind", "0.0.0.0", "--directory", "%s"]
            ports:
            - {name: http, containerPort: 8000}
            readinessProbe:
              httpGet: {path: /hello.txt, port: 8000}
              periodSeconds: 1
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web-svc
        spec:
          selector: {app: pf-web}
          ports:
          - {port: 80, targetPort: http}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: pending
        spec:
          nodeSelector: {no-such-label: "x"}
          containers:
          - {name: app, image: python}
        """.formatted(site), "apply", "-f", "-");
    if (!applied.ok()) throw new AssertionError(applied.describe());
    kubectl.ok("wait", "--for=condition=Ready", "pod/web", "--timeout=90s");
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (kubectl != null) kubectl.run("delete", "pod", "web", "--wait=true", "--timeout=30s");
      if (kubectl != null) kubectl.run("delete", "pod", "pending", "--wait=false");
    } finally {
      if (server != null) server.close();
      // Pods outlive their agents by design; make sure this test's server process is gone.
      new ProcessBuilder("pkill", "-KILL", "-f", MARKER).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void sequentialAndConcurrentConnectionsReachThePod() throws Exception {
    try (Kubectl.Background forward = kubectl.background("port-forward", "pod/web", ":8000")) {
      int port = localPort(forward, 8000);
      for (int i = 0; i < 5; i++) {
        assertEquals("hello from the pod\n", get(port, "/hello.txt"), "sequential request " + i);
      }
      List<CompletableFuture<String>> concurrent = new ArrayList<>();
      for (int i = 0; i < 8; i++) concurrent.add(CompletableFuture.supplyAsync(() -> get(port, "/hello.txt")));
      for (CompletableFuture<String> body : concurrent) {
        assertEquals("hello from the pod\n", body.get(60, TimeUnit.SECONDS));
      }
      assertTrue(forward.isAlive(), "kubectl keeps forwarding: " + forward.stderr());
    }
  }

  @Test
  void aLargeTransferArrivesIntact() throws Exception {
    try (Kubectl.Background forward = kubectl.background("port-forward", "pod/web", ":8000")) {
      int port = localPort(forward, 8000);
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/big.bin"))
          .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, response.statusCode());
      assertEquals(big.length, response.body().length);
      assertArrayEquals(sha256(big), sha256(response.body()), "the bytes are the file's");
    }
  }

  @Test
  void aServiceIsForwardedToItsPodOnTheTargetPort() {
    try (Kubectl.Background forward = kubectl.background("port-forward", "svc/web-svc", ":80")) {
      // kubectl resolves the Service to a pod and its named targetPort to the container's port
      int port = localPort(forward, 8000);
      assertEquals("hello from the pod\n", get(port, "/hello.txt"));
    }
  }

  @Test
  void aPortNobodyListensOnShowsTheErrorStreamsMessage() throws Exception {
    try (Kubectl.Background forward = kubectl.background("port-forward", "pod/web", ":8001")) {
      int port = localPort(forward, 8001);
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(30_000);
        InputStream in = socket.getInputStream();
        assertEquals(-1, in.read(), "the connection ends without data");
      }
      // kubectl 1.32 prints the message, then gives up the whole session ("lost connection to pod")
      Kubectl.Result r = forward.awaitExit(WAIT);
      assertTrue(r.stderr().contains("an error occurred forwarding " + port + " -> 8001: error forwarding port 8001 to pod"
          + " web_default: dial tcp "), r.describe());
      assertTrue(r.stderr().contains(":8001: Connection refused"), r.describe());
    }
    // the pod's server is unharmed
    try (Kubectl.Background forward = kubectl.background("port-forward", "pod/web", ":8000")) {
      assertEquals("hello from the pod\n", get(localPort(forward, 8000), "/hello.txt"));
    }
  }

  @Test
  void aPodThatIsNotRunningIsRefused() {
    Kubectl.Result r = kubectl.run("port-forward", "pod/pending", ":8000");
    assertNotEquals(0, r.exitCode(), r.describe());
    assertTrue(r.stderr().contains("unable to forward port because pod is not running"), r.describe());
    // a client that does not check first gets the same from the server
    JsonNode status = RawApi.assertFailure("port-forward to a pending pod",
        new RawApi(server.url()).get("/api/v1/namespaces/default/pods/pending/portforward"), 400);
    assertEquals("unable to forward port because pod is not running. Current status=Pending",
        status.path("message").asText());
  }

  @Test
  void aMissingPodIsNotFound() {
    Kubectl.Result r = kubectl.run("port-forward", "pod/nope", ":8000");
    assertNotEquals(0, r.exitCode(), r.describe());
    assertTrue(r.stderr().contains("pods \"nope\" not found"), r.describe());
    RawApi.assertFailure("port-forward to a missing pod",
        new RawApi(server.url()).get("/api/v1/namespaces/default/pods/nope/portforward"), 404);
  }

  @Test
  void discoveryListsThePortForwardSubresource() {
    JsonNode resources = new RawApi(server.url()).get("/api/v1").json().path("resources");
    JsonNode found = null;
    for (JsonNode r : resources) {
      if (r.path("name").asText().equals("pods/portforward")) found = r;
    }
    assertTrue(found != null, "pods/portforward in " + resources);
    assertEquals("[\"create\",\"get\"]", found.path("verbs").toString());
  }

  /** The local port kubectl listens on, from its "Forwarding from" line. */
  private static int localPort(Kubectl.Background forward, int remote) {
    String out = forward.awaitOutput("a Forwarding from line", s -> FORWARDING.matcher(s).find(), WAIT);
    Matcher m = FORWARDING.matcher(out);
    m.find();
    assertEquals(remote, Integer.parseInt(m.group(2)), out);
    return Integer.parseInt(m.group(1));
  }

  private static String get(int port, String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.statusCode() != 200) throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static byte[] sha256(byte[] data) throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }
}
