package io.coxswain.core.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Metadata;
import java.time.Duration;
import java.time.Instant;

/** Kubernetes' human durations ("5m", "3h", "2d"), as shown in Age columns. */
public final class Ages {
  private Ages() {}

  public static String since(ObjectNode obj, Instant now) {
    String ts = Metadata.creationTimestamp(obj);
    if (ts == null) return "<unknown>";
    return human(Duration.between(Instant.parse(ts), now));
  }

  public static String human(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) return s + "s";
    long m = s / 60;
    if (m < 10) return m + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    if (m < 180) return m + "m";
    long h = m / 60;
    if (h < 8) return h + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
    if (h < 48) return h + "h";
    long days = h / 24;
    if (days < 8) return days + "d" + (h % 24 == 0 ? "" : (h % 24) + "h");
    if (days < 365 * 2) return days + "d";
    return (days / 365) + "y";
  }
}
