package io.coxswain.agent.dns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The three things a resolv.conf says that Kubernetes cares about (CRI's DNSConfig): name
 * servers, the search list and options. Parsed as kubelet parses the node's file (the last
 * {@code search} line wins, a search domain's trailing dot is dropped, {@code options} accumulate,
 * {@code domain} and comments are ignored) and written as container runtimes write a pod's file.
 */
public record ResolvConf(List<String> nameservers, List<String> searches, List<String> options) {
  public static final ResolvConf EMPTY = new ResolvConf(List.of(), List.of(), List.of());

  public ResolvConf {
    nameservers = List.copyOf(nameservers);
    searches = List.copyOf(searches);
    options = List.copyOf(options);
  }

  public static ResolvConf parse(String text) {
    List<String> nameservers = new ArrayList<>();
    List<String> searches = new ArrayList<>();
    List<String> options = new ArrayList<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
      String[] fields = line.split("\\s+");
      switch (fields[0]) {
        case "nameserver" -> {
          if (fields.length > 1) nameservers.add(fields[1]);
        }
        case "search" -> {
          searches.clear();
          for (int i = 1; i < fields.length; i++) {
            if (fields[i].startsWith("#") || fields[i].startsWith(";")) break;
            if (!fields[i].equals(".")) searches.add(fields[i].endsWith(".") ? fields[i].substring(0, fields[i].length() - 1) : fields[i]);
          }
        }
        case "options" -> {
          for (int i = 1; i < fields.length; i++) options.add(fields[i]);
        }
        default -> { }
      }
    }
    return new ResolvConf(nameservers, searches, options);
  }

  /** The file's content; a missing file reads as empty, as for glibc. */
  public static ResolvConf read(Path file) throws IOException {
    try {
      return parse(Files.readString(file));
    } catch (NoSuchFileException e) {
      return EMPTY;
    }
  }

  /** The file as containerd writes it: search, then one nameserver line each, then options. */
  public String render() {
    StringBuilder out = new StringBuilder();
    if (!searches.isEmpty()) out.append("search ").append(String.join(" ", searches)).append('\n');
    for (String server : nameservers) out.append("nameserver ").append(server).append('\n');
    if (!options.isEmpty()) out.append("options ").append(String.join(" ", options)).append('\n');
    return out.toString();
  }
}
