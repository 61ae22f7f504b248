package io.coxswain.cli.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP load generator: each client loop sends a small GET, waits for the whole
 * answer and sends the next, over one kept-alive connection or a new connection per request.
 * The same code measures the proxied and the direct path.
 */
public final class HttpLoad {
  private static final byte[] KEEP_ALIVE = "GET / HTTP/1.1\r\nHost: bench\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE = "GET / HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** One run: requests answered, failures, wall time and per-request latencies. */
  public record Run(long requests, long failures, long elapsedNanos, Latencies latencies) {
    public double requestsPerSecond() {
      return requests / (elapsedNanos / 1e9);
    }
  }

  private HttpLoad() {}

  /**
   * {@code clients} loops for {@code seconds}, loop i against {@code targets[i % targets.size()]}.
   *
   * @param newConnections a new TCP connection per request (as HTTP/1.0 clients do) instead of keep-alive
   */
  public static Run run(List<InetSocketAddress> targets, int clients, double seconds, boolean newConnections)
      throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    AtomicLong failures = new AtomicLong();
    List<Latencies.Recorder> recorders = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      InetSocketAddress target = targets.get(i % targets.size());
      Latencies.Recorder rec = new Latencies.Recorder();
      recorders.add(rec);
      Thread t = new Thread(() -> loop(target, end, newConnections, rec, failures), "http-load-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) t.join();
    long elapsed = System.nanoTime() - start;
    long[][] parts = recorders.stream().map(Latencies.Recorder::values).toArray(long[][]::new);
    Latencies lat = Latencies.of(parts);
    return new Run(lat.count(), failures.get(), elapsed, lat);
  }

  /** A client connection with its buffered input, so an answer is read in a few system calls. */
  private static final class Conn implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    Conn(InetSocketAddress target) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(target, 2000);
      socket.setSoTimeout(5000);
      in = new BufferedInputStream(socket.getInputStream(), 8192);
      out = socket.getOutputStream();
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }

  private static void loop(InetSocketAddress target, long end, boolean newConnections, Latencies.Recorder rec,
      AtomicLong failures) {
    Conn conn = null;
    try {
      while (System.nanoTime() < end) {
        long t0 = System.nanoTime();
        try {
          if (conn == null) conn = new Conn(target);
          conn.out.write(newConnections ? CLOSE : KEEP_ALIVE);
          readAnswer(conn.in);
          if (newConnections) {
            conn.close();
            conn = null;
          }
          rec.record(System.nanoTime() - t0);
        } catch (IOException e) {
          failures.incrementAndGet();
          if (conn != null) conn.close();
          conn = null;
        }
      }
    } finally {
      if (conn != null) conn.close();
    }
  }

  /** One request on a new connection: the answer's body. */
  public static String get(InetSocketAddress target, String path) throws IOException {
    try (Conn c = new Conn(target)) {
      c.out.write(("GET " + path + " HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return readAnswer(c.in);
    }
  }

  /** Reads one answer (status line, headers, Content-Length body); returns the body. */
  private static String readAnswer(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!(head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n"))) {
      int c = in.read();
      if (c < 0) throw new IOException("connection closed mid-answer");
      head.append((char) c);
    }
    String[] lines = head.toString().split("\r\n");
    if (!lines[0].startsWith("HTTP/1.1 200")) throw new IOException("answered " + lines[0]);
    int length = 0;
    for (String line : lines) {
      if (line.regionMatches(true, 0, "content-length:", 0, 15)) length = Integer.parseInt(line.substring(15).trim());
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8).trim();
  }
}
