package io.coxswain.agent.pod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Kubelet's hostPath {@code type} check: the "OrCreate" types create what is missing (a directory
 * with mode 0755, an empty file with mode 0644), the others only check what is there. An empty
 * type checks nothing, for manifests written before types existed.
 */
final class HostPathCheck {
  /** The file-type bits of st_mode (S_IFMT) and the types checked here. */
  private static final int FILE_TYPE_MASK = 0170000;
  private static final int SOCKET = 0140000;
  private static final int CHAR_DEVICE = 0020000;
  private static final int BLOCK_DEVICE = 0060000;

  private HostPathCheck() {}

  /** A hostPath that exists but is not of the declared type; the message is kubelet's. */
  static final class TypeMismatch extends IOException {
    TypeMismatch(String message) {
      super(message);
    }
  }

  static void check(Path path, String type) throws IOException {
    switch (type) {
      case "":
        return;
      case "DirectoryOrCreate":
        if (!Files.exists(path)) {
          Files.createDirectories(path, PosixFilePermissions.asFileAttribute(VolumeWriter.permissions(0755)));
          return;
        }
        requireDirectory(path);
        return;
      case "Directory":
        requireDirectory(path);
        return;
      case "FileOrCreate":
        if (!Files.exists(path)) {
          // Like kubelet, the parent directory must already exist.
          Files.createFile(path, PosixFilePermissions.asFileAttribute(VolumeWriter.permissions(0644)));
          return;
        }
        requireFile(path);
        return;
      case "File":
        requireFile(path);
        return;
      case "Socket":
        if (!isSpecial(path, SOCKET)) throw mismatch(path, "is not a socket file");
        return;
      case "CharDevice":
        if (!isSpecial(path, CHAR_DEVICE)) throw mismatch(path, "is not a character device");
        return;
      case "BlockDevice":
        if (!isSpecial(path, BLOCK_DEVICE)) throw mismatch(path, "is not a block device");
        return;
      default:
        throw new TypeMismatch(type + " is an invalid volume type");
    }
  }

  private static void requireDirectory(Path path) throws TypeMismatch {
    if (!Files.isDirectory(path)) throw mismatch(path, "is not a directory");
  }

  private static void requireFile(Path path) throws TypeMismatch {
    // Kubelet's IsFile is "exists and is not a directory": devices and sockets pass.
    if (!Files.exists(path) || Files.isDirectory(path)) throw mismatch(path, "is not a file");
  }

  /**
   * Java has no portable test for sockets and devices; the "unix:mode" attribute gives the file
   * type bits on Linux and macOS. Without it the check cannot be made and the path is accepted.
   */
  private static boolean isSpecial(Path path, int fileType) {
    if (!Files.exists(path)) return false;
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode");
      return (mode & FILE_TYPE_MASK) == fileType;
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      return true;
    }
  }

  private static TypeMismatch mismatch(Path path, String what) {
    return new TypeMismatch("hostPath type check failed: " + path + " " + what);
  }
}
