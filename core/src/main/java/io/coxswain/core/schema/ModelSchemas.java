package io.coxswain.core.schema;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.ResourceType;
import io.kubernetes.client.openapi.models.*;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The OpenAPI schemas of every served kind, read once from the client models by reflection: each
 * kind's object and list, every model they reach, and the shared API types (Status, DeleteOptions,
 * Scale). Definition names are the Kubernetes ones, so documents built from these read like
 * kube-apiserver's.
 */
public final class ModelSchemas {
  public static final String STATUS = DefinitionNames.META + "Status";
  public static final String DELETE_OPTIONS = DefinitionNames.META + "DeleteOptions";
  public static final String PATCH = DefinitionNames.PATCH;
  public static final String SCALE = "io.k8s.api.autoscaling.v1.Scale";

  /** The model class of each served kind, by "group/Kind". Serving a new kind adds a line here. */
  private static final Map<String, Class<?>> KIND_MODELS =
      Map.ofEntries(
          Map.entry("/Namespace", V1Namespace.class),
          Map.entry("/Pod", V1Pod.class),
          Map.entry("/Node", V1Node.class),
          Map.entry("/Service", V1Service.class),
          Map.entry("/Endpoints", V1Endpoints.class),
          Map.entry("/ConfigMap", V1ConfigMap.class),
          Map.entry("/Secret", V1Secret.class),
          Map.entry("/Event", CoreV1Event.class),
          Map.entry("/ServiceAccount", V1ServiceAccount.class),
          Map.entry("apps/ReplicaSet", V1ReplicaSet.class),
          Map.entry("apps/Deployment", V1Deployment.class),
          Map.entry("discovery.k8s.io/EndpointSlice", V1EndpointSlice.class),
          Map.entry("coordination.k8s.io/Lease", V1Lease.class),
          // client-java 23 models Kubernetes 1.32, where IPAddress was still v1beta1; v1 has the same fields.
          Map.entry("networking.k8s.io/IPAddress", V1beta1IPAddress.class));

  private static final class Standard {
    static final ModelSchemas INSTANCE = of(ResourceRegistry.standard());
  }

  private final Map<String, Definition> definitions;
  private final Map<String, String> kindDefinitions;
  private final Map<String, String> listDefinitions;

  private ModelSchemas(
      Map<String, Definition> definitions, Map<String, String> kindDefinitions, Map<String, String> listDefinitions) {
    this.definitions = Collections.unmodifiableMap(definitions);
    this.kindDefinitions = Map.copyOf(kindDefinitions);
    this.listDefinitions = Map.copyOf(listDefinitions);
  }

  /** The schemas of {@link ResourceRegistry#standard()}, built on first use. */
  public static ModelSchemas standard() {
    return Standard.INSTANCE;
  }

  public static ModelSchemas of(ResourceRegistry registry) {
    Map<String, List<GroupVersionKind>> gvks = new HashMap<>();
    Map<String, String> kindDefinitions = new HashMap<>();
    Map<String, String> listDefinitions = new HashMap<>();
    List<Class<?>> roots = new ArrayList<>();
    for (RegisteredKind k : registry.kinds()) {
      ResourceType t = k.type();
      Class<?> model = KIND_MODELS.get(t.group() + "/" + t.kind());
      if (model == null) {
        continue;
      }
      String name = DefinitionNames.ofModel(model);
      roots.add(model);
      kindDefinitions.put(key(t), name);
      gvks.computeIfAbsent(name, n -> new ArrayList<>()).add(new GroupVersionKind(t.group(), t.version(), t.kind()));
      listModel(model).ifPresent(list -> {
        String listName = DefinitionNames.ofModel(list);
        roots.add(list);
        listDefinitions.put(key(t), listName);
        gvks.computeIfAbsent(listName, n -> new ArrayList<>())
            .add(new GroupVersionKind(t.group(), t.version(), t.listKind()));
      });
    }
    roots.add(V1Scale.class);
    gvks.put(SCALE, List.of(new GroupVersionKind("autoscaling", "v1", "Scale")));
    roots.add(V1Status.class);
    gvks.put(STATUS, List.of(new GroupVersionKind("", "v1", "Status")));
    roots.add(V1DeleteOptions.class);
    gvks.put(
        DELETE_OPTIONS,
        registry.groupVersions().stream()
            .map(gv -> gv.contains("/")
                ? new GroupVersionKind(gv.substring(0, gv.indexOf('/')), gv.substring(gv.indexOf('/') + 1), "DeleteOptions")
                : new GroupVersionKind("", gv, "DeleteOptions"))
            .toList());

    Map<String, Definition> definitions = new TreeMap<>(scalars());
    Deque<Class<?>> pending = new ArrayDeque<>(roots);
    Map<String, Class<?>> seen = new HashMap<>();
    while (!pending.isEmpty()) {
      Class<?> model = pending.poll();
      String name = DefinitionNames.ofModel(model);
      if (name == null || seen.putIfAbsent(name, model) != null) {
        continue;
      }
      Definition d = ModelReflector.read(model, name, pending::add);
      List<GroupVersionKind> own = gvks.get(name);
      definitions.put(name, own == null ? d : d.withGroupVersionKinds(own));
    }
    return new ModelSchemas(definitions, kindDefinitions, listDefinitions);
  }

