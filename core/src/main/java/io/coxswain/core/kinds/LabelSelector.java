package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.JsonFields.child;
import static io.coxswain.core.kinds.JsonFields.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.ObjectMetaValidation;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A metav1.LabelSelector (matchLabels and matchExpressions) as in a Deployment's or ReplicaSet's
 * spec.selector: its validation and whether it selects a set of labels.
 */
public final class LabelSelector {
  private LabelSelector() {}

  /**
   * Reports what is wrong with the selector at {@code path}; answers whether it is well formed
   * enough to be matched against labels.
   */
  public static boolean validate(ObjectNode selector, String path, JsonFields f) {
    int before = f.causes().size();
    ObjectMetaValidation.validateLabels(f.stringMap(selector, path, "matchLabels"), child(path, "matchLabels"),
        f.causes());
    ArrayNode expressions = f.array(selector, path, "matchExpressions");
    String expressionsPath = child(path, "matchExpressions");
    for (int i = 0; expressions != null && i < expressions.size(); i++) {
      ObjectNode e = f.objectAt(expressions, expressionsPath, i);
      if (e != null) validateRequirement(e, index(expressionsPath, i), f);
    }
    return f.causes().size() == before;
  }

  /** Whether the selector has neither matchLabels nor matchExpressions (and so selects everything). */
  public static boolean isEmpty(JsonNode selector) {
    return selector == null || (selector.path("matchLabels").size() == 0 && selector.path("matchExpressions").size() == 0);
  }

  /** Whether labels satisfy every matchLabels entry and every matchExpressions requirement. */
  public static boolean matches(JsonNode selector, Map<String, String> labels) {
    if (selector == null || !selector.isObject()) return false;
    try {
      return io.coxswain.core.select.LabelSelector.fromJson(selector).matches(labels);
    } catch (io.coxswain.core.StatusException malformed) {
      return false; // an unusable selector matches nothing; validation reports why
    }
  }

  /**
   * apps/v1 fixes a workload's selector at creation: changing it would orphan the pods it owns.
   */
  public static List<Cause> validateUnchanged(JsonNode updated, JsonNode stored, String path) {
    if (SemanticEquality.equal(updated, stored)) return List.of();
    return List.of(Cause.invalid(path, JsonFields.shown(updated), "field is immutable"));
  }

  private static void validateRequirement(ObjectNode e, String path, JsonFields f) {
    String key = f.string(e, path, "key");
    String operator = f.string(e, path, "operator");
    List<String> values = f.strings(e, path, "values");
    int valueCount = values == null ? 0 : values.size();
    String op = operator == null ? "" : operator;
    switch (op) {
      case "In", "NotIn" -> {
        if (valueCount == 0) {
          f.add(new Cause("FieldValueRequired",
              "Required value: must be specified when `operator` is 'In' or 'NotIn'", child(path, "values")));
        }
      }
      case "Exists", "DoesNotExist" -> {
        if (valueCount > 0) {
          f.add(Cause.forbidden(child(path, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
      }
      default -> f.add(Cause.invalid(child(path, "operator"), op, "not a valid selector operator"));
    }
    for (String msg : ValueFormats.qualifiedName(key == null ? "" : key)) {
      f.add(Cause.invalid(child(path, "key"), key == null ? "" : key, msg));
    }
    for (int i = 0; values != null && i < values.size(); i++) {
      for (String msg : ValueFormats.labelValue(values.get(i))) {
        f.add(Cause.invalid(index(child(path, "values"), i), values.get(i), msg));
      }
    }
  }
}
