package io.coxswain.http.proto;

/** A nanosecond count written the way Go's {@code time.Duration.String} writes it: "1h2m3.5s", "1.5ms", "0s". */
final class GoDuration {
  private static final long MICROSECOND = 1_000;
  private static final long MILLISECOND = 1_000_000;
  private static final long SECOND = 1_000_000_000;

  private GoDuration() {}

  static String format(long nanos) {
    if (nanos == 0) return "0s";
    boolean negative = nanos < 0;
    long u = negative ? -nanos : nanos; // read as unsigned, so Long.MIN_VALUE stays exact
    StringBuilder reversed = new StringBuilder();
    if (Long.compareUnsigned(u, SECOND) < 0) {
      int precision;
      String unit;
      if (u < MICROSECOND) {
        precision = 0;
        unit = "ns";
      } else if (u < MILLISECOND) {
        precision = 3;
        unit = "µs";
      } else {
        precision = 6;
        unit = "ms";
      }
      reversed.append(new StringBuilder(unit).reverse());
      u = appendFraction(reversed, u, precision);
      appendInteger(reversed, u);
    } else {
      reversed.append('s');
      u = appendFraction(reversed, u, 9);
      appendInteger(reversed, Long.remainderUnsigned(u, 60));
      u = Long.divideUnsigned(u, 60);
      if (u > 0) {
        reversed.append('m');
        appendInteger(reversed, u % 60);
        u /= 60;
        if (u > 0) {
          reversed.append('h');
          appendInteger(reversed, u);
        }
      }
    }
    if (negative) reversed.append('-');
    return reversed.reverse().toString();
  }

  /** Appends (reversed) the fraction of v / 10^precision without trailing zeros; returns the integer part. */
  private static long appendFraction(StringBuilder reversed, long v, int precision) {
    boolean print = false;
    for (int i = 0; i < precision; i++) {
      long digit = Long.remainderUnsigned(v, 10);
      print = print || digit != 0;
      if (print) reversed.append((char) ('0' + digit));
      v = Long.divideUnsigned(v, 10);
    }
    if (print) reversed.append('.');
    return v;
  }

  private static void appendInteger(StringBuilder reversed, long v) {
    if (v == 0) {
      reversed.append('0');
      return;
    }
    while (v != 0) {
      reversed.append((char) ('0' + Long.remainderUnsigned(v, 10)));
      v = Long.divideUnsigned(v, 10);
    }
  }
}
