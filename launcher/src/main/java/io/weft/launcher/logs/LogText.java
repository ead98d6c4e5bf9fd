package io.weft.launcher.logs;

/** Cutting a log file's text to its last lines, the same way for live and for aggregated logs. */
final class LogText {
  private LogText() {}

  /** The last {@code lines} lines of {@code text} (all of it when {@code lines} is negative). */
  static String lastLines(String text, int lines) {
    if (lines < 0) {
      return text;
    }
    if (lines == 0) {
      return "";
    }
    int seen = 0;
    for (int pos = text.endsWith("\n") ? text.length() - 1 : text.length(); pos > 0; pos--) {
      if (text.charAt(pos - 1) == '\n' && ++seen == lines) {
        return text.substring(pos);
      }
    }
    return text;
  }

  /**
   * Hadoop's aggregated log output, one section per container and file ("LogContents:" line, the
   * content, "End of LogType:" line), with each content cut to its last {@code lines} lines.
   */
  static String tailSections(String output, int lines) {
    if (lines < 0) {
      return output;
    }
    StringBuilder b = new StringBuilder();
    String startMark = "LogContents:\n";
    String endMark = "End of LogType:";
    int at = 0;
    while (true) {
      int start = output.indexOf(startMark, at);
      if (start < 0) {
        b.append(output, at, output.length());
        return b.toString();
      }
      start += startMark.length();
      int end = output.indexOf(endMark, start);
      if (end < 0) {
        end = output.length();
      }
      b.append(output, at, start);
      String content = output.substring(start, end);
      String tail = lastLines(content, lines);
      b.append(tail);
      if (!tail.isEmpty() && !tail.endsWith("\n")) {
        b.append('\n');
      }
      at = end;
    }
  }

  /**
   * The file's content in one section of Hadoop's log output: a header whose "LogLength:" line gives
   * the content's length in bytes, "LogContents:", the content, then "End of LogType:..." (right
   * after the content from a NodeManager, after a line break of its own from aggregated logs, so
   * the length, not the end mark, says where the content ends). The whole text when it has no such
   * section.
   */
  static String content(String section) {
    String startMark = "LogContents:\n";
    int start = section.indexOf(startMark);
    if (start < 0) {
      return section;
    }
    java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?m)^LogLength:(\\d+)$")
        .matcher(section.substring(0, start));
    String rest = section.substring(start + startMark.length());
    byte[] bytes = rest.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (length.find()) {
      long n = Long.parseLong(length.group(1));
      if (n <= bytes.length) {
        return new String(bytes, 0, (int) n, java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    int end = rest.lastIndexOf("End of LogType:");
    return end < 0 ? rest : rest.substring(0, end);
  }
}
