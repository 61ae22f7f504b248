package io.coxswain.actors.watch;

import io.coxswain.core.select.FieldSelector;
import io.coxswain.core.select.LabelSelector;

/** What a list or watch asks for: a namespace (null for all), a label and a field selector. */
public record WatchFilter(String namespace, LabelSelector labels, FieldSelector fields) {

  public boolean matches(CachedObject obj) {
    if (namespace != null && !namespace.equals(obj.namespace())) return false;
    if (labels != null && !labels.isEmpty() && !labels.matches(obj.labels())) return false;
    return fields == null || fields.isEmpty() || fields.matches(obj.fields());
  }

  /** The change as this watcher must see it, or null when it does not concern the watcher. */
  public Change view(Change change) {
    boolean before = change.previous() != null && matches(change.previous());
    if (change.type() == Change.Type.DELETED) {
      return before || matches(change.object()) ? change : null;
    }
    boolean now = matches(change.object());
    if (now && before) return new Change(Change.Type.MODIFIED, change.object(), change.previous());
    if (now) return new Change(Change.Type.ADDED, change.object(), change.previous());
    if (before) return new Change(Change.Type.DELETED, change.object(), change.previous());
    return null;
  }
}
