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
}
