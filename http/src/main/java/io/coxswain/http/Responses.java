package io.coxswain.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import io.coxswain.core.StatusException;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/** Builds API responses: objects as JSON or YAML, errors as a Kubernetes Status. */
public final class Responses {
  private static final ContentType YAML = MediaTypes.applicationWithFixedCharset("yaml", org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8).toContentType();

  private Responses() {}

  /** Whether the client prefers YAML (Accept: application/yaml before any JSON). */
  public static boolean wantsYaml(String accept) {
    if (accept == null) return false;
    int yaml = accept.indexOf("application/yaml");
    int json = accept.indexOf("application/json");
    return yaml >= 0 && (json < 0 || yaml < json);
  }

  public static HttpResponse object(int code, JsonNode body, String accept, List<String> warnings) {
    HttpResponse r;
    try {
      if (wantsYaml(accept)) {
        r = HttpResponse.create().withStatus(code).withEntity(HttpEntities.create(YAML, Json.YAML.writeValueAsBytes(body)));
      } else {
        r = json(code, Json.MAPPER.writeValueAsBytes(body));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    for (String w : warnings) r = r.addHeader(RawHeader.create("Warning", "299 - \"" + w.replace("\"", "\\\"") + "\""));
    return r;
  }

  public static HttpResponse json(int code, byte[] body) {
    return HttpResponse.create().withStatus(code).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body));
  }

  public static HttpResponse status(StatusException e) {
    try {
      return json(e.code(), Json.MAPPER.writeValueAsBytes(e.toStatus()));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  public static HttpResponse text(int code, String body) {
    return HttpResponse.create().withStatus(code).withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, body));
  }
}
