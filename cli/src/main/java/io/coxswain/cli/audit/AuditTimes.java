package io.coxswain.cli.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times as the audit commands take them: RFC 3339 ({@code 2026-11-23T10:00:00Z}) or a span back
 * from now ({@code 90s}, {@code 15m}, {@code 1h30m}, {@code 2d}), as kubectl's --since takes it.
 */
final class AuditTimes {
  private static final Pattern SPAN = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private AuditTimes() {}

  static Instant parse(String value, Instant now) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException notRfc3339) {
      return now.minus(span(value));
    }
  }

  static boolean isSpan(String value) {
    return !value.isEmpty() && SPAN.matcher(value).replaceAll("").isEmpty();
  }

  private static Duration span(String value) {
    if (!isSpan(value)) {
      throw new AuditFailure("\"" + value + "\" is not a time: give RFC 3339 (2026-11-23T10:00:00Z) or a span back "
          + "from now such as 90s, 15m, 1h30m or 2d");
    }
    Duration d = Duration.ZERO;
    Matcher m = SPAN.matcher(value);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      d = d.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
    }
    return d;
  }
}
