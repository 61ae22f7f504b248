package io.coxswain.agent.streams;

import java.time.Instant;

/**
 * What part of a container log to send, as kubectl logs asks for it.
 *
 * @param tailLines the last N output lines only; null for all
 * @param since only lines written at or after this time; null for all
 * @param limitBytes stop after this many bytes (timestamps included); null for no limit
 * @param timestamps prefix every output line with its RFC3339Nano time and a space
 * @param follow keep sending what the container writes until it exits
 */
public record LogOptions(Long tailLines, Instant since, Long limitBytes, boolean timestamps, boolean follow) {

  public static LogOptions all() {
    return new LogOptions(null, null, null, false, false);
  }
}
