package io.coxswain.cli.bench;

import java.util.Arrays;

/**
 * Per-request latencies of one run, in nanoseconds, kept whole and sorted: at a few hundred
 * thousand requests an exact sorted array is cheaper to reason about than a bucketed histogram.
 */
public final class Latencies {
  private final long[] sorted;

  private Latencies(long[] sorted) {
    this.sorted = sorted;
  }

  public static Latencies of(long[]... parts) {
    int n = 0;
    for (long[] p : parts) n += p.length;
    long[] all = new long[n];
    int at = 0;
    for (long[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    Arrays.sort(all);
    return new Latencies(all);
  }

  public int count() {
    return sorted.length;
  }

  /** The value at quantile q (0..1) by the nearest-rank rule, in milliseconds. */
  public double percentileMillis(double q) {
    if (sorted.length == 0) return Double.NaN;
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  public double maxMillis() {
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
  }

  /** "p50 4.1 ms, p90 7.9 ms, p99 21 ms, max 64 ms". */
  public String describe() {
    return "p50 " + millis(percentileMillis(0.50)) + ", p90 " + millis(percentileMillis(0.90))
        + ", p99 " + millis(percentileMillis(0.99)) + ", max " + millis(maxMillis());
  }

  static String millis(double ms) {
    if (Double.isNaN(ms)) return "-";
    return (ms < 10 ? String.format("%.2f", ms) : ms < 100 ? String.format("%.1f", ms) : String.format("%.0f", ms)) + " ms";
  }

  /** A growable recorder for one client loop; not shared between threads. */
  static final class Recorder {
    private long[] values = new long[1024];
    private int size;

    void record(long nanos) {
      if (size == values.length) values = Arrays.copyOf(values, size * 2);
      values[size++] = nanos;
    }

    long[] values() {
      return Arrays.copyOf(values, size);
    }
  }
}
