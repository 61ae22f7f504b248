package io.coxswain.agent.streams;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;

/**
 * Reads a CRI log file from a position onwards and turns its lines into what kubectl logs shows:
 * the text alone, fragments of partial lines joined, optionally prefixed with the time, filtered by
 * time and cut at a byte limit. Not thread-safe: one reader at a time, on a thread that may block.
 *
 * <p>A line still being written (no newline yet) is held back until it is complete, or until
 * {@link #finish} says no more will come.
 */
final class CriLogCursor implements AutoCloseable {
  /** A line longer than this without a newline is passed on as it is rather than held back. */
  private static final int MAX_HELD_LINE = 1 << 20;
  private static final int READ_BLOCK = 64 * 1024;

  private final FileChannel file;
  private final LogOptions options;
  private long position;
  private byte[] held = new byte[0];
  private boolean atLineStart = true;
  private long remaining;
  private boolean limitReached;

  /** What one read produced. */
  record Chunk(byte[] bytes, boolean atEnd) {}

  private CriLogCursor(FileChannel file, LogOptions options, long position) {
    this.file = file;
    this.options = options;
    this.position = position;
    this.remaining = options.limitBytes() == null ? Long.MAX_VALUE : options.limitBytes();
  }

  /** Opens the log at the start of its last {@code tailLines} output lines (or at its start). */
  static CriLogCursor open(Path log, LogOptions options) throws IOException {
    FileChannel channel = FileChannel.open(log, StandardOpenOption.READ);
    try {
      long start = options.tailLines() == null ? 0 : tailStart(channel, options.tailLines());
      return new CriLogCursor(channel, options, start);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Whether limitBytes has been sent: nothing more will come. */
  boolean limitReached() {
    return limitReached;
  }

  /**
   * Reads what the file holds beyond the position, up to about {@code maxBytes} of output. The
   * chunk is empty when nothing new passed the filters; {@code atEnd} says the file is read to its end.
   */
  Chunk read(int maxBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(READ_BLOCK);
    while (out.size() < maxBytes && !limitReached) {
      buffer.clear();
      int n = file.read(buffer, position);
      if (n <= 0) return new Chunk(out.toByteArray(), true);
      position += n;
      byte[] data = join(held, buffer.array(), n);
      int lineStart = 0;
      for (int i = 0; i < data.length && !limitReached; i++) {
        if (data[i] == '\n') {
          emit(data, lineStart, i + 1, out);
          lineStart = i + 1;
        }
      }
      held = lineStart == data.length ? new byte[0] : java.util.Arrays.copyOfRange(data, lineStart, data.length);
      if (held.length > MAX_HELD_LINE) {
        emit(held, 0, held.length, out);
        held = new byte[0];
      }
    }
    return new Chunk(out.toByteArray(), limitReached || position >= file.size());
  }

  /** The writer is done: a last line without its newline is sent as it is. */
  byte[] finish() {
    if (held.length == 0 || limitReached) return new byte[0];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    emit(held, 0, held.length, out);
    held = new byte[0];
    return out.toByteArray();
  }

  private void emit(byte[] data, int from, int to, ByteArrayOutputStream out) {
    CriLogLine line = CriLogLine.parse(data, from, to);
    if (line == null) return; // not CRI: kubelet skips such lines too
    if (options.since() != null && line.time().toInstant().isBefore(options.since())) return;
    if (options.timestamps() && atLineStart) {
      write((CriLogLine.formatTime(line.time()) + " ").getBytes(StandardCharsets.US_ASCII), out);
    }
    write(line.content(), out);
    atLineStart = !line.partial();
  }

  private void write(byte[] bytes, ByteArrayOutputStream out) {
    if (limitReached) return;
    int n = (int) Math.min(bytes.length, remaining);
    out.write(bytes, 0, n);
    remaining -= n;
    if (remaining == 0) limitReached = true;
  }

  private static byte[] join(byte[] head, byte[] block, int n) {
    byte[] all = new byte[head.length + n];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(block, 0, all, head.length, n);
    return all;
  }

  /**
   * Where the last {@code lines} output lines begin: scanning back from the last complete line, an
   * output line ends at every line that is not a partial (P) fragment.
   */
  static long tailStart(FileChannel channel, long lines) throws IOException {
    long size = channel.size();
    BackwardReader back = new BackwardReader(channel, size);
    long end = back.lastNewlineBefore(size); // end of the last complete line (index of its '\n'), or -1
    if (end < 0) return 0;
    if (lines == 0) return end + 1;
    long count = 0;
    long lineEnd = end;
    while (lineEnd >= 0) {
      long prev = back.lastNewlineBefore(lineEnd);
      long lineStart = prev + 1;
      if (back.endsEntry(lineStart, lineEnd + 1)) {
        if (count == lines) return lineEnd + 1;
        count++;
      }
      lineEnd = prev;
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  /** Finds newlines backwards from the end of a file, reading it in blocks. */
  private static final class BackwardReader {
    private final FileChannel channel;
    private final ByteBuffer block = ByteBuffer.allocate(READ_BLOCK);
    private long blockStart;
    private int blockLength;

    BackwardReader(FileChannel channel, long size) {
      this.channel = channel;
      this.blockStart = size;
      this.blockLength = 0;
    }

    /** The offset of the last '\n' strictly before {@code pos}, or -1. */
    long lastNewlineBefore(long pos) throws IOException {
      long p = pos - 1;
      while (p >= 0) {
        if (p < blockStart || p >= blockStart + blockLength) load(p);
        int i = (int) (p - blockStart);
        byte[] b = block.array();
        while (i >= 0 && b[i] != '\n') i--;
        if (i >= 0) return blockStart + i;
        p = blockStart - 1;
      }
      return -1;
    }

    /** Whether the line at [start, end) ends an output line, judged from its first bytes. */
    boolean endsEntry(long start, long end) throws IOException {
      ByteBuffer head = ByteBuffer.allocate((int) Math.min(80, end - start));
      channel.read(head, start);
      return CriLogLine.endsEntry(head.array(), 0, head.position());
    }

    /** Loads the block that ends at {@code p} (inclusive). */
    private void load(long p) throws IOException {
      long start = Math.max(0, p + 1 - READ_BLOCK);
      block.clear();
      block.limit((int) (p + 1 - start));
      int read = 0;
      while (block.hasRemaining()) {
        int n = channel.read(block, start + read);
        if (n < 0) break;
        read += n;
      }
      blockStart = start;
      blockLength = read;
    }
  }
}
