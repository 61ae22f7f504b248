package io.coxswain.core.services;

/**
 * A range that Services take values from (cluster IPs, node ports), numbered by offset from 0 to
 * {@link #size()} - 1. The allocators walk offsets; the names are what the allocation objects are
 * called (the IP, the port number).
 */
public interface AllocationRange {
  /** How many values can be handed out. */
  long size();

  /** The value at {@code offset}, as its allocation object is named. */
  String name(long offset);

  /** The offset of a value, or -1 when it is not in the range (or not a value of this range at all). */
  long offset(String name);

  /**
   * Where dynamic allocation starts looking: values below are the static band, preferred for
   * requested values and used dynamically only when the upper band is full (Kubernetes' service IP
   * and node port static subranges, KEP-3070 and KEP-3668).
   */
  long dynamicStart();

  /** The range as a user configures it: "10.96.0.0/12", "30000-32767". */
  String describe();

  default boolean contains(String name) {
    return offset(name) >= 0;
  }

  /** min(max(min, size/step), max), or 0 when the range is too small to split. */
  static long staticBand(long size, long min, long step, long max) {
    if (size <= min) return 0;
    return Math.min(Math.max(min, size / step), max);
  }
}
