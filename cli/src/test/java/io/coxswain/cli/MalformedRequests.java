package io.coxswain.cli;

import static io.coxswain.cli.Manifests.configMap;
import static io.coxswain.cli.Manifests.deployment;
import static io.coxswain.cli.Manifests.pod;
import static io.coxswain.cli.Manifests.service;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The malformed requests BadInputTest sends, each with the answers Kubernetes allows for it and the
 * object paths that must still be empty afterwards: bodies that do not parse, objects that do not
 * fit their URL, bad names, unknown paths, oversized bodies, bad query parameters and media types,
 * broken patches, conflicts, broken protobuf, out-of-range values and absurd nesting.
 */
final class MalformedRequests {
  static final String NS = "bad-input";
  static final String CORE = "/api/v1/namespaces/" + NS;
  static final String APPS = "/apis/apps/v1/namespaces/" + NS;

  private MalformedRequests() {}

  /** A request, the codes it may get, and the object paths that must still be empty afterwards. */
  record Case(String name, String method, String path, String contentType, byte[] body, boolean chunked,
      int[] codes, List<String> absent, String reason) {
    Case(String name, String method, String path, String contentType, byte[] body, boolean chunked, int[] codes,
        List<String> absent) {
      this(name, method, path, contentType, body, chunked, codes, absent, null);
    }

    /** The same request, also expecting the Status to carry this reason. */
    Case because(String expectedReason) {
      return new Case(name, method, path, contentType, body, chunked, codes, absent, expectedReason);
    }
  }

