package io.coxswain.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.dns.ClusterDns;
import io.coxswain.agent.dns.ClusterDnsSettings;
import io.coxswain.core.Json;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The agent's cluster DNS under load on loopback: {@code services} ClusterIP Services in it, and a
 * second instance of the same server standing in for the node's resolver (its own zone
 * {@code upstream.test}, with as many names), so forwarded queries never leave the machine.
 * Client loops on their own UDP sockets each keep one A query in flight.
 */
public final class DnsBench implements AutoCloseable {
  /** One phase's outcome. */
  public record Result(long answered, long failed, double seconds, Latencies latencies) {
    public double perSecond() {
      return answered / seconds;
    }
  }

  private final int services;
  private final ClusterDns upstream;
  private final ClusterDns dns;

  public DnsBench(ActorSystem<?> system, int services, Path workDir) throws IOException {
    this.services = services;
    ClusterDnsSettings base = new ClusterDnsSettings(true, "10.96.0.10", "cluster.local", "127.0.0.1:0", "127.0.0.1:0",
        Duration.ofSeconds(5), "coxswain-svc0", workDir.resolve("none.conf"), Duration.ofSeconds(2));
    upstream = ClusterDns.start(system, new ClusterDnsSettings(true, "10.96.0.11", "upstream.test", "127.0.0.1:0",
        "127.0.0.1:0", Duration.ofSeconds(5), "coxswain-svc0", workDir.resolve("none.conf"), Duration.ofSeconds(2)));
    InetSocketAddress up = upstream.address().orElseThrow(() -> new IOException("the local upstream did not start"));
    Path resolvConf = workDir.resolve("resolv.conf");
    Files.writeString(resolvConf, "nameserver 127.0.0.1:" + up.getPort() + "\n");
    dns = ClusterDns.start(system, base.withResolvConf(resolvConf));
    if (dns.address().isEmpty()) throw new IOException("the cluster DNS did not start");
    List<ObjectNode> svcs = new ArrayList<>();
    for (int i = 0; i < services; i++) {
      String json = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"namespace\":\"bench\",\"name\":\"svc-" + i
          + "\"},\"spec\":{\"clusterIP\":\"10.96." + (i / 250 + 1) + "." + (i % 250 + 1) + "\",\"ports\":[{\"name\":\"http\",\"port\":80}]}}";
      svcs.add((ObjectNode) Json.MAPPER.readTree(json));
    }
    dns.update(svcs, List.of());
    upstream.update(svcs, List.of());
  }

  public InetSocketAddress address() {
    return dns.address().orElseThrow();
  }

  /** Runs {@code clients} loops for {@code duration}, asking for names under {@code zone}. */
  public Result run(String zone, int clients, Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    AtomicLong failed = new AtomicLong();
    List<Latencies.Recorder> recorders = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Latencies.Recorder recorder = new Latencies.Recorder();
      recorders.add(recorder);
      Thread t = new Thread(() -> loop(zone, end, recorder, failed), "dns-bench-client-" + c);
      threads.add(t);
    }
    long start = System.nanoTime();
    threads.forEach(Thread::start);
    for (Thread t : threads) t.join();
    double seconds = (System.nanoTime() - start) / 1e9;
    long[][] parts = recorders.stream().map(Latencies.Recorder::values).toArray(long[][]::new);
    Latencies latencies = Latencies.of(parts);
    return new Result(latencies.count(), failed.get(), seconds, latencies);
  }

  private void loop(String zone, long end, Latencies.Recorder recorder, AtomicLong failed) {
    byte[] buffer = new byte[4096];
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(2000);
      socket.connect(address());
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (System.nanoTime() < end) {
        Name name = Name.fromString("svc-" + random.nextInt(services) + ".bench.svc." + zone + ".");
        Message query = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
        byte[] wire = query.toWire();
        long t0 = System.nanoTime();
        socket.send(new DatagramPacket(wire, wire.length));
        try {
          while (true) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            socket.receive(p);
            Message answer = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
            if (answer.getHeader().getID() != query.getHeader().getID()) continue; // a late answer to an earlier query
            if (answer.getRcode() == Rcode.NOERROR && !answer.getSection(org.xbill.DNS.Section.ANSWER).isEmpty()) {
              recorder.record(System.nanoTime() - t0);
            } else {
              failed.incrementAndGet();
            }
            break;
          }
        } catch (SocketTimeoutException e) {
          failed.incrementAndGet();
        }
      }
    } catch (IOException e) {
      failed.incrementAndGet();
    }
  }

  @Override
  public void close() {
    dns.close();
    upstream.close();
  }
}
