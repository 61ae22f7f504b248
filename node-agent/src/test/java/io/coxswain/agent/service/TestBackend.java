package io.coxswain.agent.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An endpoint for the proxy's tests on a loopback port: it answers {@code NAME} with its name,
 * {@code ECHO} by echoing until the client's end of stream, {@code COUNT} by counting the bytes up
 * to it and answering the count. The first line of a connection says which.
 */
final class TestBackend implements AutoCloseable {
  private final String name;
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  TestBackend(String name) throws IOException {
    this.name = name;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  /** Connections the backend holds now. */
  int openConnections() {
    return open.size();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.add(s);
        threads.execute(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      String mode = readLine(in);
      switch (mode) {
        case "NAME" -> out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
        case "ECHO" -> in.transferTo(out);
        case "COUNT" -> {
          long n = 0;
          byte[] buf = new byte[65536];
          for (int r; (r = in.read(buf)) > 0; ) n += r;
          out.write((n + "\n").getBytes(StandardCharsets.UTF_8));
        }
        default -> { }
      }
      out.flush();
    } catch (IOException e) {
      // the client went away
    } finally {
      open.remove(s);
    }
  }

  static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c; (c = in.read()) >= 0 && c != '\n'; ) sb.append((char) c);
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) s.close();
    threads.shutdownNow();
  }
}