  /** Every malformed request; PUT and PATCH cases aim at the ConfigMap "victim", whose stale version is given. */
  static List<Case> all(String staleVictimVersion) {
    List<Case> cases = new ArrayList<>();
    String cms = CORE + "/configmaps";
    String json = "application/json";
    String yaml = "application/yaml";

    // Bodies that do not parse
    cases.add(post("truncated JSON", cms, json, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"trunc\"",
        codes(400), cms + "/trunc"));
    cases.add(post("garbage text", cms, json, "this is not JSON at all", codes(400)));
    cases.add(new Case("binary garbage", "POST", cms, json, garbage(4096), false, codes(400), List.of()));
    cases.add(post("empty body", cms, json, "", codes(400)));
    cases.add(post("a lone brace", cms, json, "{", codes(400)));
    cases.add(post("trailing garbage after the object", cms, json,
        configMap("trailing", "{}") + "}}}", codes(400), cms + "/trailing"));
    cases.add(new Case("invalid UTF-8 in a string", "POST", cms, json, invalidUtf8(), false, codes(400), List.of(cms + "/badutf")));
    cases.add(post("YAML syntax error", cms, yaml,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml-bad\ndata: [unclosed\n", codes(400), cms + "/yaml-bad"));
    cases.add(post("YAML bad indentation", cms, yaml,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml-indent\n   labels: {a: b}\n", codes(400), cms + "/yaml-indent"));
    cases.add(post("YAML tab indentation", cms, yaml,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: yaml-tab\n", codes(400), cms + "/yaml-tab"));

    // Bodies that parse but are not an object of the URL's kind
    cases.add(post("a JSON array", cms, json, "[" + configMap("in-array", "{}") + "]", codes(400), cms + "/in-array"));
    cases.add(post("a JSON string", cms, json, "\"ConfigMap\"", codes(400)));
    cases.add(post("a JSON number", cms, json, "42", codes(400)));
    cases.add(post("JSON null", cms, json, "null", codes(400)));
    cases.add(post("a YAML list", cms, yaml, "- apiVersion: v1\n  kind: ConfigMap\n", codes(400)));
    cases.add(post("a Service POSTed to pods", CORE + "/pods", json, service("svc-as-pod", 80),
        codes(400), CORE + "/pods/svc-as-pod", CORE + "/services/svc-as-pod"));
    cases.add(post("a ConfigMap POSTed to deployments", APPS + "/deployments", json, configMap("cm-as-deploy", "{}"),
        codes(400), APPS + "/deployments/cm-as-deploy", cms + "/cm-as-deploy"));
    cases.add(post("a Pod with apiVersion apps/v1", CORE + "/pods", json,
        pod("wrong-version", 80).replace("\"apiVersion\":\"v1\"", "\"apiVersion\":\"apps/v1\""), codes(400), CORE + "/pods/wrong-version"));
    cases.add(post("a Deployment with apiVersion v1", APPS + "/deployments", json,
        deployment("wrong-group", 1).replace("\"apiVersion\":\"apps/v1\"", "\"apiVersion\":\"v1\""),
        codes(400), APPS + "/deployments/wrong-group"));
    cases.add(post("a ConfigMap with apiVersion v2", cms, json,
        configMap("v2-map", "{}").replace("\"apiVersion\":\"v1\"", "\"apiVersion\":\"v2\""), codes(400), cms + "/v2-map"));
    cases.add(post("kind of the wrong type", cms, json,
        "{\"apiVersion\":\"v1\",\"kind\":{\"a\":1},\"metadata\":{\"name\":\"kind-object\"}}", codes(400), cms + "/kind-object"));
    cases.add(post("metadata as a string", cms, json,
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":\"meta\"}", codes(400)));
    cases.add(post("labels as a list", cms, json,
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"labels-list\",\"labels\":[\"a\"]}}",
        codes(400, 422), cms + "/labels-list"));
    cases.add(post("data as a string", cms, json,
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"data-string\"},\"data\":\"x\"}",
        codes(400, 422), cms + "/data-string"));
    cases.add(post("a namespace in the body differing from the URL", cms, json,
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"elsewhere\",\"namespace\":\"default\"}}",
        codes(400), cms + "/elsewhere", "/api/v1/namespaces/default/configmaps/elsewhere"));

    // Names
    cases.add(post("an uppercase name", cms, json, configMap("UpperCase", "{}"), codes(422), cms + "/UpperCase", cms + "/uppercase"));
    cases.add(post("a name over 253 characters", cms, json, configMap("a".repeat(254), "{}"), codes(422)));
    cases.add(post("a name with a slash", cms, json, configMap("with/slash", "{}"), codes(422), cms + "/with"));
    cases.add(post("a name with an underscore", cms, json, configMap("under_score", "{}"), codes(422)));
    cases.add(post("a name starting with a dash", cms, json, configMap("-dash", "{}"), codes(422)));
    cases.add(post("a name of dots", cms, json, configMap("..", "{}"), codes(422)));
    cases.add(post("a missing name", cms, json, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{}}", codes(422)));
    cases.add(post("no metadata at all", cms, json, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"data\":{}}", codes(422)));
    cases.add(post("an invalid generateName", cms, json,
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"generateName\":\"Bad_Prefix-\"}}", codes(422)));
    cases.add(post("a name as a number", cms, json,
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":12345}}", codes(400, 422), cms + "/12345"));
    cases.add(post("an invalid label value", cms, json,
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"bad-label\",\"labels\":{\"app\":\"not valid!\"}}}",
        codes(422), cms + "/bad-label"));
    cases.add(post("an invalid label key", cms, json,
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"bad-label-key\",\"labels\":{\"a/b/c\":\"x\"}}}",
        codes(422), cms + "/bad-label-key"));
    cases.add(post("an invalid data key", cms, json, configMap("bad-data-key", "{\"no spaces allowed\":\"x\"}"),
        codes(422), cms + "/bad-data-key"));

    // Paths
    cases.add(post("an unknown resource", CORE + "/widgets", json, configMap("widget", "{}"), codes(404)));
    cases.add(new Case("GET of an unknown resource", "GET", "/api/v1/widgets", null, null, false, codes(404), List.of()));
    cases.add(new Case("an unknown version", "GET", "/api/v7/pods", null, null, false, codes(404), List.of()));
    cases.add(post("an unknown group", "/apis/widgets.example.com/v1/namespaces/" + NS + "/widgets", json,
        "{\"apiVersion\":\"widgets.example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"}}", codes(404)));
    cases.add(new Case("discovery of an unknown group", "GET", "/apis/widgets.example.com/v1", null, null, false,
        codes(404), List.of()));
    cases.add(new Case("an unknown subresource", "GET", cms + "/victim/widgets", null, null, false, codes(404), List.of()));
    cases.add(new Case("too many path segments", "GET", cms + "/victim/status/extra/more", null, null, false,
        codes(404), List.of()));
    cases.add(post("a namespaced kind created without a namespace", "/api/v1/configmaps", json, configMap("no-ns", "{}"),
        codes(404, 405), cms + "/no-ns"));
    cases.add(post("a missing namespace", "/api/v1/namespaces/nowhere/configmaps", json, configMap("lost", "{}"),
        codes(404), "/api/v1/namespaces/nowhere/configmaps/lost", "/api/v1/namespaces/nowhere"));
    cases.add(new Case("POST to an object path", "POST", cms + "/victim", json, bytes(configMap("victim", "{}")), false,
        codes(405), List.of()));
    cases.add(new Case("PUT to a collection", "PUT", cms, json, bytes(configMap("put-coll", "{}")), false,
        codes(405), List.of(cms + "/put-coll")));

    // Size
    String huge = configMap("huge", "{\"blob\":\"" + "x".repeat(3 * 1024 * 1024 + 512 * 1024) + "\"}");
    cases.add(post("a body over 3 MiB with a Content-Length", cms, json, huge, codes(413), cms + "/huge"));
    cases.add(new Case("a body over 3 MiB, chunked", "POST", cms, json, bytes(huge), true, codes(413), List.of(cms + "/huge")));

    // Field validation and query parameters
    cases.add(post("an unknown field with fieldValidation=Strict", cms + "?fieldValidation=Strict", json,
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"strict\"},\"dta\":{\"a\":\"b\"}}",
        codes(400), cms + "/strict"));
    cases.add(post("an unknown nested field with fieldValidation=Strict", CORE + "/pods?fieldValidation=Strict", json,
        pod("strict-pod", 80).replace("\"image\":", "\"imagePullPolicyy\":\"Always\",\"image\":"), codes(400),
        CORE + "/pods/strict-pod"));
    cases.add(post("duplicate JSON keys with fieldValidation=Strict", cms + "?fieldValidation=Strict", json,
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dup-strict\"},\"data\":{\"a\":\"1\",\"a\":\"2\"}}",
        codes(400), cms + "/dup-strict"));
    cases.add(post("duplicate JSON keys", cms, json,
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dup-a\",\"name\":\"dup-b\"}}",
        codes(400, 422), cms + "/dup-a", cms + "/dup-b"));
    cases.add(post("an invalid fieldValidation value", cms + "?fieldValidation=Sometimes", json, configMap("fv", "{}"),
        codes(400), cms + "/fv"));
    cases.add(post("an invalid dryRun value", cms + "?dryRun=Maybe", json, configMap("dry", "{}"), codes(400), cms + "/dry"));
    for (String selector : List.of("a%20in%20(b", "=x", "a%3D%3Db%3D%3Dc", "a%20in%20b", "!", "a%3Db%2C%2C", "A%20B")) {
      cases.add(get("an invalid labelSelector " + selector, cms + "?labelSelector=" + selector, codes(400)));
    }
    cases.add(get("an unsupported fieldSelector", cms + "?fieldSelector=spec.nodeName%3Dx", codes(400)));
    cases.add(get("an unknown fieldSelector on pods", CORE + "/pods?fieldSelector=spec.unknown%3D1", codes(400)));
    cases.add(get("a fieldSelector without an operator", cms + "?fieldSelector=metadata.name", codes(400)));
    cases.add(get("an invalid labelSelector on a watch", cms + "?watch=true&labelSelector=a%20in%20(b", codes(400)));
    cases.add(get("an unsupported fieldSelector on a watch", cms + "?watch=true&fieldSelector=data.x%3Dy", codes(400)));
    cases.add(get("a resourceVersion that is not a number", cms + "?resourceVersion=abc", codes(400, 422)));
    cases.add(get("a negative resourceVersion", cms + "?resourceVersion=-5", codes(400, 422)));
    cases.add(get("a resourceVersion beyond 64 bits", cms + "?resourceVersion=99999999999999999999999", codes(400, 422)));
    cases.add(get("a watch from a resourceVersion that is not a number", cms + "?watch=true&resourceVersion=abc",
        codes(400, 422)));
    cases.add(get("a watch with a timeoutSeconds that is not a number", cms + "?watch=true&timeoutSeconds=soon",
        codes(400)));
    cases.add(put("a PUT with a resourceVersion that is not a number", cms + "/victim", json,
        victimWithVersion("not-a-number"), codes(400, 409, 422)));

    // Media types
    cases.add(post("Content-Type application/xml", cms, "application/xml", "<configMap name=\"xml\"/>", codes(415), cms + "/xml"));
    cases.add(post("Content-Type text/html", cms, "text/html", configMap("html", "{}"), codes(415), cms + "/html"));
    cases.add(post("Content-Type form data", cms, "application/x-www-form-urlencoded", "name=form", codes(415), cms + "/form"));
    cases.add(patch("a PATCH as application/json", "application/json", "{\"data\":{\"k\":\"patched\"}}", codes(415)));
    cases.add(patch("a PATCH as text/plain", "text/plain", "{\"data\":{\"k\":\"patched\"}}", codes(415)));
    cases.add(patch("a PATCH as application/xml", "application/xml", "<patch/>", codes(415)));
    cases.add(patch("a PATCH with no Content-Type", null, "{\"data\":{\"k\":\"patched\"}}", codes(415)));

    // Patches
    String jsonPatch = "application/json-patch+json";
    String mergePatch = "application/merge-patch+json";
    String strategic = "application/strategic-merge-patch+json";
    cases.add(patch("a JSON patch that is an object", jsonPatch, "{\"op\":\"add\",\"path\":\"/data/x\",\"value\":\"y\"}",
        codes(400, 422)));
    cases.add(patch("a JSON patch with an unknown op", jsonPatch, "[{\"op\":\"bogus\",\"path\":\"/data/k\",\"value\":\"y\"}]",
        codes(400, 422)));
    cases.add(patch("a JSON patch without a path", jsonPatch, "[{\"op\":\"add\",\"value\":\"y\"}]", codes(400, 422)));
    cases.add(patch("a JSON patch removing a missing key", jsonPatch, "[{\"op\":\"remove\",\"path\":\"/data/missing\"}]",
        codes(400, 422)));
    cases.add(patch("a JSON patch with a failing test", jsonPatch, "[{\"op\":\"test\",\"path\":\"/data/k\",\"value\":\"nope\"}]",
        codes(400, 409, 422)));
    cases.add(patch("a truncated JSON patch", jsonPatch, "[{\"op\":\"add\",", codes(400)));
    cases.add(patch("a JSON patch changing the kind", jsonPatch, "[{\"op\":\"replace\",\"path\":\"/kind\",\"value\":\"Secret\"}]",
        codes(400, 422)));
    cases.add(patch("a JSON patch making data a number", jsonPatch, "[{\"op\":\"replace\",\"path\":\"/data\",\"value\":7}]",
        codes(400, 422)));
    cases.add(patch("a merge patch renaming the object", mergePatch, "{\"metadata\":{\"name\":\"renamed\"}}",
        codes(400, 422), cms + "/renamed"));
    cases.add(patch("a merge patch that is a list", mergePatch, "[1,2,3]", codes(400, 422)));
    cases.add(patch("a merge patch changing the apiVersion", mergePatch, "{\"apiVersion\":\"v9\"}", codes(400, 422)));
    cases.add(patch("a merge patch with an invalid label", mergePatch, "{\"metadata\":{\"labels\":{\"x\":\"not valid!\"}}}",
        codes(422)));
    cases.add(patch("a merge patch with a stale resourceVersion", mergePatch,
        "{\"metadata\":{\"resourceVersion\":\"" + staleVictimVersion + "\"},\"data\":{\"k\":\"stale\"}}", codes(409))
        .because("Conflict"));
    cases.add(patch("a truncated merge patch", mergePatch, "{\"data\":{\"k\":", codes(400)));
    cases.add(patch("a strategic merge patch with data as a string", strategic, "{\"data\":\"x\"}", codes(400, 422)));
    cases.add(patch("a strategic merge patch with an unknown directive", strategic, "{\"$patch\":\"explode\"}", codes(400, 422)));
    cases.add(patch("an apply patch without a fieldManager", "application/apply-patch+yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: victim\ndata:\n  k: applied\n", codes(400)));
    cases.add(new Case("a merge patch of a missing object", "PATCH", cms + "/no-such-map", mergePatch,
        bytes("{\"data\":{\"a\":\"b\"}}"), false, codes(404), List.of(cms + "/no-such-map")));

    // Conflicts
    cases.add(put("a PUT with a stale resourceVersion", cms + "/victim", json, victimWithVersion(staleVictimVersion), codes(409))
        .because("Conflict"));
    cases.add(put("a PUT whose name differs from the URL", cms + "/victim", json,
        configMap("not-victim", "{\"k\":\"x\"}"), codes(400), cms + "/not-victim"));
    cases.add(put("a PUT of a missing object", cms + "/no-such-map", json, configMap("no-such-map", "{}"), codes(404),
        cms + "/no-such-map"));
    cases.add(post("a POST of an existing name", cms, json, configMap("victim", "{\"k\":\"again\"}"), codes(409))
        .because("AlreadyExists"));

    // Protobuf
    String proto = "application/vnd.kubernetes.protobuf";
    cases.add(new Case("protobuf with a bad magic number", "POST", cms, proto,
        concat("k9s\0".getBytes(StandardCharsets.ISO_8859_1), garbage(64)), false, codes(400), List.of()));
    cases.add(new Case("protobuf that is only the magic number", "POST", cms, proto,
        "k8s\0".getBytes(StandardCharsets.ISO_8859_1), false, codes(400), List.of()));
    cases.add(new Case("protobuf with garbage after the magic number", "POST", cms, proto,
        concat("k8s\0".getBytes(StandardCharsets.ISO_8859_1), garbage(256)), false, codes(400), List.of()));
    cases.add(new Case("protobuf with an impossible field length", "POST", cms, proto,
        concat("k8s\0".getBytes(StandardCharsets.ISO_8859_1), new byte[] {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}),
        false, codes(400), List.of()));
    cases.add(new Case("protobuf of a Service sent to configmaps", "POST", cms, proto,
        unknownEnvelope("v1", "Service", garbage(32)), false, codes(400), List.of()));
    cases.add(new Case("JSON sent as protobuf", "POST", cms, proto, bytes(configMap("json-as-proto", "{}")), false,
        codes(400), List.of(cms + "/json-as-proto")));

    // Values out of range
    cases.add(post("a Deployment with replicas -1", APPS + "/deployments", json, deployment("negative", -1), codes(422),
        APPS + "/deployments/negative"));
    cases.add(post("a Deployment with replicas beyond int32", APPS + "/deployments", json,
        deployment("overflow", 1).replace("\"replicas\":1", "\"replicas\":4294967296"), codes(400, 422), APPS + "/deployments/overflow"));
    cases.add(post("a Deployment with replicas as a string", APPS + "/deployments", json,
        deployment("string-replicas", 1).replace("\"replicas\":1", "\"replicas\":\"three\""), codes(400, 422),
        APPS + "/deployments/string-replicas"));
    cases.add(post("a Deployment with fractional replicas", APPS + "/deployments", json,
        deployment("half", 1).replace("\"replicas\":1", "\"replicas\":1.5"), codes(400, 422), APPS + "/deployments/half"));
    cases.add(post("a Deployment whose selector does not match its template", APPS + "/deployments", json,
        deployment("mismatch", 1).replace("\"matchLabels\":{\"app\":\"mismatch\"}", "\"matchLabels\":{\"app\":\"other\"}"),
        codes(422), APPS + "/deployments/mismatch"));
    cases.add(post("a Pod with containerPort 70000", CORE + "/pods", json, pod("port-high", 70000), codes(422),
        CORE + "/pods/port-high"));
    cases.add(post("a Pod with containerPort 0", CORE + "/pods", json, pod("port-zero", 0), codes(422), CORE + "/pods/port-zero"));
    cases.add(post("a Pod with a containerPort as a string", CORE + "/pods", json,
        pod("port-string", 80).replace("\"containerPort\":80", "\"containerPort\":\"eighty\""), codes(400, 422),
        CORE + "/pods/port-string"));
    cases.add(post("a Pod without containers", CORE + "/pods", json,
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"empty-pod\"},\"spec\":{\"containers\":[]}}",
        codes(422), CORE + "/pods/empty-pod"));
    cases.add(post("a Pod with a container without an image", CORE + "/pods", json,
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"no-image\"},\"spec\":{\"containers\":[{\"name\":\"c\"}]}}",
        codes(422), CORE + "/pods/no-image"));
    cases.add(post("a Pod with an invalid memory quantity", CORE + "/pods", json,
        pod("bad-quantity", 80).replace("\"64Mi\"", "\"lots\""), codes(400, 422), CORE + "/pods/bad-quantity"));
    cases.add(post("a Service with port 70000", CORE + "/services", json, service("svc-high", 70000), codes(422),
        CORE + "/services/svc-high"));
    cases.add(post("a Service with port 0", CORE + "/services", json, service("svc-zero", 0), codes(422),
        CORE + "/services/svc-zero"));
    cases.add(post("a Service with an unknown type", CORE + "/services", json,
        service("svc-type", 80).replace("\"type\":\"ClusterIP\"", "\"type\":\"Teleport\""), codes(422), CORE + "/services/svc-type"));

    // Nesting
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    cases.add(post("JSON nested 10,000 levels", cms, json,
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"deep\"},\"data\":{\"a\":" + deep + "}}",
        codes(400, 422), cms + "/deep"));
    cases.add(post("JSON objects nested 10,000 levels", cms, json,
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"deep-obj\",\"annotations\":"
            + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}}",
        codes(400, 422), cms + "/deep-obj"));
    cases.add(post("YAML nested 10,000 levels", cms, yaml,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep-yaml\ndata:\n  a: " + deep + "\n",
        codes(400, 422), cms + "/deep-yaml"));
    cases.add(patch("a merge patch nested 10,000 levels", mergePatch, "{\"data\":{\"k\":" + deep + "}}", codes(400, 422)));
    return cases;
  }

  static String victimWithVersion(String rv) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"victim\",\"resourceVersion\":\"" + rv
        + "\"},\"data\":{\"k\":\"overwritten\"}}";
  }

  private static Case post(String name, String path, String contentType, String body, int[] codes, String... absent) {
    return new Case(name, "POST", path, contentType, body == null ? new byte[0] : bytes(body), false, codes, List.of(absent));
  }

  private static Case put(String name, String path, String contentType, String body, int[] codes, String... absent) {
    return new Case(name, "PUT", path, contentType, bytes(body), false, codes, List.of(absent));
  }

  private static Case patch(String name, String contentType, String body, int[] codes, String... absent) {
    return new Case(name, "PATCH", CORE + "/configmaps/victim", contentType, bytes(body), false, codes, List.of(absent));
  }

  private static Case get(String name, String path, int[] codes) {
    return new Case(name, "GET", path, null, null, false, codes, List.of());
  }

  private static int[] codes(int... codes) {
    return codes;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] garbage(int n) {
    byte[] b = new byte[n];
    new java.util.Random(n).nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] invalidUtf8() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(bytes("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"badutf\"},\"data\":{\"k\":\""));
    out.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE});
    out.writeBytes(bytes("\"}}"));
    return out.toByteArray();
  }

  /** A Kubernetes protobuf envelope: magic, then runtime.Unknown{typeMeta{apiVersion, kind}, raw}. */
  private static byte[] unknownEnvelope(String apiVersion, String kind, byte[] raw) {
    ByteArrayOutputStream typeMeta = new ByteArrayOutputStream();
    field(typeMeta, 1, bytes(apiVersion));
    field(typeMeta, 2, bytes(kind));
    ByteArrayOutputStream unknown = new ByteArrayOutputStream();
    unknown.writeBytes("k8s\0".getBytes(StandardCharsets.ISO_8859_1));
    field(unknown, 1, typeMeta.toByteArray());
    field(unknown, 2, raw);
    return unknown.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, int number, byte[] value) {
    out.write((number << 3) | 2);
    int len = value.length;
    while (len >= 0x80) {
      out.write((len & 0x7f) | 0x80);
      len >>>= 7;
    }
    out.write(len);
    out.writeBytes(value);
  }
}
