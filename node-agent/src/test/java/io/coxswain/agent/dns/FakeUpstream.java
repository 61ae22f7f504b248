package io.coxswain.agent.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A stand-in for the node's resolver on loopback (UDP and TCP on one port): {@code <n>.example.test}
 * has A 192.0.2.n, {@code big.example.test} has 40 TXT records (too many for 512 bytes), every
 * other name is NXDOMAIN. Counts the queries it gets.
 */
final class FakeUpstream implements AutoCloseable {
  final DatagramSocket udp;
  final ServerSocket tcp;
  final AtomicInteger queries = new AtomicInteger();

  FakeUpstream() throws IOException {
    udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    tcp = new ServerSocket(udp.getLocalPort(), 50, InetAddress.getLoopbackAddress());
    Thread u = new Thread(this::serveUdp, "fake-upstream-udp");
    u.setDaemon(true);
    u.start();
    Thread t = new Thread(this::serveTcp, "fake-upstream-tcp");
    t.setDaemon(true);
    t.start();
  }

  /** "127.0.0.1:port", as a resolv.conf line of this project's tests names it. */
  String nameserver() {
    return "127.0.0.1:" + udp.getLocalPort();
  }

  private void serveUdp() {
    byte[] buf = new byte[4096];
    while (!udp.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
        byte[] out = answer(q).toWire(512);
        udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
      } catch (IOException e) {
        // closed, or garbage: keep serving until closed
      }
    }
  }

  private void serveTcp() {
    while (!tcp.isClosed()) {
      try (Socket s = tcp.accept()) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] q = new byte[in.readUnsignedShort()];
        in.readFully(q);
        byte[] out = answer(new Message(q)).toWire();
        DataOutputStream o = new DataOutputStream(s.getOutputStream());
        o.writeShort(out.length);
        o.write(out);
        o.flush();
      } catch (IOException e) {
        // next connection
      }
    }
  }

  private Message answer(Message query) throws IOException {
    queries.incrementAndGet();
    Message r = new Message(query.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setFlag(Flags.RA);
    Record q = query.getQuestion();
    r.addRecord(q, Section.QUESTION);
    Name name = q.getName();
    String first = name.getLabelString(0);
    if (name.toString().equalsIgnoreCase("big.example.test.") && q.getType() == Type.TXT) {
      for (int i = 0; i < 40; i++) r.addRecord(new TXTRecord(name, DClass.IN, 60, "record number " + i + " padded to be long enough"), Section.ANSWER);
    } else if (name.subdomain(Name.fromString("example.test.")) && first.matches("\\d{1,3}") && q.getType() == Type.A) {
      r.addRecord(new ARecord(name, DClass.IN, 60, InetAddress.getByName("192.0.2." + first)), Section.ANSWER);
    } else if (!name.subdomain(Name.fromString("example.test."))) {
      r.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    return r;
  }

  @Override
  public void close() throws IOException {
    udp.close();
    tcp.close();
  }
}
