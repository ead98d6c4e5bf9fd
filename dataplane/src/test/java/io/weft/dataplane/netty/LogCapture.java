package io.weft.dataplane.netty;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;

/** Collects what the transport logs, so tests can check that a refusal was logged with the address. */
final class LogCapture extends AppenderSkeleton implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.getLogger("io.weft.dataplane.netty");

  LogCapture() {
    logger.addAppender(this);
  }

  @Override
  protected void append(LoggingEvent event) {
    lines.add(event.getLevel() + " " + event.getRenderedMessage());
  }

  boolean contains(String... fragments) {
    return lines.stream().anyMatch(l -> List.of(fragments).stream().allMatch(l::contains));
  }

  List<String> lines() {
    return lines;
  }

  @Override
  public void close() {
    logger.removeAppender(this);
  }

  @Override
  public boolean requiresLayout() {
    return false;
  }
}
