package io.coxswain.agent.streams;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * One line of a CRI container log: {@code <RFC3339Nano time> <stdout|stderr> <P|F>[:more tags] <text>}.
 * A {@code P} (partial) line is a fragment of a longer output line that the next lines continue;
 * {@code F} ends it. The text of an F line keeps its newline, a P line's text has none, so writing
 * the texts one after another joins the fragments, as kubelet does.
 *
 * @param content the text, without the CRI fields
 */
record CriLogLine(OffsetDateTime time, String stream, boolean partial, byte[] content) {

  /** Parses one line (with or without its trailing newline); null when it is not in the CRI format. */
  static CriLogLine parse(byte[] line, int from, int to) {
    int timeEnd = indexOf(line, from, to, (byte) ' ');
    if (timeEnd < 0) return null;
    OffsetDateTime time;
    try {
      time = OffsetDateTime.parse(new String(line, from, timeEnd - from, StandardCharsets.US_ASCII));
    } catch (DateTimeParseException e) {
      return null;
    }
    int streamEnd = indexOf(line, timeEnd + 1, to, (byte) ' ');
    if (streamEnd < 0) return null;
    String stream = new String(line, timeEnd + 1, streamEnd - timeEnd - 1, StandardCharsets.US_ASCII);
    if (!stream.equals("stdout") && !stream.equals("stderr")) return null;
    int tagEnd = indexOf(line, streamEnd + 1, to, (byte) ' ');
    boolean newline = to > from && line[to - 1] == '\n';
    if (tagEnd < 0) {
      // "<time> <stream> F\n" with nothing after the tag: an empty line.
      int end = newline ? to - 1 : to;
      if (end <= streamEnd + 1) return null;
      boolean partial = line[streamEnd + 1] == 'P' && (end == streamEnd + 2 || line[streamEnd + 2] == ':');
      return new CriLogLine(time, stream, partial, partial ? new byte[0] : new byte[] {'\n'});
    }
    boolean partial = line[streamEnd + 1] == 'P' && (tagEnd == streamEnd + 2 || line[streamEnd + 2] == ':');
    int contentEnd = partial && newline ? to - 1 : to;
    byte[] content = new byte[Math.max(0, contentEnd - tagEnd - 1)];
    System.arraycopy(line, tagEnd + 1, content, 0, content.length);
    return new CriLogLine(time, stream, partial, content);
  }

  /** Whether a line ends an output line (anything but a P line), from its first bytes alone. */
  static boolean endsEntry(byte[] line, int from, int to) {
    int spaces = 0;
    for (int i = from; i < to; i++) {
      if (line[i] == ' ' && ++spaces == 2) {
        return !(i + 1 < to && line[i + 1] == 'P' && (i + 2 >= to || line[i + 2] == ' ' || line[i + 2] == ':'
            || line[i + 2] == '\n'));
      }
    }
    return true;
  }

  /**
   * The time as Go's RFC3339Nano prints it, which is what kubelet prefixes lines with: fraction
   * without trailing zeros (none at all when zero), {@code Z} for UTC.
   */
  static String formatTime(OffsetDateTime t) {
    StringBuilder sb = new StringBuilder(35);
    sb.append(String.format("%04d-%02d-%02dT%02d:%02d:%02d",
        t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
    int nanos = t.getNano();
    if (nanos != 0) {
      String fraction = String.format("%09d", nanos);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') end--;
      sb.append('.').append(fraction, 0, end);
    }
    ZoneOffset offset = t.getOffset();
    sb.append(offset.getTotalSeconds() == 0 ? "Z" : offset.getId());
    return sb.toString();
  }

  private static int indexOf(byte[] b, int from, int to, byte c) {
    for (int i = from; i < to; i++) if (b[i] == c) return i;
    return -1;
  }
}
