package io.coxswain.core.schema;

import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.swagger.annotations.ApiModel;
import io.swagger.annotations.ApiModelProperty;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads one client model class into a {@link Definition}: its {@code @SerializedName} fields become
 * properties, their Java types OpenAPI types, and the {@code @ApiModelProperty} texts on the getters
 * their descriptions. Model classes it meets are handed to {@code discovered} so the caller can
 * read them too.
 */
final class ModelReflector {
  static final String MODEL_PACKAGE = "io.kubernetes.client.openapi.models";

  /**
   * Fields the Go types declare as metav1.MicroTime; the client models type them like every
   * other timestamp.
   */
  private static final Set<String> MICRO_TIME_FIELDS =
      Set.of("Event.eventTime", "EventSeries.lastObservedTime", "LeaseSpec.acquireTime", "LeaseSpec.renewTime");

  private ModelReflector() {}

  static Definition read(Class<?> model, String name, Consumer<Class<?>> discovered) {
    Map<String, Method> getters = getters(model);
    Map<String, Property> properties = new TreeMap<>();
    List<String> required = new ArrayList<>();
    for (Field field : model.getDeclaredFields()) {
      SerializedName json = field.getAnnotation(SerializedName.class);
      if (json == null || Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      String jsonName = json.value();
      ApiModelProperty doc = documentation(field, getters);
      SchemaType type = typeOf(field.getGenericType(), name, jsonName, discovered);
      PatchDirectives.Directive patch = PatchDirectives.of(name, jsonName);
      boolean isRequired = doc != null && doc.required();
      if (isRequired) {
        required.add(jsonName);
      }
      properties.put(
          jsonName,
          new Property(
              jsonName,
              type,
              doc == null ? "" : doc.value(),
              isRequired,
              patch == null ? null : patch.strategy(),
              patch == null ? null : patch.mergeKey()));
    }
    ApiModel classDoc = model.getAnnotation(ApiModel.class);
    required.sort(null);
    return new Definition(
        name,
        classDoc == null ? "" : classDoc.description(),
        "object",
        null,
        List.of(),
        properties,
        required,
        List.of());
  }

  /** True for a generated model class, which {@link #read} understands. */
  static boolean isModel(Class<?> c) {
    return c.getPackageName().equals(MODEL_PACKAGE) && !c.isEnum() && !c.isMemberClass();
  }

  private static SchemaType typeOf(Type type, String owner, String field, Consumer<Class<?>> discovered) {
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      Type[] args = p.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw) && args.length == 1) {
        return new SchemaType.ArrayOf(typeOf(args[0], owner, field, discovered));
      }
      if (Map.class.isAssignableFrom(raw) && args.length == 2) {
        return new SchemaType.MapOf(typeOf(args[1], owner, field, discovered));
      }
      return new SchemaType.FreeForm();
    }
    if (!(type instanceof Class<?> c)) {
      return new SchemaType.FreeForm();
    }
    if (c == String.class) {
      return new SchemaType.Primitive("string", null);
    }
    if (c == Boolean.class || c == boolean.class) {
      return new SchemaType.Primitive("boolean", null);
    }
    if (c == Integer.class || c == int.class) {
      return new SchemaType.Primitive("integer", "int32");
    }
    if (c == Long.class || c == long.class) {
      return new SchemaType.Primitive("integer", "int64");
    }
    if (c == Double.class || c == double.class) {
      return new SchemaType.Primitive("number", "double");
    }
    if (c == Float.class || c == float.class) {
      return new SchemaType.Primitive("number", "float");
    }
    if (c == BigDecimal.class || Number.class.isAssignableFrom(c)) {
      return new SchemaType.Primitive("number", null);
    }
    if (c == byte[].class) {
      return new SchemaType.Primitive("string", "byte");
    }
    if (c == OffsetDateTime.class) {
      boolean micro = MICRO_TIME_FIELDS.contains(DefinitionNames.simpleName(owner) + "." + field);
      return new SchemaType.Ref(micro ? DefinitionNames.MICRO_TIME : DefinitionNames.TIME);
    }
    if (c == Quantity.class) {
      return new SchemaType.Ref(DefinitionNames.QUANTITY);
    }
    if (c == IntOrString.class) {
      return new SchemaType.Ref(DefinitionNames.INT_OR_STRING);
    }
    if (c == Object.class && field.equals("fieldsV1")) {
      return new SchemaType.Ref(DefinitionNames.FIELDS_V1);
    }
    if (isModel(c)) {
      String name = DefinitionNames.ofModel(c);
      if (name != null) {
        discovered.accept(c);
        return new SchemaType.Ref(name);
      }
    }
    return new SchemaType.FreeForm();
  }

  /** The generator puts the field texts on the getters; older versions put them on the fields. */
  private static ApiModelProperty documentation(Field field, Map<String, Method> getters) {
    String base = field.getName().startsWith("_") ? field.getName().substring(1) : field.getName();
    Method getter = getters.get("get" + base.toLowerCase(Locale.ROOT));
    if (getter == null) {
      getter = getters.get("is" + base.toLowerCase(Locale.ROOT));
    }
    ApiModelProperty doc = getter == null ? null : getter.getAnnotation(ApiModelProperty.class);
    return doc != null ? doc : field.getAnnotation(ApiModelProperty.class);
  }

  private static Map<String, Method> getters(Class<?> model) {
    Map<String, Method> byName = new HashMap<>();
    for (Method m : model.getMethods()) {
      if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())) {
        byName.put(m.getName().toLowerCase(Locale.ROOT), m);
      }
    }
    return byName;
  }
}
