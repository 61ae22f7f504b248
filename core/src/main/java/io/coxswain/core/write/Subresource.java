package io.coxswain.core.write;

/** The part of an object a write addresses: the object itself, /status or /scale. */
public enum Subresource {
  MAIN,
  STATUS,
  SCALE;

  public static Subresource parse(String name) {
    if (name == null || name.isEmpty()) return MAIN;
    return switch (name) {
      case "status" -> STATUS;
      case "scale" -> SCALE;
      default -> throw new IllegalArgumentException(name);
    };
  }
}
