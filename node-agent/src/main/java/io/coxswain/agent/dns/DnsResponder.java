package io.coxswain.agent.dns;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one DNS query into its response, whatever carried it: names in the cluster zone (and
 * reverse names of cluster addresses) are answered from the current {@link ClusterZone}, anything
 * else is forwarded. An ExternalName's CNAME is followed, in the zone or upstream, so a client
 * gets the addresses in one answer as CoreDNS gives them.
 *
 * <p>Sizes follow RFC 1035 and 6891: over UDP an answer fits 512 bytes, or the client's EDNS
 * buffer (capped at {@value #MAX_UDP}); a longer one is truncated with the TC bit, and the client
 * asks again over TCP, where up to 65535 bytes go.
 */
final class DnsResponder {
  static final int MAX_UDP = 4096;
  /** The EDNS buffer size this server advertises (the 2020 DNS flag day's value). */
  static final int ADVERTISED_UDP = 1232;
  private static final int MAX_CHASE = 8;

  enum Transport { UDP, TCP }

  private final Supplier<ClusterZone> zone;
  private final Forwarder upstream;

  DnsResponder(Supplier<ClusterZone> zone, Forwarder upstream) {
    this.zone = zone;
    this.upstream = upstream;
  }

  /** The response's wire form, or null when the bytes deserve no answer (not a query at all). */
  CompletionStage<byte[]> respond(byte[] wire, Transport transport) {
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException e) {
      return CompletableFuture.completedFuture(formatError(wire));
    }
    Header header = query.getHeader();
    if (header.getFlag(Flags.QR)) return CompletableFuture.completedFuture(null);
    int limit = transport == Transport.TCP ? Message.MAXLENGTH : udpLimit(query);
    Record question = query.getQuestion();
    if (header.getOpcode() != Opcode.QUERY) return done(failure(query, Rcode.NOTIMP), limit);
    if (question == null || query.getSection(Section.QUESTION).size() != 1) return done(failure(query, Rcode.FORMERR), limit);
    return resolve(query, question)
        .exceptionally(e -> failure(query, Rcode.SERVFAIL))
        .thenApply(response -> response.toWire(limit));
  }

  private static CompletionStage<byte[]> done(Message response, int limit) {
    return CompletableFuture.completedFuture(response.toWire(limit));
  }

  private CompletionStage<Message> resolve(Message query, Record question) {
    ClusterZone.Lookup lookup = zone.get().lookup(question.getName(), question.getType());
    boolean inClass = question.getDClass() == DClass.IN || question.getDClass() == DClass.ANY;
    if (lookup == ClusterZone.Elsewhere.INSTANCE) return forward(query);
    Message response = response(query);
    response.getHeader().setFlag(Flags.AA);
    if (!inClass) {
      response.getHeader().setRcode(Rcode.REFUSED);
      return CompletableFuture.completedFuture(response);
    }
    return complete(response, lookup, question.getType(), 0);
  }

  /** Adds what the zone said to the response; follows an alias. */
  private CompletionStage<Message> complete(Message response, ClusterZone.Lookup lookup, int qtype, int depth) {
    if (lookup instanceof ClusterZone.Answer a) {
      a.answer().forEach(r -> response.addRecord(r, Section.ANSWER));
      a.additional().forEach(r -> response.addRecord(r, Section.ADDITIONAL));
    } else if (lookup instanceof ClusterZone.NoData n) {
      response.addRecord(n.soa(), Section.AUTHORITY);
    } else if (lookup instanceof ClusterZone.NxDomain n) {
      // After a CNAME the rcode speaks of the last name in the chain (RFC 6604).
      response.getHeader().setRcode(Rcode.NXDOMAIN);
      response.addRecord(n.soa(), Section.AUTHORITY);
    } else if (lookup instanceof ClusterZone.Alias alias) {
      CNAMERecord cname = alias.cname();
      response.addRecord(cname, Section.ANSWER);
      if (depth >= MAX_CHASE) return CompletableFuture.completedFuture(response);
      ClusterZone.Lookup next = zone.get().lookup(cname.getTarget(), qtype);
      if (next == ClusterZone.Elsewhere.INSTANCE) return chaseUpstream(response, cname, qtype);
      return complete(response, next, qtype, depth + 1);
    }
    return CompletableFuture.completedFuture(response);
  }

  /** The target of an ExternalName is someone else's: ask the node's resolvers and append. */
  private CompletionStage<Message> chaseUpstream(Message response, CNAMERecord cname, int qtype) {
    Message query = Message.newQuery(Record.newRecord(cname.getTarget(), qtype, DClass.IN));
    return upstream.send(query).handle((upstreamResponse, e) -> {
      if (e != null) {
        response.getHeader().setRcode(Rcode.SERVFAIL);
        return response;
      }
      for (Record r : upstreamResponse.getSection(Section.ANSWER)) response.addRecord(r, Section.ANSWER);
      response.getHeader().setRcode(upstreamResponse.getRcode());
      // the rest of the chain is not ours to vouch for
      response.getHeader().unsetFlag(Flags.AA);
      return response;
    });
  }

  private CompletionStage<Message> forward(Message query) {
    return upstream.send(query).handle((answer, e) -> {
      if (e != null) return failure(query, Rcode.SERVFAIL);
      answer.getHeader().setID(query.getHeader().getID());
      // EDNS is hop by hop: the client gets this server's OPT, not the upstream's
      answer.removeAllRecords(Section.ADDITIONAL);
      Message copy = response(query);
      copy.getHeader().setRcode(answer.getRcode());
      for (int flag : List.of(Flags.AA, Flags.AD)) if (answer.getHeader().getFlag(flag)) copy.getHeader().setFlag(flag);
      for (int section : List.of(Section.ANSWER, Section.AUTHORITY)) {
        for (Record r : answer.getSection(section)) copy.addRecord(r, section);
      }
      return copy;
    });
  }

  /** An empty response to the query: same id and question, RD echoed, recursion available. */
  private static Message response(Message query) {
    Message response = new Message(query.getHeader().getID());
    Header h = response.getHeader();
    h.setFlag(Flags.QR);
    h.setFlag(Flags.RA);
    if (query.getHeader().getFlag(Flags.RD)) h.setFlag(Flags.RD);
    if (query.getQuestion() != null) response.addRecord(query.getQuestion(), Section.QUESTION);
    if (query.getOPT() != null) response.addRecord(new OPTRecord(ADVERTISED_UDP, 0, 0), Section.ADDITIONAL);
    return response;
  }

  private static Message failure(Message query, int rcode) {
    Message response = response(query);
    response.getHeader().setRcode(rcode);
    return response;
  }

  /** FORMERR when there is at least a header to answer; nothing for shorter garbage. */
  private static byte[] formatError(byte[] wire) {
    if (wire.length < Header.LENGTH) return null;
    try {
      Header header = new Header(Arrays.copyOf(wire, Header.LENGTH));
      if (header.getFlag(Flags.QR)) return null;
      Message response = new Message(header.getID());
      response.getHeader().setFlag(Flags.QR);
      response.getHeader().setRcode(Rcode.FORMERR);
      return response.toWire();
    } catch (IOException e) {
      return null;
    }
  }

  private static int udpLimit(Message query) {
    OPTRecord opt = query.getOPT();
    if (opt == null) return 512;
    return Math.max(512, Math.min(MAX_UDP, opt.getPayloadSize()));
  }
}
