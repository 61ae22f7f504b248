package io.coxswain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Breaks valid manifests in the ways clients and people break them: a field left out, a value of
 * the wrong type, an unknown or renamed field, a duplicated list element, and at the byte level
 * stray characters, invalid UTF-8, truncation and duplicated slices. Deterministic for a seed.
 */
final class ManifestMutator {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final byte[] GARBAGE = "{}[]\",:\\\u0000\t\n'#&*!|>-? ".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Random random;

  ManifestMutator(long seed) {
    this.random = new Random(seed);
  }

  Random random() {
    return random;
  }

  /** A mutated body and what was done to it, for failure messages. */
  record Mutation(byte[] body, String description) {}

  /** A mutated copy of the manifest: up to three structural mutations, then maybe a byte-level one. */
  Mutation mutate(ObjectNode manifest) {
    ObjectNode copy = manifest.deepCopy();
    int structural = random.nextInt(4);
    List<String> applied = new ArrayList<>();
    for (int i = 0; i < structural; i++) applied.add(mutateTree(copy));
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(copy);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    if (structural == 0 || random.nextInt(3) == 0) {
      bytes = mutateBytes(bytes);
      applied.add("a byte-level change");
    }
    return new Mutation(bytes, String.join(", ", applied));
  }

  private String mutateTree(ObjectNode root) {
    List<JsonNode> containers = new ArrayList<>();
    collectContainers(root, containers);
    JsonNode target = containers.get(random.nextInt(containers.size()));
    switch (random.nextInt(5)) {
      case 0 -> {
        if (target instanceof ObjectNode o && o.size() > 0) {
          o.remove(randomKey(o));
          return "delete a field";
        }
        if (target instanceof ArrayNode a && a.size() > 0) {
          a.remove(random.nextInt(a.size()));
          return "delete a list element";
        }
        return "nothing";
      }
      case 1 -> {
        if (target instanceof ObjectNode o && o.size() > 0) {
          o.set(randomKey(o), wrongValue());
          return "change a value's type";
        }
        if (target instanceof ArrayNode a && a.size() > 0) {
          a.set(random.nextInt(a.size()), wrongValue());
          return "change a list element's type";
        }
        return "nothing";
      }
      case 2 -> {
        if (target instanceof ArrayNode a && a.size() > 0) {
          a.add(a.get(random.nextInt(a.size())).deepCopy());
          return "duplicate a list element";
        }
        if (target instanceof ObjectNode o && o.size() > 0) {
          String key = randomKey(o);
          o.set(key + (random.nextBoolean() ? "x" : "Name"), o.get(key).deepCopy());
          return "duplicate a field under another name";
        }
        return "nothing";
      }
      case 3 -> {
        if (target instanceof ObjectNode o && o.size() > 0) {
          String key = randomKey(o);
          JsonNode value = o.remove(key);
          o.set(key.toUpperCase(), value);
          return "rename a field";
        }
        return "nothing";
      }
      default -> {
        if (target instanceof ObjectNode o) {
          o.set("unknown" + random.nextInt(100), wrongValue());
          return "add an unknown field";
        }
        if (target instanceof ArrayNode a) {
          a.add(wrongValue());
          return "add a list element of the wrong type";
        }
        return "nothing";
      }
    }
  }

  private byte[] mutateBytes(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 16);
    int at = in.length == 0 ? 0 : random.nextInt(in.length);
    switch (random.nextInt(5)) {
      case 0 -> { // stray characters
        out.write(in, 0, at);
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) out.write(GARBAGE[random.nextInt(GARBAGE.length)]);
        out.write(in, at, in.length - at);
      }
      case 1 -> { // invalid UTF-8
        out.write(in, 0, at);
        out.write(0xC3);
        out.write(0x28);
        out.write(0xFF);
        out.write(in, at, in.length - at);
      }
      case 2 -> out.write(in, 0, at); // truncation
      case 3 -> { // a duplicated slice
        int end = at + random.nextInt(Math.max(1, Math.min(64, in.length - at)));
        out.write(in, 0, end);
        out.write(in, at, end - at);
        out.write(in, end, in.length - end);
      }
      default -> { // one flipped byte
        byte[] copy = in.clone();
        if (copy.length > 0) copy[at] = (byte) (copy[at] ^ (1 << random.nextInt(8)));
        return copy;
      }
    }
    return out.toByteArray();
  }

  private JsonNode wrongValue() {
    return switch (random.nextInt(12)) {
      case 0 -> NODES.textNode("x");
      case 1 -> NODES.numberNode(-1);
      case 2 -> NODES.numberNode(1L << 40);
      case 3 -> NODES.numberNode(3.5);
      case 4 -> NODES.numberNode(new java.math.BigDecimal("1e400"));
      case 5 -> NODES.booleanNode(random.nextBoolean());
      case 6 -> NODES.nullNode();
      case 7 -> NODES.objectNode();
      case 8 -> NODES.arrayNode().add("a").add(1);
      case 9 -> NODES.textNode("x".repeat(300));
      case 10 -> NODES.textNode("Bad Value/With:Chars");
      default -> NODES.textNode("");
    };
  }

  private String randomKey(ObjectNode o) {
    List<String> keys = new ArrayList<>();
    Iterator<String> it = o.fieldNames();
    while (it.hasNext()) keys.add(it.next());
    return keys.get(random.nextInt(keys.size()));
  }

  private static void collectContainers(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      node.forEach(child -> collectContainers(child, out));
    }
  }
}
