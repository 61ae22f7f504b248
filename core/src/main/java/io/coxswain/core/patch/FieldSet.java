package io.coxswain.core.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields one manager owns, as Kubernetes' {@code fieldpath.Set}: each member is a path of
 * FieldsV1 keys ({@code f:spec}, {@code k:{"name":"web"}}, {@code v:"a"}, {@code i:0}). In FieldsV1
 * a key is a member when its value is empty or holds {@code "."}; otherwise it only leads to
 * members below it.
 */
record FieldSet(Set<List<String>> members) {
  static final FieldSet EMPTY = new FieldSet(Set.of());

  private static final String SELF = ".";

  FieldSet {
    members = Collections.unmodifiableSet(new LinkedHashSet<>(members));
  }

  /** The members of a {@code fieldsV1} value; anything that is not an object owns nothing. */
  static FieldSet parse(JsonNode fieldsV1) {
    Set<List<String>> out = new LinkedHashSet<>();
    if (fieldsV1 instanceof ObjectNode tree) collect(tree, new ArrayList<>(), out);
    return new FieldSet(out);
  }

  private static void collect(ObjectNode node, List<String> prefix, Set<List<String>> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> child = it.next();
      if (child.getKey().equals(SELF) || !(child.getValue() instanceof ObjectNode value)) continue;
      List<String> path = new ArrayList<>(prefix);
      path.add(child.getKey());
      if (value.isEmpty() || value.has(SELF)) out.add(List.copyOf(path));
      collect(value, path, out);
    }
  }

  /** The FieldsV1 form: members with members below them carry {@code "."}. */
  ObjectNode toFieldsV1() {
    Map<List<String>, ObjectNode> nodes = new LinkedHashMap<>();
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    nodes.put(List.of(), root);
    for (List<String> member : members) {
      ObjectNode parent = root;
      for (int i = 1; i <= member.size(); i++) {
        List<String> at = member.subList(0, i);
        ObjectNode node = nodes.get(at);
        if (node == null) {
          node = parent.putObject(member.get(i - 1));
          nodes.put(List.copyOf(at), node);
        }
        parent = node;
      }
    }
    for (List<String> member : members) {
      ObjectNode node = nodes.get(member);
      if (!node.isEmpty() && !node.has(SELF)) {
        ObjectNode withSelf = JsonNodeFactory.instance.objectNode();
        withSelf.putObject(SELF);
        withSelf.setAll(node);
        node.removeAll();
        node.setAll(withSelf);
      }
    }
    return root;
  }

  boolean isEmpty() {
    return members.isEmpty();
  }

  boolean has(List<String> path) {
    return members.contains(path);
  }

  FieldSet union(FieldSet other) {
    Set<List<String>> out = new LinkedHashSet<>(members);
    out.addAll(other.members);
    return new FieldSet(out);
  }

  FieldSet minus(FieldSet other) {
    Set<List<String>> out = new LinkedHashSet<>(members);
    out.removeAll(other.members);
    return new FieldSet(out);
  }

  /** Whether a member lies below {@code path}. */
  boolean hasBelow(List<String> path) {
    for (List<String> member : members) {
      if (member.size() > path.size() && member.subList(0, path.size()).equals(path)) return true;
    }
    return false;
  }

  /** Whether {@code path} names a merge key field of a list item ({@code k:{"name":"web"}}, {@code f:name}). */
  static boolean isKeyField(List<String> path) {
    if (path.size() < 2 || !path.get(path.size() - 1).startsWith("f:")) return false;
    String item = path.get(path.size() - 2);
    return item.startsWith("k:") && parseJson(item.substring(2)) instanceof ObjectNode key
        && key.has(path.get(path.size() - 1).substring(2));
  }

  /** The value {@code path} names in {@code root}, or null when the object has no such field. */
  static JsonNode find(JsonNode root, List<String> path) {
    JsonNode node = root;
    for (String element : path) {
      if (node == null) return null;
      node = child(node, element);
    }
    return node;
  }

  /** Removes the value {@code path} names from {@code root}; false when there was none. */
  static boolean remove(JsonNode root, List<String> path) {
    if (path.isEmpty()) return false;
    JsonNode parent = find(root, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode map && last.startsWith("f:")) {
      return map.remove(last.substring(2)) != null;
    }
    if (parent instanceof ArrayNode list) {
      int index = indexOf(list, last);
      if (index >= 0) {
        list.remove(index);
        return true;
      }
    }
    return false;
  }

  private static JsonNode child(JsonNode node, String element) {
    if (element.startsWith("f:")) return node instanceof ObjectNode map ? map.get(element.substring(2)) : null;
    if (node instanceof ArrayNode list) {
      int index = indexOf(list, element);
      return index < 0 ? null : list.get(index);
    }
    return null;
  }

  private static int indexOf(ArrayNode list, String element) {
    String kind = element.length() < 2 ? "" : element.substring(0, 2);
    String rest = element.substring(Math.min(2, element.length()));
    switch (kind) {
      case "i:" -> {
        try {
          int index = Integer.parseInt(rest);
          return index >= 0 && index < list.size() ? index : -1;
        } catch (NumberFormatException e) {
          return -1;
        }
      }
      case "v:" -> {
        JsonNode value = parseJson(rest);
        for (int i = 0; i < list.size(); i++) {
          if (value != null && sameJson(list.get(i), value)) return i;
        }
        return -1;
      }
      case "k:" -> {
        JsonNode key = parseJson(rest);
        if (!(key instanceof ObjectNode fields) || fields.isEmpty()) return -1;
        for (int i = 0; i < list.size(); i++) {
          if (matchesKey(list.get(i), fields)) return i;
        }
        return -1;
      }
      default -> {
        return -1;
      }
    }
  }

  private static boolean matchesKey(JsonNode item, ObjectNode key) {
    if (!item.isObject()) return false;
    for (Iterator<Map.Entry<String, JsonNode>> it = key.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!FieldStrategy.sameValue(item.get(field.getKey()), field.getValue())) return false;
    }
    return true;
  }

  /** JSON equality that treats 80 and 80.0 as one number, at every depth. */
  static boolean sameJson(JsonNode a, JsonNode b) {
    if (a == null || b == null) return a == b;
    if (a.isNumber() && b.isNumber()) return FieldStrategy.sameValue(a, b);
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) return false;
      for (int i = 0; i < a.size(); i++) {
        if (!sameJson(a.get(i), b.get(i))) return false;
      }
      return true;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) return false;
      for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!sameJson(field.getValue(), b.get(field.getKey()))) return false;
      }
      return true;
    }
    return a.equals(b);
  }

  private static JsonNode parseJson(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Kubernetes' printed form of a path: {@code .spec.containers[name="web"].image}, {@code [="a"]}, {@code [0]}. */
  static String describe(List<String> path) {
    StringBuilder out = new StringBuilder();
    for (String element : path) {
      String rest = element.length() < 2 ? element : element.substring(2);
      if (element.startsWith("f:")) {
        out.append('.').append(rest);
      } else if (element.startsWith("k:") && parseJson(rest) instanceof ObjectNode key) {
        List<String> pairs = new ArrayList<>();
        key.fields().forEachRemaining(f -> pairs.add(f.getKey() + "=" + f.getValue()));
        out.append('[').append(String.join(",", pairs)).append(']');
      } else if (element.startsWith("v:")) {
        out.append("[=").append(rest).append(']');
      } else {
        out.append('[').append(rest).append(']');
      }
    }
    return out.toString();
  }
}
