package io.coxswain.actors.watch;

/**
 * A watch event: the object's new version (for DELETED, its last one) and the version it replaced,
 * which lets a filtered watch turn "stopped matching" into DELETED and "started matching" into ADDED.
 */
public record Change(Type type, CachedObject object, CachedObject previous) {
  public enum Type { ADDED, MODIFIED, DELETED }
}
