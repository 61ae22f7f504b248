package io.coxswain.core.services;

/**
 * The ports NodePort Services get on every node (kube-apiserver's --service-node-port-range).
 *
 * @param first the lowest port
 * @param last the highest port, inclusive
 */
public record NodePortRange(int first, int last) implements AllocationRange {
  public static final NodePortRange DEFAULT = new NodePortRange(30000, 32767);

  public NodePortRange {
    if (first < 1 || last > 65535 || first > last) {
      throw new IllegalArgumentException("a node port range is two ports between 1 and 65535, lowest first, got "
          + first + "-" + last);
    }
  }

  /** "30000-32767", or a single port. */
  public static NodePortRange parse(String range) {
    String s = range.strip();
    int dash = s.indexOf('-');
    try {
      if (dash < 0) {
        int port = Integer.parseInt(s);
        return new NodePortRange(port, port);
      }
      return new NodePortRange(Integer.parseInt(s.substring(0, dash).strip()), Integer.parseInt(s.substring(dash + 1).strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + range + "\" is not a port range such as 30000-32767");
    }
  }

  @Override
  public long size() {
    return last - first + 1L;
  }

  @Override
  public String name(long offset) {
    if (offset < 0 || offset >= size()) throw new IndexOutOfBoundsException(offset + " is outside " + describe());
    return Long.toString(first + offset);
  }

  @Override
  public long offset(String name) {
    if (name == null || name.isEmpty() || name.length() > 5 || !name.chars().allMatch(Character::isDigit)
        || (name.length() > 1 && name.charAt(0) == '0')) {
      return -1;
    }
    return offset(Integer.parseInt(name));
  }

  public long offset(int port) {
    return port >= first && port <= last ? port - first : -1;
  }

  public boolean contains(int port) {
    return offset(port) >= 0;
  }

  /** Kubernetes: min(max(16, size/32), 128) ports at the bottom are kept for requested ports. */
  @Override
  public long dynamicStart() {
    return AllocationRange.staticBand(size(), 16, 32, 128);
  }

  @Override
  public String describe() {
    return first + "-" + last;
  }
}
