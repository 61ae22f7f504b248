package io.coxswain.core.write;

import io.coxswain.core.StatusException;

/** The four patch formats of the Kubernetes API, chosen by the request's Content-Type. */
public enum PatchType {
  JSON_PATCH("application/json-patch+json"),
  MERGE_PATCH("application/merge-patch+json"),
  STRATEGIC_MERGE_PATCH("application/strategic-merge-patch+json"),
  APPLY_PATCH("application/apply-patch+yaml");

  private final String mediaType;

  PatchType(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  public static PatchType fromContentType(String contentType) {
    String base = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
    for (PatchType t : values()) {
      if (t.mediaType.equals(base)) return t;
    }
    if (base.equals("application/apply-patch+json")) return APPLY_PATCH;
    throw StatusException.of(415, "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: "
            + "application/json-patch+json, application/merge-patch+json, "
            + "application/apply-patch+yaml, application/strategic-merge-patch+json (got \"" + base + "\")");
  }
}
