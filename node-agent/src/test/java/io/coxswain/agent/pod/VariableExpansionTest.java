package io.coxswain.agent.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cases from Kubernetes' own expansion tests (third_party/forked/golang/expansion). */
class VariableExpansionTest {
  private static final Map<String, String> VARS = Map.of("VAR_A", "A", "VAR_B", "B", "VAR_C", "C", "VAR_EMPTY", "");

  private static String expand(String s) {
    return VariableExpansion.expand(s, VARS);
  }

  @Test
  void expandsKnownReferences() {
    assertEquals("A", expand("$(VAR_A)"));
    assertEquals("___A_B_C___", expand("___$(VAR_A)_$(VAR_B)_$(VAR_C)___"));
    assertEquals("AB", expand("$(VAR_A)$(VAR_B)"));
    assertEquals("foo--bar", expand("foo-$(VAR_EMPTY)-bar"));
  }

  @Test
  void leavesUnknownReferencesAsWritten() {
    assertEquals("$(VAR_DNE)", expand("$(VAR_DNE)"));
    assertEquals("foo-$()-bar", expand("foo-$()-bar"));
  }

  @Test
  void doubleDollarEscapesAReference() {
    assertEquals("$(VAR_A)", expand("$$(VAR_A)"));
    assertEquals("foo-$-bar", expand("foo-$$-bar"));
    assertEquals("$A", expand("$$$(VAR_A)"));
    assertEquals("$$", expand("$$$$"));
  }

  @Test
  void keepsUnclosedAndBareOperatorsAsWritten() {
    assertEquals("$(VAR_A", expand("$(VAR_A"));
    assertEquals("foo$(VAR_A", expand("foo$(VAR_A"));
    assertEquals("$VAR_A", expand("$VAR_A"));
    assertEquals("foo$", expand("foo$"));
    assertEquals("$", expand("$"));
    assertEquals("${VAR_A}", expand("${VAR_A}"));
    assertEquals("$(()", expand("$(()"));
  }

  @Test
  void expandsOnlyOnce() {
    assertEquals("$(VAR_B)", VariableExpansion.expand("$(X)", Map.of("X", "$(VAR_B)", "VAR_B", "B")));
  }
}
