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
}
