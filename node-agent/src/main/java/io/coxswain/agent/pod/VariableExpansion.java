package io.coxswain.agent.pod;

import java.util.function.Function;

/**
 * Kubernetes' {@code $(VAR)} expansion, a port of k8s.io/kubernetes
 * third_party/forked/golang/expansion: {@code $$} is an escaped {@code $}, a reference whose name
 * the mapping does not know stays as written, an unclosed {@code $(} stays as written. Users rely
 * on those exact quirks (for example {@code $$(HOME)} to pass a literal {@code $(HOME)} through),
 * so this does not try to be smarter.
 */
public final class VariableExpansion {
  private VariableExpansion() {}

  /** Expands references found in {@code vars}; unknown ones are left as {@code $(NAME)}. */
  public static String expand(String input, java.util.Map<String, String> vars) {
    return expand(input, name -> {
      String v = vars.get(name);
      return v != null ? v : "$(" + name + ")";
    });
  }

  /** Expands with a mapping that decides what an unknown name becomes. */
  public static String expand(String input, Function<String, String> mapping) {
    StringBuilder out = new StringBuilder(input.length());
    int checkpoint = 0;
    for (int cursor = 0; cursor < input.length(); cursor++) {
      if (input.charAt(cursor) != '$' || cursor + 1 >= input.length()) continue;
      out.append(input, checkpoint, cursor);
      char next = input.charAt(cursor + 1);
      int advance = 1;
      if (next == '$') {
        out.append('$');
      } else if (next == '(') {
        int closer = input.indexOf(')', cursor + 2);
        if (closer >= 0) {
          out.append(mapping.apply(input.substring(cursor + 2, closer)));
          advance = closer - cursor;
        } else {
          out.append("$(");
        }
      } else {
        out.append('$').append(next);
      }
      cursor += advance;
      checkpoint = cursor + 1;
    }
    return out.append(input, checkpoint, input.length()).toString();
  }
}
