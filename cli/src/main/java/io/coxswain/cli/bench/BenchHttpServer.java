package io.coxswain.cli.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The pod of the service-proxy benchmark: a small keep-alive HTTP server (the JDK's) that answers
 * {@code /} with "pod=NAME" ({@code POD_NAME} from the downward API), and whose readiness endpoint
 * {@code /ready} can be failed with {@code /fail} and healed with {@code /recover}.
 */
public final class BenchHttpServer {
  private static volatile boolean ready = true;

  private BenchHttpServer() {}

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    byte[] body = ("pod=" + System.getenv().getOrDefault("POD_NAME", "unknown") + "\n").getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 1024);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/fail")) ready = false;
      if (path.equals("/recover")) ready = true;
      answer(exchange, path.equals("/ready") && !ready ? 503 : 200, body);
    });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  private static void answer(HttpExchange exchange, int code, byte[] body) throws IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
