package io.weft.launcher.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void lastLinesKeepsTheEndOfTheText() {
    assertEquals("b\nc\n", LogText.lastLines("a\nb\nc\n", 2));
    assertEquals("b\nc", LogText.lastLines("a\nb\nc", 2));
    assertEquals("a\nb\nc\n", LogText.lastLines("a\nb\nc\n", 5));
    assertEquals("", LogText.lastLines("a\nb\n", 0));
    assertEquals("a\nb\n", LogText.lastLines("a\nb\n", -1));
  }

  @Test
  void tailSectionsCutsEachFileOfYarnsOutput() {
    String output = "Container: c1\nLogType:a.log\nLogContents:\n1\n2\n3\nEnd of LogType:a.log\n\n"
        + "LogType:b.log\nLogContents:\nx\ny\nEnd of LogType:b.log\n";
    assertEquals("Container: c1\nLogType:a.log\nLogContents:\n3\nEnd of LogType:a.log\n\n"
        + "LogType:b.log\nLogContents:\ny\nEnd of LogType:b.log\n", LogText.tailSections(output, 1));
    assertEquals(output, LogText.tailSections(output, -1));
  }

  @Test
  void contentIsTheFileAsLongAsTheHeaderSays() {
    // A NodeManager puts the end mark right after the content; aggregated logs put a line break first.
    assertEquals("1\n2\n", LogText.content("Container: c1\nLogType:a.log\nLogLength:4\nLogContents:\n1\n2\n"
        + "End of LogType:a.log.This log file belongs to a running container (c1) and so may not be complete.\n"));
    assertEquals("1\n2", LogText.content("LogType:a.log\nLogLength:3\nLogContents:\n1\n2\nEnd of LogType:a.log\n"));
    assertEquals("\u00e9t\u00e9\n", LogText.content("LogLength:6\nLogContents:\n\u00e9t\u00e9\n\nEnd of LogType:x\n"));
    assertEquals("plain", LogText.content("plain"));
  }
}
