package io.weft.connectors.files.sink;

import java.io.Serializable;

/**
 * Part file names: {@code <prefix>-<subtask>-<n><suffix>} (Flink's {@code OutputFileConfig});
 * while in progress or pending the same name with a dot in front and {@code .inprogress} after, so
 * Hive, Spark and Trino skip it.
 */
public final class OutputFileConfig implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String partPrefix;
  private final String partSuffix;

  public OutputFileConfig(String partPrefix, String partSuffix) {
    if (partPrefix.isEmpty() || partPrefix.contains("/") || partSuffix.contains("/") || partPrefix.startsWith(".")
        || partPrefix.startsWith("_")) {
      throw new IllegalArgumentException("part file prefix '" + partPrefix + "' / suffix '" + partSuffix
          + "': the prefix must be non-empty and not start with '.' or '_' (readers skip such files), neither may hold '/'");
    }
    this.partPrefix = partPrefix;
    this.partSuffix = partSuffix;
  }

  public static OutputFileConfig defaults() {
    return new OutputFileConfig("part", "");
  }

  public String partPrefix() {
    return partPrefix;
  }

  public String partSuffix() {
    return partSuffix;
  }

  String committedName(int subtask, long n) {
    return partPrefix + "-" + subtask + "-" + n + partSuffix;
  }

  String inProgressName(int subtask, long n) {
    return "." + committedName(subtask, n) + ".inprogress";
  }

  /** The part number of a committed or in-progress file of {@code subtask}, or -1 if the name is not one. */
  long partNumber(String name, int subtask) {
    String committed = name.startsWith(".") && name.endsWith(".inprogress")
        ? name.substring(1, name.length() - ".inprogress".length()) : name;
    String head = partPrefix + "-" + subtask + "-";
    if (!committed.startsWith(head) || !committed.endsWith(partSuffix)) {
      return -1;
    }
    String n = committed.substring(head.length(), committed.length() - partSuffix.length());
    return n.isEmpty() || !n.chars().allMatch(Character::isDigit) || n.length() > 18 ? -1 : Long.parseLong(n);
  }
}
