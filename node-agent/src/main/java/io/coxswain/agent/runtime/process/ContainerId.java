package io.coxswain.agent.runtime.process;

import java.util.regex.Pattern;

/**
 * A container id: "&lt;pod uid&gt;_&lt;container name&gt;_&lt;attempt&gt;". Opaque to callers, but
 * the runtime can find an attempt's files (and its log, after the container was removed) from the
 * id alone. Unique and stable because a pod uid and container name never contain '_' and each
 * restart has its own attempt number.
 */
record ContainerId(String podUid, String name, int attempt) {
  private static final Pattern POD_UID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,127}");
  /** A DNS-1123 label, as Kubernetes requires for container names. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  ContainerId {
    checkPodUid(podUid);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("container name " + name + " is not a DNS-1123 label");
    }
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must not be negative: " + attempt);
    }
  }

  /** Pod uids become directory names; anything beyond letters, digits, '.' and '-' is refused. */
  static String checkPodUid(String podUid) {
    if (podUid == null || !POD_UID.matcher(podUid).matches() || podUid.contains("..")) {
      throw new IllegalArgumentException("pod uid " + podUid + " must be letters, digits, '.' and '-'");
    }
    return podUid;
  }

  static ContainerId parse(String id) {
    int last = id.lastIndexOf('_');
    int middle = last > 0 ? id.lastIndexOf('_', last - 1) : -1;
    if (middle <= 0) {
      throw new IllegalArgumentException("not a process runtime container id: " + id);
    }
    try {
      return new ContainerId(id.substring(0, middle), id.substring(middle + 1, last), Integer.parseInt(id.substring(last + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a process runtime container id: " + id, e);
    }
  }

  @Override
  public String toString() {
    return podUid + "_" + name + "_" + attempt;
  }
}
