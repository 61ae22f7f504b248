package io.coxswain.core;

/** One column of a {@code meta.k8s.io/v1 Table}; priority 1 columns show only with {@code -o wide}. */
public record TableColumn(String name, String type, String format, String description, int priority) {
  public static TableColumn of(String name, String type, String description) {
    return new TableColumn(name, type, "", description, 0);
  }

  public static TableColumn wide(String name, String type, String description) {
    return new TableColumn(name, type, "", description, 1);
  }

  public static TableColumn nameColumn() {
    return new TableColumn("Name", "string", "name",
        "Name must be unique within a namespace. Is required when creating resources, although some "
            + "resources may allow a client to request the generation of an appropriate name automatically.",
        0);
  }

  public static TableColumn ageColumn() {
    return new TableColumn("Age", "string", "",
        "CreationTimestamp is a timestamp representing the server time when this object was created.", 0);
  }
}
