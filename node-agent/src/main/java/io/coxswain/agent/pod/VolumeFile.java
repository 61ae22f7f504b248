package io.coxswain.agent.pod;

import java.util.Arrays;

/**
 * One file of a ConfigMap, Secret, downward API or projected volume.
 *
 * @param path relative to the volume, cleaned ("a//b/./c" becomes "a/b/c"); checked as kubelet's
 *     AtomicWriter checks it, since it comes from the user's {@code items[].path}
 * @param mode permission bits as Kubernetes stores them (decimal 420 is octal 0644)
 */
public record VolumeFile(String path, byte[] content, int mode) {
  /** Octal 0644, Kubernetes' defaultMode for ConfigMap, Secret, downward API and projected volumes. */
  public static final int DEFAULT_MODE = 0644;

  private static final int MAX_PATH_LENGTH = 4096;
  private static final int MAX_FILE_NAME_LENGTH = 255;

  /** @throws IllegalArgumentException with kubelet's message for a path that could escape the volume */
  public VolumeFile {
    path = clean(path);
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  /** Go's path.Clean followed by AtomicWriter's validatePath. */
  static String clean(String path) {
    if (path == null || path.isEmpty()) throw new IllegalArgumentException("invalid path: must not be empty: \"\"");
    if (path.startsWith("/")) throw new IllegalArgumentException("invalid path: must be relative path: " + path);
    if (path.length() > MAX_PATH_LENGTH) {
      throw new IllegalArgumentException("invalid path: must be less than or equal to " + MAX_PATH_LENGTH + " characters");
    }
    StringBuilder cleaned = new StringBuilder();
    String first = null;
    for (String item : path.split("/")) {
      if (item.equals("..")) throw new IllegalArgumentException("invalid path: must not contain '..': " + path);
      if (item.length() > MAX_FILE_NAME_LENGTH) {
        throw new IllegalArgumentException(
            "invalid path: filenames must be less than or equal to " + MAX_FILE_NAME_LENGTH + " characters");
      }
      if (item.isEmpty() || item.equals(".")) continue;
      if (first == null) first = item;
      if (cleaned.length() > 0) cleaned.append('/');
      cleaned.append(item);
    }
    if (first == null) throw new IllegalArgumentException("invalid path: must not be empty: \"" + path + "\"");
    // "..data" and the timestamped directories live next to the user's files.
    if (first.startsWith("..")) throw new IllegalArgumentException("invalid path: must not start with '..': " + path);
    return cleaned.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VolumeFile f && f.path.equals(path) && f.mode == mode && Arrays.equals(f.content, content);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * path.hashCode() + mode) + Arrays.hashCode(content);
  }

  /** Contents stay out of logs: they may be Secret data. */
  @Override
  public String toString() {
    return "VolumeFile[" + path + ", " + content.length + " bytes, mode 0" + Integer.toOctalString(mode) + "]";
  }
}
