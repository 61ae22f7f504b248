package io.coxswain.agent.dns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Metadata;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The cluster's DNS data at one moment, immutable: every Service's records under the cluster domain
 * (see {@link ServiceRecords}), the PTR records of cluster IPs and endpoint addresses, the zone's
 * SOA and NS, {@code dns-version} (TXT "1.1.0", as the specification asks) and CoreDNS's
 * "pods insecure" names {@code <a-b-c-d>.<ns>.pod.<zone>}.
 *
 * <p>{@link #lookup} says what an authoritative server answers: the records, NODATA for a name
 * that exists without that type (including the empty non-terminals above real names, such as
 * {@code <ns>.svc.<zone>}), NXDOMAIN for anything else in the zone, or that the name is not ours.
 * Reverse names we hold no PTR for are not ours either: they go to the node's resolvers, as
 * CoreDNS's {@code fallthrough in-addr.arpa ip6.arpa} sends them on.
 */
final class ClusterZone {
  static final String SPEC_VERSION = "1.1.0";
  private static final Name IN_ADDR_ARPA = ServiceRecords.name("in-addr.arpa", null);
  private static final Name IP6_ARPA = ServiceRecords.name("ip6.arpa", null);

  /** What the zone says about one question. */
  sealed interface Lookup {}

  record Answer(List<Record> answer, List<Record> additional) implements Lookup {}

  /** The name is an alias: answer the CNAME, then the target's records (in the zone or beyond). */
  record Alias(CNAMERecord cname) implements Lookup {}

  record NoData(SOARecord soa) implements Lookup {}

  record NxDomain(SOARecord soa) implements Lookup {}

  /** Not in the cluster zone: the node's resolvers answer it. */
  enum Elsewhere implements Lookup { INSTANCE }

  private final Name origin;
  private final Name podZone;
  private final long ttl;
  private final SOARecord soa;
  /** Owner name (lower case) → its records. */
  private final Map<Name, List<Record>> names;
  /** Names that exist only because names below them do (empty non-terminals). */
  private final Set<Name> interior;
  private final Map<Name, List<Record>> reverse;

  private ClusterZone(Name origin, long ttl, SOARecord soa, Map<Name, List<Record>> names, Set<Name> interior,
      Map<Name, List<Record>> reverse) {
    this.origin = origin;
    this.podZone = ServiceRecords.name("pod", origin);
    this.ttl = ttl;
    this.soa = soa;
    this.names = names;
    this.interior = interior;
    this.reverse = reverse;
  }

  /**
   * @param slices EndpointSlices of any Service; each belongs to the Service its
   *     {@code kubernetes.io/service-name} label names in its namespace
   * @param serial the SOA serial: anything that grows when the data changes
   */
  static ClusterZone build(Name origin, InetAddress dnsAddress, long ttl, long serial,
      Collection<ObjectNode> services, Collection<ObjectNode> slices) {
    Map<String, List<ObjectNode>> slicesByService = new HashMap<>();
    for (ObjectNode slice : slices) {
      String service = Metadata.labels(slice).get("kubernetes.io/service-name");
      if (service != null) slicesByService.computeIfAbsent(Metadata.namespace(slice) + "/" + service, k -> new ArrayList<>()).add(slice);
    }
    Name ns = ServiceRecords.name("ns.dns", origin);
    Name hostmaster = ServiceRecords.name("hostmaster", origin);
    SOARecord soa = new SOARecord(origin, DClass.IN, ttl, ns, hostmaster, serial, 7200, 1800, 86400, ttl);
    Map<Name, List<Record>> names = new LinkedHashMap<>();
    Map<Name, List<Record>> reverse = new HashMap<>();
    add(names, soa);
    add(names, new NSRecord(origin, DClass.IN, ttl, ns));
    if (dnsAddress != null) add(names, ServiceRecords.addressRecord(ns, dnsAddress, ttl));
    add(names, new TXTRecord(ServiceRecords.name("dns-version", origin), DClass.IN, ttl, SPEC_VERSION));
    for (ObjectNode service : services) {
      String key = Metadata.namespace(service) + "/" + Metadata.name(service);
      ServiceRecords.Result records = ServiceRecords.of(service, slicesByService.getOrDefault(key, List.of()), origin, ttl);
      for (Record r : records.forward()) add(names, r);
      for (Record r : records.reverse()) add(reverse, r);
    }
    Set<Name> interior = new HashSet<>();
    for (Name name : names.keySet()) {
      for (int labels = name.labels() - 1; labels > origin.labels(); labels--) {
        Name parent = new Name(name, name.labels() - labels);
        if (!names.containsKey(parent)) interior.add(parent);
      }
    }
    // The pod zone exists even when no Service does.
    interior.add(ServiceRecords.name("svc", origin));
    interior.add(ServiceRecords.name("pod", origin));
    return new ClusterZone(origin, ttl, soa, names, interior, reverse);
  }

  private static void add(Map<Name, List<Record>> map, Record r) {
    List<Record> list = map.computeIfAbsent(r.getName(), k -> new ArrayList<>());
    if (!list.contains(r)) list.add(r);
  }

  Name origin() {
    return origin;
  }

  SOARecord soa() {
    return soa;
  }

  /** What to answer for {@code qname} (any case) and {@code qtype}. */
  Lookup lookup(Name qname, int qtype) {
    Name name = qname.canonicalize();
    if (name.subdomain(IN_ADDR_ARPA) || name.subdomain(IP6_ARPA)) {
      List<Record> ptr = reverse.get(name);
      if (ptr == null) return Elsewhere.INSTANCE;
      return qtype == Type.PTR || qtype == Type.ANY ? new Answer(ptr, List.of()) : new NoData(soa);
    }
    if (!name.subdomain(origin)) return Elsewhere.INSTANCE;
    List<Record> records = names.get(name);
    if (records == null) records = podRecord(name);
    if (records == null) return interior.contains(name) ? new NoData(soa) : new NxDomain(soa);
    for (Record r : records) {
      if (r instanceof CNAMERecord cname && qtype != Type.CNAME) return new Alias(cname);
    }
    List<Record> answer = records.stream().filter(r -> qtype == Type.ANY || r.getType() == qtype).toList();
    if (answer.isEmpty()) return new NoData(soa);
    return new Answer(answer, additional(answer));
  }

  /** The addresses of SRV targets and of the zone's name server, which a client asks next. */
  private List<Record> additional(List<Record> answer) {
    List<Record> extra = new ArrayList<>();
    for (Record r : answer) {
      Name target = r instanceof SRVRecord srv ? srv.getTarget() : r instanceof NSRecord ns ? ns.getTarget() : null;
      if (target == null) continue;
      for (Record t : names.getOrDefault(target.canonicalize(), List.of())) {
        if ((t.getType() == Type.A || t.getType() == Type.AAAA) && !extra.contains(t)) extra.add(t);
      }
    }
    return extra;
  }

  /** {@code 10-1-2-3.<ns>.pod.<zone>} → A 10.1.2.3, for any namespace, as CoreDNS's "pods insecure". */
  private List<Record> podRecord(Name name) {
    if (name.labels() != podZone.labels() + 2 || !name.subdomain(podZone)) return null;
    String label = name.getLabelString(0);
    InetAddress address = label.contains("--") || label.chars().filter(c -> c == '-').count() != 3
        ? ServiceRecords.address(label.replace('-', ':'))
        : ServiceRecords.address(label.replace('-', '.'));
    return address == null ? null : List.of(ServiceRecords.addressRecord(name, address, ttl));
  }
}
