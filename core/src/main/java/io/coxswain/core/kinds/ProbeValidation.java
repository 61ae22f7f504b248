package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.JsonFields.child;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import java.util.List;

/** Container probes and lifecycle hooks: exactly one handler, sane numbers (Kubernetes' validateProbe). */
final class ProbeValidation {
  private static final List<String> PROBE_HANDLERS = List.of("exec", "httpGet", "tcpSocket", "grpc");
  private static final List<String> HOOK_HANDLERS = List.of("exec", "httpGet", "tcpSocket", "sleep");
  private static final List<String> PROBE_NUMBERS =
      List.of("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold");

  private ProbeValidation() {}

  static void validateProbe(ObjectNode probe, String path, boolean successMustBeOne, JsonFields f) {
    validateHandler(probe, path, PROBE_HANDLERS, f);
    Long success = null;
    for (String number : PROBE_NUMBERS) {
      Long n = f.int32(probe, path, number);
      if (n != null && n < 0) f.add(Cause.invalid(child(path, number), n, "must be greater than or equal to 0"));
      if (number.equals("successThreshold")) success = n;
    }
    // Liveness and startup probes decide on failure only; more than one success means nothing.
    if (successMustBeOne && success != null && success != 1) {
      f.add(Cause.invalid(child(path, "successThreshold"), success, "must be 1"));
    }
    Long grace = f.int64(probe, path, "terminationGracePeriodSeconds");
    if (grace != null && grace <= 0) {
      f.add(Cause.invalid(child(path, "terminationGracePeriodSeconds"), grace, "must be greater than 0"));
    }
  }

  static void validateLifecycle(ObjectNode lifecycle, String path, JsonFields f) {
    for (String hook : List.of("postStart", "preStop")) {
      ObjectNode handler = f.object(lifecycle, path, hook);
      if (handler != null) validateHandler(handler, child(path, hook), HOOK_HANDLERS, f);
    }
  }

  /**
   * An int port or a port name, as in probes and a Service's targetPort; unset counts as port 0,
   * as the Go zero value would.
   */
  static void validatePortNumOrName(ObjectNode holder, String holderPath, String name, JsonFields f) {
    JsonNode port = f.intOrString(holder, holderPath, name);
    if (port == null && !FieldDefaults.isUnset(holder, name)) return;
    String path = child(holderPath, name);
    if (port == null || port.isIntegralNumber()) {
      long n = port == null ? 0 : port.asLong();
      for (String msg : ValueFormats.portNumber(n)) f.add(Cause.invalid(path, n, msg));
    } else if (port.isTextual()) {
      for (String msg : ValueFormats.portName(port.textValue())) f.add(Cause.invalid(path, port.textValue(), msg));
    }
  }

  private static void validateHandler(ObjectNode holder, String path, List<String> kinds, JsonFields f) {
    int handlers = 0;
    for (String kind : kinds) {
      ObjectNode handler = f.object(holder, path, kind);
      if (handler == null) continue;
      String handlerPath = child(path, kind);
      if (handlers > 0) {
        f.add(Cause.forbidden(handlerPath, "may not specify more than 1 handler type"));
        continue;
      }
      handlers++;
      switch (kind) {
        case "exec" -> {
          boolean unset = FieldDefaults.isUnset(handler, "command");
          List<String> command = f.strings(handler, handlerPath, "command");
          if (unset || (command != null && command.isEmpty() && handler.get("command").isEmpty())) {
            f.add(Cause.required(child(handlerPath, "command")));
          }
        }
        case "httpGet" -> validateHttpGet(handler, handlerPath, f);
        case "tcpSocket" -> validatePortNumOrName(handler, handlerPath, "port", f);
        case "grpc" -> {
          Long port = f.int32(handler, handlerPath, "port");
          if (port != null || FieldDefaults.isUnset(handler, "port")) {
            long n = port == null ? 0 : port;
            for (String msg : ValueFormats.portNumber(n)) f.add(Cause.invalid(child(handlerPath, "port"), n, msg));
          }
          f.string(handler, handlerPath, "service");
        }
        case "sleep" -> {
          Long seconds = f.int64(handler, handlerPath, "seconds");
          if (seconds != null && seconds < 0) {
            f.add(Cause.invalid(child(handlerPath, "seconds"), seconds, "must be greater than or equal to 0"));
          }
        }
        default -> throw new IllegalStateException("unhandled probe handler " + kind);
      }
    }
    if (handlers == 0) f.add(new Cause("FieldValueRequired", "Required value: must specify a handler type", path));
  }

  private static void validateHttpGet(ObjectNode httpGet, String path, JsonFields f) {
    String p = f.string(httpGet, path, "path");
    if (p != null && p.isEmpty()) f.add(Cause.required(child(path, "path")));
    validatePortNumOrName(httpGet, path, "port", f);
    String scheme = f.string(httpGet, path, "scheme");
    if (scheme != null && !scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
      f.add(Cause.notSupported(child(path, "scheme"), scheme, List.of("HTTP", "HTTPS")));
    }
    f.string(httpGet, path, "host");
    f.array(httpGet, path, "httpHeaders");
  }
}
