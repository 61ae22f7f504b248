package io.coxswain.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.coxswain.core.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpGetProberTest {
  private static final HttpGetProber prober = new HttpGetProber(HttpGetProber.newClient());
  private static final Map<String, String> headersSeen = new ConcurrentHashMap<>();
  private static final AtomicInteger otherHostHits = new AtomicInteger();
  private static final CountDownLatch release = new CountDownLatch(1);
  private static ExecutorService threads;
  private static HttpServer server;
  private static HttpServer other;
  private static ProbeTarget target;

  @BeforeAll
  static void startServers() throws IOException {
    threads = Executors.newCachedThreadPool();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    other.setExecutor(threads);
    server.createContext("/ok", ex -> reply(ex, 200, "fine"));
    server.createContext("/fail", ex -> reply(ex, 500, "broken"));
    server.createContext("/moved-ok", ex -> redirect(ex, "/ok"));
    server.createContext("/moved-fail", ex -> redirect(ex, "/fail"));
    // "localhost" and "127.0.0.1" reach the same machine but are different host names.
    server.createContext("/moved-away", ex -> redirect(ex, "http://localhost:" + other.getAddress().getPort() + "/ok"));
    server.createContext("/headers", ex -> {
      headersSeen.put("X-Probe", String.valueOf(ex.getRequestHeaders().getFirst("X-Probe")));
      headersSeen.put("User-Agent", String.valueOf(ex.getRequestHeaders().getFirst("User-Agent")));
      reply(ex, 200, "");
    });
    server.createContext("/slow", ex -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reply(ex, 200, "late");
    });
    other.createContext("/", ex -> {
      otherHostHits.incrementAndGet();
      reply(ex, 200, "other");
    });
    server.start();
    other.start();
    var container = Json.MAPPER.createObjectNode();
    container.putArray("ports").addObject().put("name", "http").put("containerPort", server.getAddress().getPort());
    target = new ProbeTarget(null, "id", "127.0.0.1", container);
  }

  @AfterAll
  static void stopServers() {
    release.countDown();
    server.stop(0);
    other.stop(0);
    threads.shutdownNow();
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) ex.getResponseBody().write(b);
    ex.close();
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().add("Location", location);
    reply(ex, 302, "");
  }

  private static ProbeOutcome get(String path) {
    return get(path, List.of(), Duration.ofSeconds(5));
  }

  private static ProbeOutcome get(String path, List<Handler.Header> headers, Duration timeout) {
    return prober.probe(new Handler.HttpGet("", "HTTP", path, "http", headers), target, timeout);
  }

  @Test
  void status200Succeeds() {
    assertEquals(ProbeOutcome.success("fine"), get("/ok"));
  }

  @Test
  void status500FailsWithTheStatusCode() {
    assertEquals(ProbeOutcome.failure("HTTP probe failed with statuscode: 500"), get("/fail"));
  }

  @Test
  void redirectOnTheSameHostIsFollowed() {
    assertEquals(ProbeOutcome.success("fine"), get("/moved-ok"));
    assertEquals(ProbeOutcome.Result.FAILURE, get("/moved-fail").result());
  }

  @Test
  void redirectToAnotherHostIsNotFollowedAndCountsAsSuccess() {
    ProbeOutcome o = get("/moved-away");
    assertEquals(ProbeOutcome.Result.SUCCESS, o.result());
    assertTrue(o.message().startsWith("Probe terminated redirects"), o.message());
    assertEquals(0, otherHostHits.get());
  }

  @Test
  void sendsConfiguredHeadersAndAProbeUserAgent() {
    assertEquals(ProbeOutcome.Result.SUCCESS, get("/headers", List.of(new Handler.Header("X-Probe", "yes")), Duration.ofSeconds(5)).result());
    assertEquals("yes", headersSeen.get("X-Probe"));
    assertTrue(headersSeen.get("User-Agent").startsWith("kube-probe/"));
  }

  @Test
  void noAnswerWithinTheTimeoutFails() {
    ProbeOutcome o = get("/slow", List.of(), Duration.ofMillis(200));
    assertEquals(ProbeOutcome.Result.FAILURE, o.result());
    assertTrue(o.message().contains("context deadline exceeded"), o.message());
  }

  @Test
  void refusedConnectionFails() throws IOException {
    int closedPort;
    try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    ProbeOutcome o = prober.probe(new Handler.HttpGet("127.0.0.1", "HTTP", "/", String.valueOf(closedPort), List.of()), target,
        Duration.ofSeconds(2));
    assertEquals(ProbeOutcome.Result.FAILURE, o.result());
    assertTrue(o.message().startsWith("Get \"http://127.0.0.1:" + closedPort + "/\": "), o.message());
  }

  @Test
  void urlDefaultsToThePodIpAndResolvesNamedPorts() {
    var uri = HttpGetProber.uri(new Handler.HttpGet("", "HTTPS", "healthz", "http", List.of()), target);
    assertEquals("https://127.0.0.1:" + server.getAddress().getPort() + "/healthz", uri.toString());
  }
}