  /** The definition name of a kind's object, such as {@code io.k8s.api.apps.v1.Deployment}. */
  public Optional<String> kindDefinition(ResourceType type) {
    return Optional.ofNullable(kindDefinitions.get(key(type)));
  }

  /** The definition name of a kind's list, such as {@code io.k8s.api.core.v1.PodList}. */
  public Optional<String> listDefinition(ResourceType type) {
    return Optional.ofNullable(listDefinitions.get(key(type)));
  }

  public Optional<Definition> definition(String name) {
    return Optional.ofNullable(definitions.get(name));
  }

  /** Every definition, by name in name order. */
  public Map<String, Definition> definitions() {
    return definitions;
  }

  /** The names of the given definitions and of every definition they refer to, in name order. */
  public Set<String> reachableFrom(Collection<String> names) {
    Set<String> reached = new TreeSet<>();
    Deque<String> pending = new ArrayDeque<>(names);
    while (!pending.isEmpty()) {
      String name = pending.poll();
      Definition d = definitions.get(name);
      if (d == null || !reached.add(name)) {
        continue;
      }
      for (Property p : d.properties().values()) {
        referencedBy(p.type(), pending);
      }
    }
    return reached;
  }

  /** The named definitions as a JSON object of schemas, the value of "definitions" or "schemas". */
  public ObjectNode toJson(Collection<String> names, SchemaDialect dialect) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String name : new TreeSet<>(names)) {
      Definition d = definitions.get(name);
      if (d != null) {
        out.set(name, SchemaRenderer.definition(d, dialect));
      }
    }
    return out;
  }

  private static void referencedBy(SchemaType type, Deque<String> into) {
    if (type instanceof SchemaType.Ref ref) {
      into.add(ref.name());
    } else if (type instanceof SchemaType.ArrayOf array) {
      referencedBy(array.items(), into);
    } else if (type instanceof SchemaType.MapOf map) {
      referencedBy(map.values(), into);
    }
  }

  private static String key(ResourceType t) {
    return t.group() + "/" + t.kind();
  }

  private static Optional<Class<?>> listModel(Class<?> model) {
    try {
      return Optional.of(Class.forName(model.getName() + "List", false, model.getClassLoader()));
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The apimachinery types the client models represent with Java types of their own. */
  private static Map<String, Definition> scalars() {
    Map<String, Definition> out = new LinkedHashMap<>();
    out.put(
        DefinitionNames.QUANTITY,
        Definition.scalar(
            DefinitionNames.QUANTITY,
            "Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in"
                + " JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n"
                + "<quantity> ::= <signedNumber><suffix>\n\n(Note that <suffix> may be empty, from the \"\" case in"
                + " <decimalSI>.)\n\n<suffix> ::= <binarySI> | <decimalExponent> | <decimalSI>\n\n"
                + "<binarySI> ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n<decimalSI> ::= m | \"\" | k | M | G | T | P | E\n\n"
                + "<decimalExponent> ::= \"e\" <signedNumber> | \"E\" <signedNumber>",
            "string",
            null,
            List.of("string", "number")));
    out.put(
        DefinitionNames.INT_OR_STRING,
        Definition.scalar(
            DefinitionNames.INT_OR_STRING,
            "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and"
                + " unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a"
                + " JSON field that can accept a name or number.",
            "string",
            "int-or-string",
            List.of("integer", "string")));
    out.put(
        DefinitionNames.TIME,
        Definition.scalar(
            DefinitionNames.TIME,
            "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are"
                + " provided for many of the factory methods that the time package offers.",
            "string",
            "date-time",
            List.of()));
    out.put(
        DefinitionNames.MICRO_TIME,
        Definition.scalar(
            DefinitionNames.MICRO_TIME,
            "MicroTime is version of Time with microsecond level precision.",
            "string",
            "date-time",
            List.of()));
    out.put(
        DefinitionNames.FIELDS_V1,
        Definition.scalar(
            DefinitionNames.FIELDS_V1,
            "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.\n\nEach key is either a"
                + " '.' representing the field itself, and will always map to an empty set, or a string representing"
                + " a sub-field or item. The string will follow one of these four formats: 'f:<name>', where <name> is"
                + " the name of a field in a struct, or key in a map 'v:<value>', where <value> is the exact json"
                + " formatted value of a list item 'i:<index>', where <index> is position of a item in a list"
                + " 'k:<keys>', where <keys> is a map of  a list item's key fields to their unique values If a key"
                + " maps to an empty Fields value, the field that key represents is part of the set.\n\nThe exact"
                + " format is defined in sigs.k8s.io/structured-merge-diff",
            "object",
            null,
            List.of()));
    out.put(
        PATCH,
        Definition.scalar(
            PATCH,
            "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
            "object",
            null,
            List.of()));
    return out;
  }
}
