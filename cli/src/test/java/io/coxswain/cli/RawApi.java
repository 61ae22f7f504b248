package io.coxswain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plain HTTP against the API, for requests no Kubernetes client would build: every answer is read
 * whole within a deadline, so a hang shows up as a failure instead of a stuck build.
 */
final class RawApi {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final String base;

  RawApi(String base) {
    this.base = base;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** One answer: status code, Content-Type and body. */
  record Answer(int code, String contentType, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("the answer is not JSON (" + code + "): " + excerpt(text()), e);
      }
    }
  }

  Answer send(String method, String path, String contentType, byte[] body) {
    return send(method, path, contentType, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /** Sends the body without a Content-Length, as a chunked stream. */
  Answer sendChunked(String method, String path, String contentType, byte[] body) {
    return send(method, path, contentType, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
  }

  Answer get(String path) {
    return send("GET", path, null, (byte[]) null);
  }

  Answer post(String path, String json) {
    return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  Answer delete(String path) {
    return send("DELETE", path, null, (byte[]) null);
  }

  private Answer send(String method, String path, String contentType, HttpRequest.BodyPublisher body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json")
        .method(method, body);
    if (contentType != null) request.header("Content-Type", contentType);
    try {
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    } catch (HttpTimeoutException e) {
      throw new AssertionError(method + " " + path + " got no answer within " + REQUEST_TIMEOUT, e);
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Asserts a failure answer: one of the expected codes (any 4xx when none are given) and a
   * Kubernetes Status body that says so.
   */
  static JsonNode assertFailure(String what, Answer a, int... expected) {
    boolean ok = expected.length == 0 ? a.code() >= 400 && a.code() < 500 : contains(expected, a.code());
    if (!ok) {
      fail(what + ": expected " + (expected.length == 0 ? "a 4xx" : java.util.Arrays.toString(expected))
          + ", got " + a.code() + ": " + excerpt(a.text()));
    }
    assertStatusBody(what, a);
    return a.json();
  }

  /** The body of a failure is a Status: kind Status, status Failure, a message, and the HTTP code. */
  static void assertStatusBody(String what, Answer a) {
    assertTrue(a.contentType().startsWith("application/json"),
        what + ": a Status is JSON, got Content-Type " + a.contentType() + ": " + excerpt(a.text()));
    JsonNode s = a.json();
    String shown = what + ": " + excerpt(a.text());
    assertEquals("Status", s.path("kind").asText(), shown);
    assertEquals("v1", s.path("apiVersion").asText(), shown);
    assertEquals("Failure", s.path("status").asText(), shown);
    assertTrue(s.path("message").isTextual() && !s.path("message").asText().isBlank(), "a non-empty message: " + shown);
    assertEquals(a.code(), s.path("code").asInt(-1), "Status.code is the HTTP status: " + shown);
    String reason = s.path("reason").asText();
    switch (a.code()) {
      case 400 -> assertEquals("BadRequest", reason, shown);
      case 404 -> assertEquals("NotFound", reason, shown);
      case 405 -> assertEquals("MethodNotAllowed", reason, shown);
      case 409 -> assertTrue(reason.equals("AlreadyExists") || reason.equals("Conflict"), "reason: " + shown);
      case 413 -> assertEquals("RequestEntityTooLarge", reason, shown);
      case 415 -> assertEquals("UnsupportedMediaType", reason, shown);
      case 422 -> {
        assertEquals("Invalid", reason, shown);
        JsonNode causes = s.path("details").path("causes");
        assertTrue(causes.isArray() && causes.size() > 0, "an Invalid Status lists its causes: " + shown);
        for (JsonNode c : causes) {
          assertTrue(c.path("message").isTextual() && !c.path("message").asText().isBlank(), "each cause has a message: " + shown);
        }
      }
      default -> { }
    }
  }

  /** GET of the object answers 404 NotFound. */
  void assertAbsent(String what, String objectPath) {
    Answer a = get(objectPath);
    if (a.code() != 404) fail(what + ": expected nothing at " + objectPath + ", GET answered " + a.code() + ": " + excerpt(a.text()));
    assertStatusBody(what + " (GET " + objectPath + ")", a);
  }

  /** Names and resourceVersions of a collection's items, to compare before and after. */
  Map<String, String> contents(String collectionPath) {
    Answer a = get(collectionPath);
    assertEquals(200, a.code(), "GET " + collectionPath + ": " + excerpt(a.text()));
    Map<String, String> out = new TreeMap<>();
    for (JsonNode item : a.json().path("items")) {
      JsonNode meta = item.path("metadata");
      out.put(meta.path("namespace").asText("") + "/" + meta.path("name").asText(), meta.path("resourceVersion").asText());
    }
    return out;
  }

  static String excerpt(String s) {
    String one = s.replace('\n', ' ');
    return one.length() <= 400 ? one : one.substring(0, 400) + "…(" + one.length() + " chars)";
  }

  private static boolean contains(int[] codes, int code) {
    for (int c : codes) if (c == code) return true;
    return false;
  }
}
