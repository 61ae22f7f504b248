package io.coxswain.core.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/** Kubernetes' human durations ("5m", "3h", "2d"), as shown in Age columns. */
public final class Ages {
  private Ages() {}

  public static String since(ObjectNode obj, Instant now) {
    return since(Fields.instant(obj, "metadata", "creationTimestamp"), now);
  }

  /** The age of a timestamp, or {@code <unknown>} when there is none, as Kubernetes prints it. */
  public static String since(Instant then, Instant now) {
    return then == null ? "<unknown>" : human(Duration.between(then, now));
  }

  /** Same thresholds as Kubernetes' {@code HumanDuration}. */
  public static String human(Duration d) {
    // Go truncates toward zero; Duration.getSeconds() floors.
    long s = d.getSeconds();
    if (s < 0 && d.getNano() > 0) s++;
    // Up to a second of clock skew still reads as "now".
    if (s < -1) return "<invalid>";
    if (s < 0) return "0s";
    if (s < 120) return s + "s";
    long m = s / 60;
    if (m < 10) return s % 60 == 0 ? m + "m" : m + "m" + (s % 60) + "s";
    if (m < 180) return m + "m";
    long h = m / 60;
    if (h < 8) return m % 60 == 0 ? h + "h" : h + "h" + (m % 60) + "m";
    if (h < 48) return h + "h";
    long days = h / 24;
    if (h < 24 * 8) return h % 24 == 0 ? days + "d" : days + "d" + (h % 24) + "h";
    if (h < 24 * 365 * 2) return days + "d";
    long years = days / 365;
    if (h < 24 * 365 * 8) return days % 365 == 0 ? years + "y" : years + "y" + (days % 365) + "d";
    return years + "y";
  }
}
