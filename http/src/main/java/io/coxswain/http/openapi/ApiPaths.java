package io.coxswain.http.openapi;

import static io.coxswain.http.openapi.ApiParameter.*;

import io.coxswain.core.ResourceType;
import io.coxswain.core.schema.GroupVersionKind;
import io.coxswain.core.schema.ModelSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The REST operations kube-apiserver publishes for a kind: collection (list, create,
 * deletecollection), item (read, replace, patch, delete), the cross-namespace list, and the status
 * and scale subresources. Every PATCH names its kind in {@code x-kubernetes-group-version-kind} and
 * takes {@code fieldValidation}: kubectl looks for both before validating on the server and before
 * computing apply patches from the schemas.
 */
final class ApiPaths {
  private static final List<String> OBJECT_TYPES =
      List.of("application/json", "application/yaml", "application/vnd.kubernetes.protobuf");
  private static final List<String> LIST_TYPES =
      List.of(
          "application/json",
          "application/yaml",
          "application/vnd.kubernetes.protobuf",
          "application/json;stream=watch",
          "application/vnd.kubernetes.protobuf;stream=watch");
  private static final List<String> ANY = List.of("*/*");
  private static final List<String> PATCH_TYPES =
      List.of(
          "application/apply-patch+yaml",
          "application/json-patch+json",
          "application/merge-patch+json",
          "application/strategic-merge-patch+json");
  private static final List<ApiParameter> LIST_PARAMS =
      List.of(ALLOW_WATCH_BOOKMARKS, CONTINUE, FIELD_SELECTOR, LABEL_SELECTOR, LIMIT, RESOURCE_VERSION,
          RESOURCE_VERSION_MATCH, SEND_INITIAL_EVENTS, TIMEOUT_SECONDS, WATCH);
  private static final List<ApiParameter> WRITE_PARAMS = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);
  private static final List<ApiParameter> PATCH_PARAMS =
      List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE);
  private static final List<ApiParameter> DELETE_PARAMS =
      List.of(DRY_RUN, GRACE_PERIOD_SECONDS, IGNORE_STORE_READ_ERROR, ORPHAN_DEPENDENTS, PROPAGATION_POLICY);

  private ApiPaths() {}

  static List<ApiPath> of(ResourceType t, ModelSchemas schemas) {
    String object = schemas.kindDefinition(t).orElse(null);
    String list = schemas.listDefinition(t).orElse(null);
    GroupVersionKind gvk = new GroupVersionKind(t.group(), t.version(), t.kind());
    String tag = tag(t.group(), t.version());
    String prefix = operationPrefix(t.group(), t.version());
    String scoped = (t.namespaced() ? "Namespaced" : "") + t.kind();
    String collection = t.groupVersionPath() + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
    String item = collection + "/{name}";
    List<ApiParameter> scope = t.namespaced() ? List.of(NAMESPACE) : List.of();
    List<ApiParameter> itemScope = concat(List.of(path("name", "name of the " + t.kind())), scope);
    Op op = new Op(gvk, tag);

    List<ApiPath> paths = new ArrayList<>();
    paths.add(new ApiPath(collection, concat(scope, List.of(PRETTY)), List.of(
        op.get("list" + prefix + scoped, "list or watch objects of kind " + t.kind(), "list", LIST_PARAMS,
            responses("200", list), LIST_TYPES),
        op.write("post", "create" + prefix + scoped, "create a " + t.kind(), "post", WRITE_PARAMS, object, ANY,
            responses("200", object, "201", object, "202", object)),
        op.write("delete", "delete" + prefix + "Collection" + scoped, "delete collection of " + t.kind(),
            "deletecollection", concat(LIST_PARAMS, DELETE_PARAMS), ModelSchemas.DELETE_OPTIONS, ANY,
            responses("200", ModelSchemas.STATUS)))));
    paths.add(new ApiPath(item, concat(itemScope, List.of(PRETTY)), List.of(
        op.get("read" + prefix + scoped, "read the specified " + t.kind(), "get", List.of(),
            responses("200", object), OBJECT_TYPES),
        op.write("put", "replace" + prefix + scoped, "replace the specified " + t.kind(), "put", WRITE_PARAMS,
            object, ANY, responses("200", object, "201", object)),
        op.write("patch", "patch" + prefix + scoped, "partially update the specified " + t.kind(), "patch",
            PATCH_PARAMS, ModelSchemas.PATCH, PATCH_TYPES, responses("200", object, "201", object)),
        op.write("delete", "delete" + prefix + scoped, "delete a " + t.kind(), "delete", DELETE_PARAMS,
            ModelSchemas.DELETE_OPTIONS, ANY, responses("200", object, "202", object)))));
    if (t.namespaced()) {
      paths.add(new ApiPath(t.groupVersionPath() + "/" + t.plural(), concat(LIST_PARAMS, List.of(PRETTY)), List.of(
          op.get("list" + prefix + t.kind() + "ForAllNamespaces", "list or watch objects of kind " + t.kind(),
              "list", List.of(), responses("200", list), LIST_TYPES))));
    }
    if (t.hasStatus()) {
      paths.add(subresource(op, item + "/status", itemScope, prefix + scoped + "Status",
          "status of the specified " + t.kind(), object));
    }
    if (t.hasScale()) {
      GroupVersionKind scale = new GroupVersionKind("autoscaling", "v1", "Scale");
      List<ApiParameter> scaleScope = concat(List.of(path("name", "name of the Scale")), scope);
      paths.add(subresource(new Op(scale, tag), item + "/scale", scaleScope, prefix + scoped + "Scale",
          "scale of the specified " + t.kind(), ModelSchemas.SCALE));
    }
    return paths;
  }

  /** The tag kube-apiserver gives a group version: core_v1, apps_v1, discovery_v1. */
  static String tag(String group, String version) {
    return groupIdentifier(group) + "_" + version;
  }

  private static ApiPath subresource(
      Op op, String path, List<ApiParameter> scope, String idSuffix, String what, String definition) {
    return new ApiPath(path, concat(scope, List.of(PRETTY)), List.of(
        op.get("read" + idSuffix, "read " + what, "get", List.of(), responses("200", definition), OBJECT_TYPES),
        op.write("put", "replace" + idSuffix, "replace " + what, "put", WRITE_PARAMS, definition, ANY,
            responses("200", definition, "201", definition)),
        op.write("patch", "patch" + idSuffix, "partially update " + what, "patch", PATCH_PARAMS,
            ModelSchemas.PATCH, PATCH_TYPES, responses("200", definition, "201", definition))));
  }

  /** "CoreV1", "AppsV1", "DiscoveryV1": how operation ids name a group version. */
  private static String operationPrefix(String group, String version) {
    return capitalize(groupIdentifier(group)) + capitalize(version);
  }

  /** "core", "apps", "discovery" (discovery.k8s.io), "rbacAuthorization" (rbac.authorization.k8s.io). */
  private static String groupIdentifier(String group) {
    if (group.isEmpty()) {
      return "core";
    }
    String[] parts = group.replaceFirst("\\.k8s\\.io$", "").split("\\.");
    StringBuilder out = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      out.append(capitalize(parts[i]));
    }
    return out.toString();
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  private static Map<String, String> responses(String... codeAndDefinition) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < codeAndDefinition.length; i += 2) {
      out.put(codeAndDefinition[i], codeAndDefinition[i + 1]);
    }
    return out;
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }

  /** Operations on one kind share its group-version-kind and tag. */
  private record Op(GroupVersionKind gvk, String tag) {
    ApiOperation get(String id, String description, String action, List<ApiParameter> params,
        Map<String, String> responses, List<String> produces) {
      return new ApiOperation("get", id, description, action, gvk, tag, params, null, List.of(), false, responses,
          produces);
    }

    ApiOperation write(String method, String id, String description, String action, List<ApiParameter> params,
        String body, List<String> consumes, Map<String, String> responses) {
      boolean required = !method.equals("delete");
      return new ApiOperation(method, id, description, action, gvk, tag, params, body, consumes, required, responses,
          OBJECT_TYPES);
    }
  }
}
