package io.coxswain.http.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an Accept header to decide between aggregated discovery ({@code apidiscovery.k8s.io}) and
 * the plain APIVersions/APIGroupList form: the acceptable media range with the highest q-value
 * wins, the earlier one on a tie.
 */
final class AggregatedDiscoveryNegotiation {
  static final String GROUP = "apidiscovery.k8s.io";
  static final String AS = "APIGroupDiscoveryList";
  static final List<String> VERSIONS = List.of("v2", "v2beta1");

  private record Range(String type, String subtype, Map<String, String> params, double q, int order) {
    boolean aggregated() {
      return type.equals("application") && subtype.equals("json")
          && GROUP.equals(params.get("g")) && AS.equals(params.get("as")) && VERSIONS.contains(params.get("v"));
    }

    /** A range the plain JSON discovery body satisfies. */
    boolean plain() {
      if (params.containsKey("as") || params.containsKey("g") || params.containsKey("v")) {
        return false;
      }
      return type.equals("*") || (type.equals("application") && (subtype.equals("*") || subtype.equals("json")));
    }
  }

  private AggregatedDiscoveryNegotiation() {}

  static Optional<String> contentType(String accept) {
    if (accept == null || accept.isBlank()) {
      return Optional.empty();
    }
    List<Range> ranges = new ArrayList<>();
    String[] parts = accept.split(",");
    for (int i = 0; i < parts.length; i++) {
      Range r = parse(parts[i], i);
      if (r != null && r.q() > 0 && (r.aggregated() || r.plain())) {
        ranges.add(r);
      }
    }
    return ranges.stream()
        .sorted(Comparator.comparingDouble(Range::q).reversed().thenComparingInt(Range::order))
        .findFirst()
        .filter(Range::aggregated)
        .map(r -> contentTypeFor(r.params().get("v")));
  }

  static String contentTypeFor(String version) {
    return "application/json;g=" + GROUP + ";v=" + version + ";as=" + AS;
  }

  /** The apidiscovery version a content type from {@link #contentType} names. */
  static String versionOf(String contentType) {
    return contentType != null && contentType.contains(";v=v2beta1;") ? "v2beta1" : "v2";
  }

  private static Range parse(String mediaRange, int order) {
    String[] pieces = mediaRange.split(";");
    String full = pieces[0].trim().toLowerCase(Locale.ROOT);
    int slash = full.indexOf('/');
    if (slash <= 0 || slash == full.length() - 1) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    double q = 1.0;
    for (int i = 1; i < pieces.length; i++) {
      String piece = pieces[i].trim();
      int eq = piece.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = piece.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = piece.substring(eq + 1).trim();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      if (key.equals("q")) {
        try {
          q = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          return null;
        }
      } else {
        params.put(key, value);
      }
    }
    return new Range(full.substring(0, slash), full.substring(slash + 1), params, q, order);
  }
}
