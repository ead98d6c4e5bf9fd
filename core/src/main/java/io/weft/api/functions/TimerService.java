package io.weft.api.functions;

/** Time and timers as seen by a process function. Timers exist on keyed streams only. */
public interface TimerService {
  long currentProcessingTime();

  /** The current event-time watermark; Long.MIN_VALUE before the first one. */
  long currentWatermark();

  void registerProcessingTimeTimer(long time);

  void registerEventTimeTimer(long time);

  void deleteProcessingTimeTimer(long time);

  void deleteEventTimeTimer(long time);
}
