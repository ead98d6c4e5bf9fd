package io.weft.dataplane.element;

import java.util.Arrays;

/**
 * Elements travelling together through a channel: handing over a batch at a time instead of each
 * element keeps the cost of the channel's lock off the per-element path.
 */
public final class RecordBatch {
  private final Object[] values;
  /**
   * Null until an element with a timestamp is added: jobs without event time carry none, and the
   * array would be two thirds of what every batch allocates.
   */
  private long[] timestamps;
  private int size;

  public RecordBatch(int capacity) {
    this.values = new Object[capacity];
  }

  /** Adds an element; returns true when the batch is now full. */
  public boolean add(Object value, long timestamp) {
    values[size] = value;
    if (timestamps != null) {
      timestamps[size] = timestamp;
    } else if (timestamp != StreamRecord.NO_TIMESTAMP) {
      timestamps = new long[values.length];
      Arrays.fill(timestamps, 0, size, StreamRecord.NO_TIMESTAMP);
      timestamps[size] = timestamp;
    }
    return ++size == values.length;
  }

  public int size() {
    return size;
  }

  public boolean isFull() {
    return size == values.length;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public Object value(int i) {
    return values[i];
  }

  public long timestamp(int i) {
    return timestamps == null ? StreamRecord.NO_TIMESTAMP : timestamps[i];
  }
}
