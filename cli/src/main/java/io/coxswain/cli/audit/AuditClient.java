package io.coxswain.cli.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * The audit API over HTTP. Lists are read as they arrive, item by item, so a long history or a
 * followed timeline is printed while the server is still sending it.
 */
final class AuditClient {
  static final String BASE = "/apis/audit.coxswain.io/v1";

  private final String server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  AuditClient(String server) {
    this.server = server;
  }

  /** The path under the audit group: {@code [namespaces/NS/]view/…}. */
  static String path(String namespace, String rest) {
    return BASE + (namespace == null ? "" : "/namespaces/" + encode(namespace)) + "/" + rest;
  }

  static String query(Map<String, String> params) {
    StringJoiner q = new StringJoiner("&", "?", "");
    q.setEmptyValue("");
    params.forEach((k, v) -> {
      if (v != null && !v.isEmpty()) q.add(encode(k) + "=" + encode(v));
    });
    return q.toString();
  }

  static Map<String, String> params() {
    return new LinkedHashMap<>();
  }

  /** One JSON document (an object's state). */
  JsonNode get(String pathAndQuery) {
    try (InputStream in = open(pathAndQuery)) {
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new AuditFailure("reading the answer of " + server + pathAndQuery + " failed: " + e.getMessage());
    }
  }

  /** Each item of a streamed list, handed on as soon as it is read; returns when the list ends. */
  void eachItem(String pathAndQuery, Consumer<JsonNode> item) {
    try (InputStream in = open(pathAndQuery); JsonParser p = Json.MAPPER.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new AuditFailure("the server's answer is not a list");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!field.equals("items")) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          item.accept(p.readValueAsTree());
        }
      }
    } catch (IOException e) {
      throw new AuditFailure("reading the answer of " + server + pathAndQuery + " failed: " + e.getMessage());
    }
  }

  private InputStream open(String pathAndQuery) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server + pathAndQuery))
        .header("Accept", "application/json")
        .GET()
        .build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new AuditFailure("cannot reach the server at " + server + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditFailure("interrupted");
    }
    if (response.statusCode() == 200) return response.body();
    try (InputStream in = response.body()) {
      JsonNode status = Json.MAPPER.readTree(in);
      throw new AuditFailure(status.path("message").asText("the server answered HTTP " + response.statusCode())
          + " (HTTP " + response.statusCode() + ")");
    } catch (IOException e) {
      throw new AuditFailure("the server answered HTTP " + response.statusCode());
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
