package io.coxswain.core.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.select.LabelSelector.Operator;
import io.coxswain.core.select.LabelSelector.Requirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The terms of a {@code NodeSelector} (required node affinity), ORed: a node matches when one term
 * matches it, and a term matches when all its label expressions and field expressions do. An empty
 * term matches no node, as in Kubernetes.
 */
public final class NodeSelectorTerms {
  private final List<Term> terms;

  record Term(List<Requirement> labels, List<Requirement> fields) {
    boolean matches(Map<String, String> nodeLabels, Map<String, String> nodeFields) {
      if (labels.isEmpty() && fields.isEmpty()) return false;
      for (Requirement r : labels) {
        if (!r.matches(nodeLabels)) return false;
      }
      for (Requirement r : fields) {
        if (!r.matches(nodeFields)) return false;
      }
      return true;
    }
  }

  private NodeSelectorTerms(List<Term> terms) {
    this.terms = terms;
  }

  /** {@code nodeSelectorTerms} of a NodeSelector. */
  static NodeSelectorTerms of(JsonNode terms) {
    List<Term> out = new ArrayList<>();
    for (JsonNode t : terms) out.add(term(t));
    return new NodeSelectorTerms(out);
  }

  /** One NodeSelectorTerm (as a preferred scheduling term carries it). */
  static Term term(JsonNode t) {
    return new Term(requirements(t.path("matchExpressions")), requirements(t.path("matchFields")));
  }

  private static List<Requirement> requirements(JsonNode expressions) {
    List<Requirement> out = new ArrayList<>();
    for (JsonNode e : expressions) {
      List<String> values = new ArrayList<>();
      for (JsonNode v : e.path("values")) values.add(v.asText());
      Operator op = switch (e.path("operator").asText()) {
        case "In" -> Operator.IN;
        case "NotIn" -> Operator.NOT_IN;
        case "Exists" -> Operator.EXISTS;
        case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
        case "Gt" -> Operator.GREATER_THAN;
        case "Lt" -> Operator.LESS_THAN;
        default -> null;
      };
      // An operator the API would have refused matches nothing rather than everything.
      if (op == null || ((op == Operator.GREATER_THAN || op == Operator.LESS_THAN) && !isInteger(values))) {
        op = Operator.IN;
        values = List.of();
      }
      out.add(new Requirement(e.path("key").asText(), op, values));
    }
    return out;
  }

  private static boolean isInteger(List<String> values) {
    if (values.size() != 1) return false;
    try {
      Long.parseLong(values.get(0));
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  boolean matches(NodeInfo node) {
    for (Term t : terms) {
      if (t.matches(node.labels(), node.fields())) return true;
    }
    return false;
  }
}
