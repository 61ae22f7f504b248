package io.coxswain.agent.lifecycle;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Kubernetes' metav1.Time on the wire: RFC 3339 in UTC with whole seconds. */
final class Rfc3339 {
  private Rfc3339() {}

  static String format(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}
