package io.coxswain.http.streams;

import io.coxswain.core.Cause;
import io.coxswain.core.StatusException;
import io.coxswain.http.RequestContext;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The query of {@code GET pods/{name}/log}, validated as Kubernetes validates PodLogOptions:
 * malformed numbers are a bad request, out-of-range ones make the options Invalid (422).
 * {@code insecureSkipTLSVerifyBackend} has no meaning here (no kubelet TLS) and is ignored.
 */
public record PodLogOptions(
    String container, boolean follow, boolean previous, boolean timestamps,
    Long tailLines, Long sinceSeconds, String sinceTime, Long limitBytes) {

  public static PodLogOptions from(RequestContext ctx, String podName) {
    PodLogOptions o = new PodLogOptions(ctx.param("container", ""), ctx.flag("follow"), ctx.flag("previous"),
        ctx.flag("timestamps"), number(ctx, "tailLines"), number(ctx, "sinceSeconds"),
        ctx.param("sinceTime").filter(s -> !s.isEmpty()).orElse(null), number(ctx, "limitBytes"));
    List<Cause> causes = new ArrayList<>();
    if (o.tailLines != null && o.tailLines < 0) {
      causes.add(Cause.invalid("tailLines", o.tailLines, "must be greater than or equal to 0"));
    }
    if (o.limitBytes != null && o.limitBytes < 1) {
      causes.add(Cause.invalid("limitBytes", o.limitBytes, "must be greater than 0"));
    }
    if (o.sinceSeconds != null && o.sinceTime != null) {
      causes.add(Cause.forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
    } else if (o.sinceSeconds != null && o.sinceSeconds < 1) {
      causes.add(Cause.invalid("sinceSeconds", o.sinceSeconds, "must be greater than 0"));
    }
    if (!causes.isEmpty()) {
      throw new StatusException(422, "Invalid", "PodLogOptions \"" + podName + "\" is invalid: "
          + String.join(", ", causes.stream().map(Cause::describe).toList()), podName, "", "PodLogOptions", causes);
    }
    if (o.sinceTime != null) {
      try {
        OffsetDateTime.parse(o.sinceTime);
      } catch (DateTimeParseException e) {
        throw StatusException.badRequest("sinceTime must be an RFC 3339 time such as 2024-05-01T10:00:00Z, got \""
            + o.sinceTime + "\"");
      }
    }
    return o;
  }

  private static Long number(RequestContext ctx, String name) {
    String v = ctx.param(name, "");
    if (v.isEmpty()) return null;
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw StatusException.badRequest(name + " must be a whole number, got \"" + v + "\"");
    }
  }
}
