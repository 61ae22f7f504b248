package io.coxswain.agent.dns;

import static io.coxswain.agent.dns.DnsObjects.service;
import static io.coxswain.agent.dns.DnsObjects.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The agent's DNS server on real UDP and TCP sockets on loopback, with a fake upstream on loopback. */
class ClusterDnsServerTest {
  static ActorTestKit kit;
  static FakeUpstream upstream;
  static ClusterDns dns;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    kit = ActorTestKit.create();
    upstream = new FakeUpstream();
    Path resolvConf = dir.resolve("resolv.conf");
    Files.writeString(resolvConf, "# the node's resolvers\nnameserver " + upstream.nameserver() + "\nsearch node.example\n");
    ClusterDnsSettings settings = new ClusterDnsSettings(true, "10.96.0.10", "cluster.local", "127.0.0.1:0", "127.0.0.1:0",
        Duration.ofSeconds(5), "coxswain-svc0", resolvConf, Duration.ofSeconds(2));
    dns = ClusterDns.start(kit.system(), settings);
  }

  @AfterAll
  static void stop() throws Exception {
    dns.close();
    upstream.close();
    kit.shutdownTestKit();
  }

  @BeforeEach
  void services() {
    List<ObjectNode> services = List.of(
        service("default", "web", "{'type':'ClusterIP','clusterIP':'10.96.1.5','clusterIPs':['10.96.1.5'],'ports':["
            + "{'name':'http','port':80,'protocol':'TCP'},{'name':'dns','port':53,'protocol':'UDP'}]}"),
        service("default", "dual", "{'clusterIP':'10.96.1.6','clusterIPs':['10.96.1.6','fd00::6'],'ports':[{'port':80}]}"),
        service("default", "db", "{'clusterIP':'None','clusterIPs':['None'],'ports':[{'name':'pg','port':5432}]}"),
        service("default", "ext", "{'type':'ExternalName','externalName':'7.example.test'}"),
        service("default", "many", "{'clusterIP':'None','ports':[{'name':'http','port':8080}]}"));
    List<ObjectNode> slices = List.of(
        slice("default", "db", "a", "IPv4", "[{'addresses':['10.244.1.2'],'hostname':'db-0','conditions':{'ready':true}},"
            + "{'addresses':['10.244.1.3'],'hostname':'db-1','conditions':{}},"
            + "{'addresses':['10.244.1.4'],'hostname':'db-2','conditions':{'ready':false}},"
            + "{'addresses':['10.244.1.5'],'conditions':{'ready':true}}]", "[{'name':'pg','port':5432,'protocol':'TCP'}]"),
        slice("default", "web", "a", "IPv4", "[{'addresses':['10.244.1.9'],'conditions':{'ready':true}}]", "[{'name':'http','port':8080}]"),
        DnsObjects.manyEndpoints("default", "many", 150));
    dns.update(services, slices);
  }

  private static Message ask(String name, int type, boolean tcp) throws Exception {
    SimpleResolver resolver = new SimpleResolver(dns.address().orElseThrow());
    resolver.setTCP(tcp);
    resolver.setIgnoreTruncation(true);
    resolver.setTimeout(Duration.ofSeconds(5));
    return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
  }

  private static Set<String> addresses(Message m) {
    return m.getSection(Section.ANSWER).stream()
        .map(r -> r instanceof ARecord a ? a.getAddress().getHostAddress() : r instanceof AAAARecord a ? a.getAddress().getHostAddress() : null)
        .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
  }

  @Test
  void answersAServiceNameWithItsClusterIP() throws Exception {
    Message m = ask("web.default.svc.cluster.local.", Type.A, false);
    assertEquals(Rcode.NOERROR, m.getRcode());
    assertTrue(m.getHeader().getFlag(Flags.AA));
    assertEquals(Set.of("10.96.1.5"), addresses(m));
    assertEquals(5, m.getSection(Section.ANSWER).get(0).getTTL());
  }

  @Test
  void answersAaaaForADualStackServiceAndNoDataForAnIpv4OnlyOne() throws Exception {
    assertEquals(Set.of("fd00:0:0:0:0:0:0:6"), addresses(ask("dual.default.svc.cluster.local.", Type.AAAA, false)));
    Message none = ask("web.default.svc.cluster.local.", Type.AAAA, true);
    assertEquals(Rcode.NOERROR, none.getRcode());
    assertTrue(none.getSection(Section.ANSWER).isEmpty());
    assertTrue(none.getSection(Section.AUTHORITY).get(0) instanceof SOARecord);
  }

  @Test
  void answersSrvForNamedPortsWithTheTargetsAddress() throws Exception {
    Message m = ask("_http._tcp.web.default.svc.cluster.local.", Type.SRV, false);
    SRVRecord srv = (SRVRecord) m.getSection(Section.ANSWER).get(0);
    assertEquals(80, srv.getPort());
    assertEquals(Name.fromString("web.default.svc.cluster.local."), srv.getTarget());
    assertEquals(Set.of("10.96.1.5"), m.getSection(Section.ADDITIONAL).stream()
        .filter(r -> r instanceof ARecord).map(r -> ((ARecord) r).getAddress().getHostAddress()).collect(Collectors.toSet()));
    assertEquals(53, ((SRVRecord) ask("_dns._udp.web.default.svc.cluster.local.", Type.SRV, false).getSection(Section.ANSWER).get(0)).getPort());
    assertEquals(Rcode.NXDOMAIN, ask("_http._udp.web.default.svc.cluster.local.", Type.SRV, false).getRcode());
  }

  @Test
  void answersAHeadlessServiceWithItsReadyEndpoints() throws Exception {
    assertEquals(Set.of("10.244.1.2", "10.244.1.3", "10.244.1.5"), addresses(ask("db.default.svc.cluster.local.", Type.A, false)));
    assertEquals(Set.of("10.244.1.2"), addresses(ask("db-0.db.default.svc.cluster.local.", Type.A, false)));
    assertEquals(Rcode.NXDOMAIN, ask("db-2.db.default.svc.cluster.local.", Type.A, false).getRcode());
    assertEquals(Set.of("10.244.1.5"), addresses(ask("10-244-1-5.db.default.svc.cluster.local.", Type.A, false)));
    Message srv = ask("_pg._tcp.db.default.svc.cluster.local.", Type.SRV, false);
    Set<String> targets = srv.getSection(Section.ANSWER).stream().map(r -> ((SRVRecord) r).getTarget().toString()).collect(Collectors.toSet());
    assertEquals(Set.of("db-0.db.default.svc.cluster.local.", "db-1.db.default.svc.cluster.local.",
        "10-244-1-5.db.default.svc.cluster.local."), targets);
    assertEquals(3, addresses(new Message(srv.toWire()) {
      { srv.getSection(Section.ADDITIONAL).forEach(r -> addRecord(r, Section.ANSWER)); }
    }).size());
  }

  @Test
  void answersPtrForClusterIpsAndEndpointAddresses() throws Exception {
    Message service = ask(ReverseMap.fromAddress("10.96.1.5").toString(), Type.PTR, false);
    assertEquals("web.default.svc.cluster.local.", ((PTRRecord) service.getSection(Section.ANSWER).get(0)).getTarget().toString());
    Message endpoint = ask(ReverseMap.fromAddress("10.244.1.2").toString(), Type.PTR, false);
    assertEquals("db-0.db.default.svc.cluster.local.", ((PTRRecord) endpoint.getSection(Section.ANSWER).get(0)).getTarget().toString());
    Message v6 = ask(ReverseMap.fromAddress("fd00::6").toString(), Type.PTR, false);
    assertEquals("dual.default.svc.cluster.local.", ((PTRRecord) v6.getSection(Section.ANSWER).get(0)).getTarget().toString());
  }

  @Test
  void answersAnExternalNameWithACnameAndTheTargetsAddressFromUpstream() throws Exception {
    Message m = ask("ext.default.svc.cluster.local.", Type.A, false);
    assertEquals(Rcode.NOERROR, m.getRcode());
    CNAMERecord cname = (CNAMERecord) m.getSection(Section.ANSWER).get(0);
    assertEquals("7.example.test.", cname.getTarget().toString());
    assertEquals(Set.of("192.0.2.7"), addresses(m));
  }

  @Test
  void answersNxdomainWithTheSoaForMissingNamesInTheZone() throws Exception {
    Message m = ask("nothing.default.svc.cluster.local.", Type.A, false);
    assertEquals(Rcode.NXDOMAIN, m.getRcode());
    assertTrue(m.getHeader().getFlag(Flags.AA));
    SOARecord soa = (SOARecord) m.getSection(Section.AUTHORITY).get(0);
    assertEquals(Name.fromString("cluster.local."), soa.getName());
    // a namespace with Services is an empty non-terminal: it exists, without records
    assertEquals(Rcode.NOERROR, ask("default.svc.cluster.local.", Type.A, false).getRcode());
    assertEquals(Rcode.NXDOMAIN, ask("web.other.svc.cluster.local.", Type.A, false).getRcode());
  }

  @Test
  void answersTheSpecVersionAndPodNames() throws Exception {
    Message version = ask("dns-version.cluster.local.", Type.TXT, false);
    assertEquals(List.of("1.1.0"), ((TXTRecord) version.getSection(Section.ANSWER).get(0)).getStrings());
    assertEquals(Set.of("10.244.3.7"), addresses(ask("10-244-3-7.default.pod.cluster.local.", Type.A, false)));
  }

  @Test
  void resolvesShortNamesThroughAPodsSearchPath() throws Exception {
    SimpleResolver resolver = new SimpleResolver(dns.address().orElseThrow());
    Name[] search = {Name.fromString("default.svc.cluster.local."), Name.fromString("svc.cluster.local."),
        Name.fromString("cluster.local."), Name.fromString("node.example.")};
    for (String name : List.of("web", "web.default", "web.default.svc")) {
      Lookup lookup = new Lookup(name, Type.A);
      lookup.setResolver(resolver);
      lookup.setSearchPath(search);
      lookup.setNdots(5);
      lookup.setCache(null);
      Record[] answers = lookup.run();
      assertEquals(Lookup.SUCCESSFUL, lookup.getResult(), name + ": " + lookup.getErrorString());
      assertEquals("10.96.1.5", ((ARecord) answers[0]).getAddress().getHostAddress(), name);
    }
    // fewer than five dots: every search domain answers NXDOMAIN first, then the name itself is forwarded
    Lookup outside = new Lookup("3.example.test", Type.A);
    outside.setResolver(resolver);
    outside.setSearchPath(search);
    outside.setNdots(5);
    outside.setCache(null);
    Record[] answers = outside.run();
    assertEquals(Lookup.SUCCESSFUL, outside.getResult(), outside.getErrorString());
    assertEquals("192.0.2.3", ((ARecord) answers[0]).getAddress().getHostAddress());
  }

  @Test
  void forwardsOtherNamesToTheNodesResolvers() throws Exception {
    int before = upstream.queries.get();
    Message m = ask("9.example.test.", Type.A, false);
    assertEquals(Set.of("192.0.2.9"), addresses(m));
    assertFalse(m.getHeader().getFlag(Flags.AA));
    assertEquals(Rcode.NXDOMAIN, ask("missing.invalid.", Type.A, true).getRcode());
    // an address that is no Service's is asked upstream too
    assertEquals(Rcode.NXDOMAIN, ask(ReverseMap.fromAddress("10.9.9.9").toString(), Type.PTR, false).getRcode());
    assertTrue(upstream.queries.get() >= before + 3);
  }

  @Test
  void truncatesLargeUdpAnswersAndGivesThemWholeOverTcp() throws Exception {
    Message udp = ask("many.default.svc.cluster.local.", Type.A, false);
    assertTrue(udp.getHeader().getFlag(Flags.TC));
    assertTrue(udp.toWire().length <= 512);
    Message tcp = ask("many.default.svc.cluster.local.", Type.A, true);
    assertFalse(tcp.getHeader().getFlag(Flags.TC));
    assertEquals(150, addresses(tcp).size());
    // forwarded answers too: the upstream's 40 TXT records do not fit a plain UDP answer
    Message bigUdp = ask("big.example.test.", Type.TXT, false);
    assertTrue(bigUdp.getHeader().getFlag(Flags.TC));
    assertEquals(40, ask("big.example.test.", Type.TXT, true).getSection(Section.ANSWER).size());
  }

  @Test
  void followsUpdates() throws Exception {
    dns.update(List.of(service("default", "web", "{'clusterIP':'10.96.1.99','ports':[{'port':80}]}")), List.of());
    assertEquals(Set.of("10.96.1.99"), addresses(ask("web.default.svc.cluster.local.", Type.A, false)));
    assertEquals(Rcode.NXDOMAIN, ask("db.default.svc.cluster.local.", Type.A, false).getRcode());
  }
}
