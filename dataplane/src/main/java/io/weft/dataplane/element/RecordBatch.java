package io.weft.dataplane.element;

/**
 * Elements travelling together through a channel: handing over a batch at a time instead of each
 * element keeps the cost of the channel's lock off the per-element path.
 */
public final class RecordBatch {
  private final Object[] values;
  private final long[] timestamps;
  private int size;

  public RecordBatch(int capacity) {
    this.values = new Object[capacity];
    this.timestamps = new long[capacity];
  }

  /** Adds an element; returns true when the batch is now full. */
  public boolean add(Object value, long timestamp) {
    values[size] = value;
    timestamps[size] = timestamp;
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
    return timestamps[i];
  }
}
