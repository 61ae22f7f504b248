package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes resource quantities ("500m", "1Gi", "1e3", 2) read as exact decimals, for validation
 * (requests within limits) and for QoS. Follows the grammar of apimachinery's resource.Quantity:
 * a signed decimal number and one of a binary suffix, a decimal suffix or a decimal exponent.
 */
public final class ResourceQuantity {
  /** Kubernetes' message for an unparsable quantity. */
  public static final String FORMAT_ERROR =
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

  private static final BigDecimal KI = BigDecimal.valueOf(1024);
  private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
      Map.entry("", BigDecimal.ONE),
      Map.entry("n", new BigDecimal("1e-9")),
      Map.entry("u", new BigDecimal("1e-6")),
      Map.entry("m", new BigDecimal("1e-3")),
      Map.entry("k", new BigDecimal("1e3")),
      Map.entry("M", new BigDecimal("1e6")),
      Map.entry("G", new BigDecimal("1e9")),
      Map.entry("T", new BigDecimal("1e12")),
      Map.entry("P", new BigDecimal("1e15")),
      Map.entry("E", new BigDecimal("1e18")),
      Map.entry("Ki", KI),
      Map.entry("Mi", KI.pow(2)),
      Map.entry("Gi", KI.pow(3)),
      Map.entry("Ti", KI.pow(4)),
      Map.entry("Pi", KI.pow(5)),
      Map.entry("Ei", KI.pow(6)));

  /** Exponents beyond this are refused rather than expanded, so "1e999999999" cannot eat memory. */
  private static final int MAX_EXPONENT = 1000;

  private ResourceQuantity() {}

  /** The value of a quantity given as a JSON string or number; empty when it is not a quantity. */
  public static Optional<BigDecimal> parse(JsonNode node) {
    if (node == null) return Optional.empty();
    if (node.isIntegralNumber() || node.isFloatingPointNumber()) return parse(node.asText());
    return node.isTextual() ? parse(node.textValue()) : Optional.empty();
  }

  public static Optional<BigDecimal> parse(String s) {
    if (s == null || s.isEmpty() || s.length() > 128) return Optional.empty();
    int i = 0;
    boolean negative = false;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      negative = s.charAt(0) == '-';
      i = 1;
    }
    int numberStart = i;
    int dots = 0;
    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      if (s.charAt(i) == '.') dots++;
      i++;
    }
    String number = s.substring(numberStart, i);
    if (number.isEmpty() || dots > 1 || number.equals(".")) return Optional.empty();
    BigDecimal value = new BigDecimal(number.startsWith(".") ? "0" + number : number.endsWith(".") ? number + "0" : number);
    String suffix = s.substring(i);
    BigDecimal multiplier = SUFFIXES.get(suffix);
    if (multiplier == null) {
      if (suffix.length() < 2 || (suffix.charAt(0) != 'e' && suffix.charAt(0) != 'E')) return Optional.empty();
      String exp = suffix.substring(1);
      if (!exp.matches("[+-]?[0-9]{1,9}")) return Optional.empty();
      int e = Integer.parseInt(exp.startsWith("+") ? exp.substring(1) : exp);
      if (Math.abs(e) > MAX_EXPONENT) return Optional.empty();
      value = value.scaleByPowerOfTen(e);
    } else {
      value = value.multiply(multiplier);
    }
    return Optional.of(negative ? value.negate() : value);
  }
}
