package io.coxswain.cli.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Json;
import java.io.PrintStream;

/**
 * Prints Changes as they arrive: a table row each (fixed columns, since a stream has no widths to
 * measure), with a history's readable diff lines under its row; or one JSON object per line.
 */
final class ChangePrinter {
  private static final String HISTORY_ROW = "%-24s  %-17s  %-7s  %-7s  %-36s  %s%n";
  private static final String LOG_ROW = "%-24s  %-7s  %-7s  %-50s  %s%n";

  private final PrintStream out;
  private final AuditOptions.Output output;
  private final boolean history;
  private final boolean diffs;
  private boolean headerDone;

  ChangePrinter(PrintStream out, AuditOptions.Output output, boolean history, boolean diffs) {
    this.out = out;
    this.output = output;
    this.history = history;
    this.diffs = diffs;
  }

  void print(JsonNode change) {
    if (output != AuditOptions.Output.TABLE) {
      printDocument(change);
      return;
    }
    if (!headerDone) {
      if (history) out.printf(HISTORY_ROW, "TIME", "RESOURCEVERSION", "TYPE", "VERB", "UID", "USER");
      else out.printf(LOG_ROW, "TIME", "TYPE", "VERB", "OBJECT", "USER");
      headerDone = true;
    }
    JsonNode ref = change.path("objectRef");
    if (history) {
      out.printf(HISTORY_ROW, change.path("time").asText(), change.path("resourceVersion").asText(),
          change.path("type").asText(), change.path("verb").asText(), ref.path("uid").asText(), change.path("user").asText());
      if (diffs) change.path("diff").forEach(line -> out.println("    " + line.asText()));
    } else {
      String object = ref.path("resource").asText() + "/"
          + (ref.has("namespace") ? ref.path("namespace").asText() + "/" : "") + ref.path("name").asText();
      out.printf(LOG_ROW, change.path("time").asText(), change.path("type").asText(), change.path("verb").asText(),
          object, change.path("user").asText());
    }
    out.flush();
  }

  /** Whether anything was printed: an empty log still says so. */
  boolean printedAny() {
    return headerDone;
  }

  private void printDocument(JsonNode node) {
    try {
      if (output == AuditOptions.Output.JSON) out.println(Json.MAPPER.writeValueAsString(node));
      else out.print(Json.YAML.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
  }
}
