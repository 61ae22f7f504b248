package io.coxswain.core.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Renders label selectors and label maps as Kubernetes does: a {@code metav1.LabelSelector} becomes
 * requirements sorted by key ({@code app=web,tier in (back,front),!canary}), a label map becomes
 * sorted {@code k=v} pairs.
 */
public final class LabelSelectorFormatter {
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private LabelSelectorFormatter() {}

  /** As {@code metav1.FormatLabelSelector}: {@code <none>} when it selects everything or nothing. */
  public static String format(JsonNode selector) {
    return asSelector(selector).map(s -> s.isEmpty() ? "<none>" : s).orElse("<error>");
  }

  /**
   * As {@code LabelSelectorAsSelector(...).String()}: empty for an empty or absent selector, and
   * empty optional when the selector is invalid.
   */
  public static Optional<String> asSelector(JsonNode selector) {
    if (selector == null || !selector.isObject()) return Optional.of("");
    List<Requirement> requirements = new ArrayList<>();
    JsonNode matchLabels = selector.path("matchLabels");
    if (matchLabels.isObject()) {
      var it = matchLabels.fields();
      while (it.hasNext()) {
        var e = it.next();
        String value = e.getValue().isValueNode() ? e.getValue().asText() : "";
        if (!validKey(e.getKey()) || !validValue(value)) return Optional.empty();
        requirements.add(new Requirement(e.getKey(), e.getKey() + "=" + value));
      }
    }
    for (JsonNode expr : Fields.items(selector, "matchExpressions")) {
      String key = Fields.text(expr, "key");
      List<String> values = new ArrayList<>();
      for (JsonNode v : Fields.items(expr, "values")) {
        values.add(v.isValueNode() ? v.asText() : "");
      }
      if (!validKey(key) || !values.stream().allMatch(LabelSelectorFormatter::validValue)) {
        return Optional.empty();
      }
      String rendered;
      switch (Fields.text(expr, "operator")) {
        case "In", "NotIn" -> {
          if (values.isEmpty()) return Optional.empty();
          String op = Fields.text(expr, "operator").equals("In") ? " in " : " notin ";
          rendered = key + op + "(" + String.join(",", values.stream().sorted().toList()) + ")";
        }
        case "Exists" -> {
          if (!values.isEmpty()) return Optional.empty();
          rendered = key;
        }
        case "DoesNotExist" -> {
          if (!values.isEmpty()) return Optional.empty();
          rendered = "!" + key;
        }
        default -> {
          return Optional.empty();
        }
      }
      requirements.add(new Requirement(key, rendered));
    }
    requirements.sort(Comparator.comparing(Requirement::key));
    return Optional.of(String.join(",", requirements.stream().map(Requirement::rendered).toList()));
  }

  /** As {@code labels.FormatLabels}: sorted {@code k=v} pairs, {@code <none>} when empty. */
  public static String formatLabels(JsonNode labels) {
    if (labels == null || !labels.isObject() || labels.isEmpty()) return "<none>";
    Map<String, String> sorted = new TreeMap<>();
    labels.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
    List<String> pairs = new ArrayList<>(sorted.size());
    sorted.forEach((k, v) -> pairs.add(k + "=" + v));
    return String.join(",", pairs);
  }

  private record Requirement(String key, String rendered) {}

  private static boolean validKey(String key) {
    int slash = key.indexOf('/');
    String name = key;
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        return false;
      }
    }
    return !name.isEmpty() && name.length() <= 63 && QUALIFIED_NAME.matcher(name).matches();
  }

  private static boolean validValue(String value) {
    return value.isEmpty() || (value.length() <= 63 && QUALIFIED_NAME.matcher(value).matches());
  }
}
