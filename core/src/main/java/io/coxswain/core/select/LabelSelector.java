package io.coxswain.core.select;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.StatusException;
import io.coxswain.core.kinds.ValueFormats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A Kubernetes label selector: requirements that must all hold. Built from the query-string form
 * ({@code app=web,env in (a,b),!canary}) or from a {@code metav1.LabelSelector} object. Immutable.
 */
public final class LabelSelector {
  private static final LabelSelector EVERYTHING = new LabelSelector(List.of());

  /** The selector operators, with how each prints in the canonical string form. */
  public enum Operator {
    EQUALS("="), DOUBLE_EQUALS("=="), NOT_EQUALS("!="), IN(" in "), NOT_IN(" notin "),
    EXISTS(""), DOES_NOT_EXIST(""), GREATER_THAN(">"), LESS_THAN("<");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }
  }

  /** One requirement on one label key. {@code values} is sorted and without duplicates. */
  public record Requirement(String key, Operator operator, List<String> values) {
    public Requirement {
      values = List.copyOf(new TreeSet<>(values));
    }

    public boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      boolean present = value != null || labels.containsKey(key);
      if (value == null) value = "";
      return switch (operator) {
        case EQUALS, DOUBLE_EQUALS, IN -> present && values.contains(value);
        case NOT_EQUALS, NOT_IN -> !present || !values.contains(value);
        case EXISTS -> present;
        case DOES_NOT_EXIST -> !present;
        case GREATER_THAN, LESS_THAN -> present && compares(value);
      };
    }

    private boolean compares(String labelValue) {
      long actual;
      try {
        actual = Long.parseLong(labelValue);
      } catch (NumberFormatException e) {
        return false;
      }
      long bound = Long.parseLong(values.get(0));
      return operator == Operator.GREATER_THAN ? actual > bound : actual < bound;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (operator == Operator.DOES_NOT_EXIST) sb.append('!');
      sb.append(key);
      if (operator == Operator.EXISTS || operator == Operator.DOES_NOT_EXIST) return sb.toString();
      sb.append(operator.symbol);
      boolean set = operator == Operator.IN || operator == Operator.NOT_IN;
      if (set) sb.append('(');
      sb.append(String.join(",", values));
      if (set) sb.append(')');
      return sb.toString();
    }
  }

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    List<Requirement> sorted = new ArrayList<>(requirements);
    sorted.sort(Comparator.comparing(Requirement::key));
    this.requirements = List.copyOf(sorted);
  }

  /** The selector that matches every object. */
  public static LabelSelector everything() {
    return EVERYTHING;
  }

  /**
   * Parses the query-string syntax of {@code ?labelSelector=}; null or blank selects everything.
   * A syntax error or an invalid key or value is a 400 worded as Kubernetes words it.
   */
  public static LabelSelector parse(String selector) {
    if (selector == null || selector.isBlank()) return EVERYTHING;
    return new LabelSelector(new LabelSelectorParser(selector).parse());
  }

  /**
   * Converts a {@code metav1.LabelSelector} ({@code matchLabels}, {@code matchExpressions} with
   * In, NotIn, Exists, DoesNotExist); null, missing or empty selects everything.
   */
  public static LabelSelector fromJson(JsonNode selector) {
    if (selector == null || selector.isMissingNode() || selector.isNull()) return EVERYTHING;
    if (!selector.isObject()) throw invalid("a label selector must be an object, got " + selector);
    List<Requirement> requirements = new ArrayList<>();
    JsonNode matchLabels = selector.path("matchLabels");
    if (matchLabels.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> label = it.next();
        if (!label.getValue().isTextual()) {
          throw invalid("matchLabels." + label.getKey() + " must be a string, got " + label.getValue());
        }
        requirements.add(requirement(label.getKey(), Operator.EQUALS, List.of(label.getValue().asText()), false));
      }
    } else if (!matchLabels.isMissingNode() && !matchLabels.isNull()) {
      throw invalid("matchLabels must be a map of strings, got " + matchLabels);
    }
    JsonNode expressions = selector.path("matchExpressions");
    if (expressions.isArray()) {
      for (JsonNode expression : expressions) requirements.add(expression(expression));
    } else if (!expressions.isMissingNode() && !expressions.isNull()) {
      throw invalid("matchExpressions must be a list, got " + expressions);
    }
    return requirements.isEmpty() ? EVERYTHING : new LabelSelector(requirements);
  }

  private static Requirement expression(JsonNode expression) {
    if (!expression.isObject()) throw invalid("a match expression must be an object, got " + expression);
    String key = expression.path("key").asText("");
    String op = expression.path("operator").asText("");
    Operator operator = switch (op) {
      case "In" -> Operator.IN;
      case "NotIn" -> Operator.NOT_IN;
      case "Exists" -> Operator.EXISTS;
      case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
      default -> throw invalid("\"" + op + "\" is not a valid label selector operator");
    };
    List<String> values = new ArrayList<>();
    JsonNode given = expression.path("values");
    if (given.isArray()) {
      for (JsonNode v : given) {
        if (!v.isTextual()) throw invalid("values of \"" + key + "\" must be strings, got " + v);
        values.add(v.asText());
      }
    } else if (!given.isMissingNode() && !given.isNull()) {
      throw invalid("values of \"" + key + "\" must be a list, got " + given);
    }
    return requirement(key, operator, values, false);
  }

  /**
   * Builds a requirement after Kubernetes' checks (NewRequirement): key and values syntax, and the
   * number of values each operator takes.
   */
  static Requirement requirement(String key, Operator operator, List<String> values, boolean parsing) {
    List<String> errors = new ArrayList<>();
    List<String> keyErrors = ValueFormats.qualifiedName(key);
    if (!keyErrors.isEmpty()) errors.add(fieldError("key", key, String.join("; ", keyErrors)));
    switch (operator) {
      case IN, NOT_IN -> {
        if (values.isEmpty()) errors.add(fieldError("values", values, "for 'in', 'notin' operators, values set can't be empty"));
      }
      case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
        if (values.size() != 1) errors.add(fieldError("values", values, "exact-match compatibility requires one single value"));
      }
      case EXISTS, DOES_NOT_EXIST -> {
        if (!values.isEmpty()) errors.add(fieldError("values", values, "values set must be empty for exists and does not exist"));
      }
      case GREATER_THAN, LESS_THAN -> {
        if (values.size() != 1) {
          errors.add(fieldError("values", values, "for 'Gt', 'Lt' operators, exactly one value is required"));
        } else {
          try {
            Long.parseLong(values.get(0));
          } catch (NumberFormatException e) {
            errors.add(fieldError("values[0]", values.get(0), "for 'Gt', 'Lt' operators, the value must be an integer"));
          }
        }
      }
    }
    if (operator != Operator.GREATER_THAN && operator != Operator.LESS_THAN) {
      for (int i = 0; i < values.size(); i++) {
        List<String> valueErrors = ValueFormats.labelValue(values.get(i));
        if (!valueErrors.isEmpty()) {
          errors.add(fieldError("values[" + i + "][" + key + "]", values.get(i), String.join("; ", valueErrors)));
        }
      }
    }
    if (!errors.isEmpty()) {
      String detail = errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
      throw parsing ? StatusException.badRequest("unable to parse requirement: " + detail) : invalid(detail);
    }
    return new Requirement(key, operator, values);
  }

  private static String fieldError(String field, Object value, String detail) {
    String shown = value instanceof String s ? "\"" + s + "\""
        : value instanceof List<?> l ? l.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"))
        : String.valueOf(value);
    return field + ": Invalid value: " + shown + ": " + detail;
  }

  private static StatusException invalid(String detail) {
    return StatusException.badRequest("invalid label selector: " + detail);
  }

  public boolean matches(Map<String, String> labels) {
    Map<String, String> present = labels == null ? Map.of() : labels;
    for (Requirement r : requirements) {
      if (!r.matches(present)) return false;
    }
    return true;
  }

  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  /** The requirements, sorted by key as Kubernetes keeps them. */
  public List<Requirement> requirements() {
    return requirements;
  }

  /** The canonical form Kubernetes prints, e.g. {@code app=web,env in (a,b)}; empty for everything. */
  @Override
  public String toString() {
    return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelSelector other && requirements.equals(other.requirements);
  }

  @Override
  public int hashCode() {
    return requirements.hashCode();
  }
}
