package io.coxswain.core.patch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What Kubernetes' {@code patchStrategy}/{@code patchMergeKey} struct tags say about one field:
 * whether a list merges (element-wise by {@code mergeKey}, or as a set of scalars when there is no
 * key) or is replaced whole, and whether a map keeps only the keys the patch names
 * ({@code retainKeys}). Maps always merge.
 */
record FieldStrategy(boolean mergeList, String mergeKey, boolean retainKeys) {

  /** Maps merge, lists are replaced whole: the strategy of every field not in the table. */
  static final FieldStrategy DEFAULT = new FieldStrategy(false, null, false);

  static FieldStrategy mergeOn(String mergeKey) {
    return new FieldStrategy(true, mergeKey, false);
  }

  static FieldStrategy mergeAsSet() {
    return new FieldStrategy(true, null, false);
  }

  static FieldStrategy retainingKeys() {
    return new FieldStrategy(false, null, true);
  }

  FieldStrategy withRetainKeys() {
    return new FieldStrategy(mergeList, mergeKey, true);
  }

  boolean keyed() {
    return mergeList && mergeKey != null;
  }

  boolean set() {
    return mergeList && mergeKey == null;
  }

  /** What identifies an element of this list: its merge key value, or the scalar itself. */
  JsonNode identity(JsonNode element) {
    if (mergeKey == null) return element;
    JsonNode v = element == null ? null : element.get(mergeKey);
    return v == null || v.isNull() ? null : v;
  }

  boolean sameElement(JsonNode a, JsonNode b) {
    return sameValue(identity(a), identity(b));
  }

  /** JSON equality that treats 80, 80.0 and a long 80 as one number, as Go's decoded values do. */
  static boolean sameValue(JsonNode a, JsonNode b) {
    if (a == null || b == null) return false;
    if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
    return a.equals(b);
  }
}
