package io.coxswain.core.select;

import io.coxswain.core.StatusException;
import io.coxswain.core.select.LabelSelector.Operator;
import io.coxswain.core.select.LabelSelector.Requirement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The query-string label selector grammar, following Kubernetes' lexer and parser so that the same
 * inputs are accepted and the same errors reported:
 *
 * <pre>
 * selector    ::= requirement ( "," requirement )*
 * requirement ::= [ "!" ] KEY [ ( "in" | "notin" ) "(" VALUES ")" | ( "=" | "==" | "!=" | ">" | "<" ) VALUE ]
 * </pre>
 */
final class LabelSelectorParser {
  private enum Token { IDENTIFIER, IN, NOT_IN, EQUALS, DOUBLE_EQUALS, NOT_EQUALS, NOT, OPEN_PAR, CLOSED_PAR,
    COMMA, GREATER_THAN, LESS_THAN, END }

  private record Lexeme(Token token, String literal) {}

  private final String selector;
  private final List<Lexeme> lexemes;
  private int position;

  LabelSelectorParser(String selector) {
    this.selector = selector;
    this.lexemes = lex(selector);
  }

  List<Requirement> parse() {
    List<Requirement> requirements = new ArrayList<>();
    while (true) {
      Lexeme next = lookahead(true);
      switch (next.token()) {
        case IDENTIFIER, NOT -> {
          requirements.add(requirement());
          Lexeme after = consume(true);
          switch (after.token()) {
            case END -> {
              return requirements;
            }
            case COMMA -> {
              Lexeme t = lookahead(true);
              if (t.token() != Token.IDENTIFIER && t.token() != Token.NOT) {
                throw error("found '" + t.literal() + "', expected: identifier after ','");
              }
            }
            default -> throw error("found '" + after.literal() + "', expected: ',' or 'end of string'");
          }
        }
        case END -> {
          return requirements;
        }
        default -> throw error("found '" + next.literal() + "', expected: !, identifier, or 'end of string'");
      }
    }
  }

  private Requirement requirement() {
    boolean negated = false;
    Lexeme key = consume(true);
    if (key.token() == Token.NOT) {
      negated = true;
      key = consume(true);
    }
    if (key.token() != Token.IDENTIFIER) {
      throw requirementError("found '" + key.literal() + "', expected: identifier");
    }
    Token after = lookahead(true).token();
    if (negated) {
      return LabelSelector.requirement(key.literal(), Operator.DOES_NOT_EXIST, List.of(), true);
    }
    if (after == Token.END || after == Token.COMMA) {
      return LabelSelector.requirement(key.literal(), Operator.EXISTS, List.of(), true);
    }
    Lexeme op = consume(false);
    Operator operator = switch (op.token()) {
      case IN -> Operator.IN;
      case NOT_IN -> Operator.NOT_IN;
      case EQUALS -> Operator.EQUALS;
      case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
      case NOT_EQUALS -> Operator.NOT_EQUALS;
      case GREATER_THAN -> Operator.GREATER_THAN;
      case LESS_THAN -> Operator.LESS_THAN;
      default -> throw requirementError(
          "found '" + op.literal() + "', expected: in, notin, =, ==, !=, gt, lt");
    };
    List<String> values = operator == Operator.IN || operator == Operator.NOT_IN ? valueSet() : List.of(exactValue());
    return LabelSelector.requirement(key.literal(), operator, values, true);
  }

  private String exactValue() {
    Token next = lookahead(true).token();
    if (next == Token.END || next == Token.COMMA) return "";
    Lexeme value = consume(true);
    if (value.token() == Token.IDENTIFIER) return value.literal();
    throw requirementError("found '" + value.literal() + "', expected: identifier");
  }

