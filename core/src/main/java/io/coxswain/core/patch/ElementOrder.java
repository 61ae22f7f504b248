package io.coxswain.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Kubernetes' order for a merged list (the "preserve order in strategic merge patch" design): the
 * items the patch names come in the patch's order (or its {@code $setElementOrder}), and the items
 * only the server has keep their relative live order, each slotted in before the first patch item
 * that followed it in the live list. An item new to the list therefore lands before the server-only
 * items it is compared with, exactly as a Kubernetes server places it.
 *
 * <p>Server-side apply orders differently ({@link #applyOrder}): live items stay where they are,
 * items both sides hold follow the applied order, and items new to the list are inserted before the
 * next item both sides hold, or at the end.
 */
final class ElementOrder {
  private ElementOrder() {}

  /**
   * @param merged the merged elements, in any order
   * @param patchOrder the order the patch asks for; merged elements it names are "patch items"
   * @param serverOrder the live list before the merge
   */
  static List<JsonNode> normalize(
      List<JsonNode> merged, List<JsonNode> patchOrder, List<JsonNode> serverOrder, FieldStrategy strategy) {
    List<JsonNode> patchItems = new ArrayList<>();
    List<JsonNode> serverOnly = new ArrayList<>();
    for (JsonNode element : merged) {
      (indexOf(patchOrder, element, strategy) >= 0 ? patchItems : serverOnly).add(element);
    }
    patchItems.sort(Comparator.comparingInt(e -> indexOf(patchOrder, e, strategy)));
    serverOnly.sort(Comparator.comparingInt(e -> positionOrLast(serverOrder, e, strategy)));
    return interleave(serverOnly, patchItems, serverOrder, strategy);
  }

  /** Inserts each server-only item before the first patch item that came after it on the server. */
  private static List<JsonNode> interleave(
      List<JsonNode> serverOnly, List<JsonNode> patchItems, List<JsonNode> serverOrder, FieldStrategy strategy) {
    List<JsonNode> out = new ArrayList<>(serverOnly.size() + patchItems.size());
    int i = 0;
    int j = 0;
    while (i < serverOnly.size() || j < patchItems.size()) {
      if (i >= serverOnly.size()) {
        out.add(patchItems.get(j++));
      } else if (j >= patchItems.size()) {
        out.add(serverOnly.get(i++));
      } else {
        int li = indexOf(serverOrder, serverOnly.get(i), strategy);
        int ri = indexOf(serverOrder, patchItems.get(j), strategy);
        if (li >= 0 && ri >= 0 && li < ri) {
          out.add(serverOnly.get(i++));
        } else {
          out.add(patchItems.get(j++));
        }
      }
    }
    return out;
  }

  /**
   * Walks the live and applied lists together as server-side apply does. {@code merge} receives the
   * live and applied item (either may be null) and returns the item to keep. Both lists must be free
   * of duplicates.
   */
  static List<JsonNode> applyOrder(
      List<JsonNode> live, List<JsonNode> applied, FieldStrategy strategy, BinaryOperator<JsonNode> merge) {
    List<JsonNode> shared = new ArrayList<>();
    for (JsonNode item : applied) {
      if (indexOf(live, item, strategy) >= 0) shared.add(item);
    }
    int nextShared = 0;
    List<JsonNode> out = new ArrayList<>(live.size() + applied.size());
    int l = 0;
    int r = 0;
    while (l < live.size() || r < applied.size()) {
      if (l < live.size() && r < applied.size()) {
        JsonNode liveItem = live.get(l);
        if (strategy.sameElement(liveItem, applied.get(r))) {
          out.add(merge.apply(liveItem, applied.get(r)));
          l++;
          r++;
          nextShared++;
          continue;
        }
        boolean inApplied = indexOf(applied, liveItem, strategy) >= 0;
        if (inApplied && nextShared < shared.size() && !strategy.sameElement(shared.get(nextShared), liveItem)) {
          l++; // held by both sides but due later in the applied order
          continue;
        }
      }
      if (l < live.size() && indexOf(applied, live.get(l), strategy) < 0) {
        out.add(merge.apply(live.get(l), null));
        l++;
        continue;
      }
      if (r < applied.size()) {
        JsonNode item = applied.get(r);
        int at = indexOf(live, item, strategy);
        out.add(merge.apply(at < 0 ? null : live.get(at), item));
        if (nextShared < shared.size() && strategy.sameElement(shared.get(nextShared), item)) nextShared++;
        r++;
      } else {
        l++; // a shared live item whose applied twin was already merged
      }
    }
    return out;
  }

  static int indexOf(List<JsonNode> list, JsonNode element, FieldStrategy strategy) {
    for (int k = 0; k < list.size(); k++) {
      if (strategy.sameElement(list.get(k), element)) return k;
    }
    return -1;
  }

  private static int positionOrLast(List<JsonNode> list, JsonNode element, FieldStrategy strategy) {
    int k = indexOf(list, element, strategy);
    return k < 0 ? Integer.MAX_VALUE : k;
  }
}
