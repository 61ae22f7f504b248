package io.coxswain.agent.lifecycle;

import java.time.Duration;

/**
 * Durations written the way Go's time.Duration prints them ("10s", "1m20s", "5m0s", "50ms"), as
 * they appear in kubelet's messages ("back-off 20s restarting failed container=…").
 */
final class GoDuration {
  private GoDuration() {}

  static String format(Duration d) {
    long n = d.toNanos();
    String sign = n < 0 ? "-" : "";
    n = Math.abs(n);
    if (n == 0) return "0s";
    if (n < 1_000L) return sign + n + "ns";
    if (n < 1_000_000L) return sign + decimal(n, 1_000L, 3) + "µs";
    if (n < 1_000_000_000L) return sign + decimal(n, 1_000_000L, 6) + "ms";
    long seconds = n / 1_000_000_000L;
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    StringBuilder out = new StringBuilder(sign);
    if (hours > 0) out.append(hours).append('h');
    if (hours > 0 || minutes > 0) out.append(minutes).append('m');
    return out.append(decimal(n % 60_000_000_000L, 1_000_000_000L, 9)).append('s').toString();
  }

  /** value / unit with the remainder as a decimal fraction without trailing zeros. */
  private static String decimal(long value, long unit, int digits) {
    long whole = value / unit;
    long rest = value % unit;
    if (rest == 0) return Long.toString(whole);
    String fraction = String.format("%0" + digits + "d", rest).replaceAll("0+$", "");
    return whole + "." + fraction;
  }
}
