package io.coxswain.agent.node;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Quantities written the way apimachinery's resource.Quantity prints them, so a Node from this
 * agent reads like one from kubelet: CPU in DecimalSI ("8", "7900m"), bytes in BinarySI with the
 * largest binary suffix that divides exactly ("16318412Ki", "256Gi", or plain bytes).
 */
final class QuantityFormat {
  private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  private static final BigInteger KI = BigInteger.valueOf(1024);

  private QuantityFormat() {}

  /** Whole cores as an integer, fractions as millicores (rounded up, the smallest CPU unit). */
  static String cpu(BigDecimal cores) {
    BigDecimal millis = cores.movePointRight(3).setScale(0, RoundingMode.CEILING);
    if (millis.remainder(BigDecimal.valueOf(1000)).signum() == 0) {
      return millis.movePointLeft(3).setScale(0, RoundingMode.UNNECESSARY).toPlainString();
    }
    return millis.toPlainString() + "m";
  }

  /** Whole bytes (rounded up) with the largest binary suffix that divides them exactly. */
  static String bytes(BigDecimal bytes) {
    BigInteger n = bytes.setScale(0, RoundingMode.CEILING).toBigInteger();
    if (n.abs().compareTo(KI) < 0) return n.toString();
    int exponent = 0;
    while (exponent < BINARY_SUFFIXES.length - 1 && n.signum() != 0 && n.mod(KI).signum() == 0) {
      n = n.divide(KI);
      exponent++;
    }
    return n + BINARY_SUFFIXES[exponent];
  }

  static String bytes(long bytes) {
    return bytes(BigDecimal.valueOf(bytes));
  }
}
