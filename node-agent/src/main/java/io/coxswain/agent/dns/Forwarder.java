package io.coxswain.agent.dns;

import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Message;

/** Where names outside the cluster zone go: the node's own resolvers. Never blocks the caller. */
interface Forwarder {
  /** The upstream's response to the query, or a failed stage when no upstream answered. */
  CompletionStage<Message> send(Message query);
}
