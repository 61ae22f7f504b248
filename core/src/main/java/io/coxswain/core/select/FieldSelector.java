package io.coxswain.core.select;

import io.coxswain.core.StatusException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Kubernetes field selector ({@code ?fieldSelector=spec.nodeName=n1,status.phase!=Running}): terms
 * {@code field=value}, {@code field==value} or {@code field!=value} that must all hold. In values
 * {@code \,} {@code \=} and {@code \\} stand for the literal characters. Which fields a kind supports
 * is the caller's business; see {@link #unsupportedField}. Immutable.
 */
public final class FieldSelector {
  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());
  private static final String[] OPERATORS = {"!=", "==", "="};

  public enum Operator {
    EQUALS("="), DOUBLE_EQUALS("=="), NOT_EQUALS("!=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }
  }

  /** One term; {@code value} is unescaped. */
  public record Requirement(String field, Operator operator, String value) {
    public boolean matches(Map<String, String> fields) {
      String actual = fields.get(field);
      boolean equal = (actual == null ? "" : actual).equals(value);
      return operator == Operator.NOT_EQUALS ? !equal : equal;
    }

    @Override
    public String toString() {
      return field + operator.symbol + escapeValue(value);
    }
  }

  private final List<Requirement> requirements;

  private FieldSelector(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  public static FieldSelector everything() {
    return EVERYTHING;
  }

  /** Parses the query-string form; null or empty selects everything. Malformed input is a 400. */
  public static FieldSelector parse(String selector) {
    if (selector == null || selector.isEmpty()) return EVERYTHING;
    List<String> terms = splitTerms(selector);
    Collections.sort(terms);
    List<Requirement> requirements = new ArrayList<>();
    for (String term : terms) {
      if (term.isEmpty()) continue;
      requirements.add(term(selector, term));
    }
    return requirements.isEmpty() ? EVERYTHING : new FieldSelector(requirements);
  }

  /** The 400 Kubernetes answers for a field a kind cannot be selected by. */
  public static StatusException unsupportedField(String field) {
    return StatusException.badRequest("field label not supported: " + field);
  }

  /** Escapes {@code \}, {@code ,} and {@code =} so that a literal value survives parsing. */
  public static String escapeValue(String value) {
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
  }

  /** The first operator in the term splits it; field names cannot be escaped, as in Kubernetes. */
  private static Requirement term(String selector, String term) {
    for (int i = 0; i < term.length(); i++) {
      for (String op : OPERATORS) {
        if (term.startsWith(op, i)) {
          String field = term.substring(0, i).trim();
          String value = unescape(term.substring(i + op.length()));
          Operator operator = switch (op) {
            case "!=" -> Operator.NOT_EQUALS;
            case "==" -> Operator.DOUBLE_EQUALS;
            default -> Operator.EQUALS;
          };
          return new Requirement(field, operator, value);
        }
      }
    }
    throw StatusException.badRequest("invalid selector: '" + selector + "'; can't understand '" + term + "'");
  }

  /** Splits on commas that are not escaped; escapes stay in the terms. */
  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    int start = 0;
    boolean escaped = false;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == ',') {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }

  private static String unescape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    boolean escaped = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (escaped) {
        if (c != '\\' && c != ',' && c != '=') {
          throw StatusException.badRequest("invalid field selector: invalid escape sequence: \\" + c);
        }
        out.append(c);
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == ',' || c == '=') {
        throw StatusException.badRequest("invalid field selector: unescaped character in value: " + c);
      } else {
        out.append(c);
      }
    }
    if (escaped) throw StatusException.badRequest("invalid field selector: invalid escape sequence: \\");
    return out.toString();
  }

  /** Whether every term holds; a field missing from {@code fields} (or null there) reads as "". */
  public boolean matches(Map<String, String> fields) {
    Map<String, String> present = fields == null ? Map.of() : fields;
    for (Requirement r : requirements) {
      if (!r.matches(present)) return false;
    }
    return true;
  }

  /** The field names the selector tests, for checking against the kind's supported fields. */
  public Set<String> fieldNames() {
    Set<String> names = new LinkedHashSet<>();
    requirements.forEach(r -> names.add(r.field()));
    return Collections.unmodifiableSet(names);
  }

  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  public List<Requirement> requirements() {
    return requirements;
  }

  /** The canonical form: terms sorted, values escaped; empty for everything. */
  @Override
  public String toString() {
    return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSelector other && requirements.equals(other.requirements);
  }

  @Override
  public int hashCode() {
    return requirements.hashCode();
  }
}