  private List<String> valueSet() {
    Lexeme open = consume(true);
    if (open.token() != Token.OPEN_PAR) throw requirementError("found '" + open.literal() + "' expected: '('");
    Lexeme next = lookahead(true);
    switch (next.token()) {
      case CLOSED_PAR -> {
        consume(true);
        return List.of("");
      }
      case IDENTIFIER, COMMA -> {
        List<String> values = identifierList();
        Lexeme close = consume(true);
        if (close.token() != Token.CLOSED_PAR) {
          throw requirementError("found '" + close.literal() + "', expected: ')'");
        }
        return values;
      }
      default -> throw requirementError("found '" + next.literal() + "', expected: ',', ')' or identifier");
    }
  }

  /** Values separated by commas; an empty position ("(a,)", "(,a)") stands for the empty value. */
  private List<String> identifierList() {
    Set<String> values = new LinkedHashSet<>();
    while (true) {
      Lexeme value = consume(true);
      switch (value.token()) {
        case IDENTIFIER -> {
          values.add(value.literal());
          Lexeme next = lookahead(true);
          if (next.token() == Token.CLOSED_PAR) return List.copyOf(values);
          if (next.token() != Token.COMMA) {
            throw requirementError("found '" + next.literal() + "', expected: ',' or ')'");
          }
        }
        case COMMA -> {
          if (values.isEmpty()) values.add("");
          Lexeme next = lookahead(true);
          if (next.token() == Token.CLOSED_PAR) {
            values.add("");
            return List.copyOf(values);
          }
          if (next.token() == Token.COMMA) {
            consume(true);
            values.add("");
          }
        }
        default -> throw requirementError("found '" + value.literal() + "', expected: ',', or identifier");
      }
    }
  }

  /** In value position the keywords "in" and "notin" are ordinary identifiers. */
  private Lexeme lookahead(boolean values) {
    return asContext(lexemes.get(position), values);
  }

  private Lexeme consume(boolean values) {
    Lexeme lexeme = lexemes.get(position);
    if (position < lexemes.size() - 1) position++;
    return asContext(lexeme, values);
  }

  private static Lexeme asContext(Lexeme lexeme, boolean values) {
    if (values && (lexeme.token() == Token.IN || lexeme.token() == Token.NOT_IN)) {
      return new Lexeme(Token.IDENTIFIER, lexeme.literal());
    }
    return lexeme;
  }

  private static List<Lexeme> lex(String input) {
    List<Lexeme> out = new ArrayList<>();
    int i = 0;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (isWhitespace(c)) {
        i++;
      } else if (isSpecial(c)) {
        String two = i + 1 < input.length() ? input.substring(i, i + 2) : "";
        if (two.equals("!=") || two.equals("==")) {
          out.add(new Lexeme(two.equals("!=") ? Token.NOT_EQUALS : Token.DOUBLE_EQUALS, two));
          i += 2;
        } else {
          out.add(new Lexeme(special(c), String.valueOf(c)));
          i++;
        }
      } else {
        int start = i;
        while (i < input.length() && !isWhitespace(input.charAt(i)) && !isSpecial(input.charAt(i))) i++;
        String word = input.substring(start, i);
        Token token = switch (word) {
          case "in" -> Token.IN;
          case "notin" -> Token.NOT_IN;
          default -> Token.IDENTIFIER;
        };
        out.add(new Lexeme(token, word));
      }
    }
    out.add(new Lexeme(Token.END, ""));
    return out;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isSpecial(char c) {
    return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
  }

  private static Token special(char c) {
    return switch (c) {
      case '=' -> Token.EQUALS;
      case '!' -> Token.NOT;
      case '(' -> Token.OPEN_PAR;
      case ')' -> Token.CLOSED_PAR;
      case ',' -> Token.COMMA;
      case '>' -> Token.GREATER_THAN;
      default -> Token.LESS_THAN;
    };
  }

  private static StatusException requirementError(String detail) {
    return StatusException.badRequest("unable to parse requirement: " + detail);
  }

  private StatusException error(String detail) {
    return StatusException.badRequest("unable to parse label selector \"" + selector + "\": " + detail);
  }
}
