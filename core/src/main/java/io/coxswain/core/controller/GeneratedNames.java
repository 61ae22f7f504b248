package io.coxswain.core.controller;

import java.security.SecureRandom;
import java.util.Random;

/** Names from a {@code generateName} prefix, with the five-character suffix alphabet Kubernetes uses (no vowels, no look-alikes). */
public final class GeneratedNames {
  private static final String CHARS = "bcdfghjklmnpqrstvwxz2456789";
  private static final Random RANDOM = new SecureRandom();

  private GeneratedNames() {}

  public static String suffix() {
    char[] out = new char[5];
    for (int i = 0; i < out.length; i++) out[i] = CHARS.charAt(RANDOM.nextInt(CHARS.length()));
    return new String(out);
  }

  /** {@code prefix} plus a random suffix, the prefix cut so the name stays within 63 characters. */
  public static String generate(String prefix) {
    String p = prefix.length() > 58 ? prefix.substring(0, 58) : prefix;
    return p + suffix();
  }
}
