package io.weft.dataplane.element;

/**
 * An element with its event-time timestamp. Mutable so that a chain of operators can pass one
 * instance along instead of allocating per element.
 */
public final class StreamRecord<T> {
  /** The timestamp of an element that has none. */
  public static final long NO_TIMESTAMP = Long.MIN_VALUE;

  private T value;
  private long timestamp;

  public StreamRecord(T value) {
    this(value, NO_TIMESTAMP);
  }

  public StreamRecord(T value, long timestamp) {
    this.value = value;
    this.timestamp = timestamp;
  }

  public T getValue() {
    return value;
  }

  public long getTimestamp() {
    return timestamp;
  }

  public boolean hasTimestamp() {
    return timestamp != NO_TIMESTAMP;
  }

  /** Replaces the value and keeps the timestamp, as an element derived from this one has. */
  @SuppressWarnings("unchecked")
  public <X> StreamRecord<X> replace(X newValue) {
    this.value = (T) newValue;
    return (StreamRecord<X>) this;
  }

  @SuppressWarnings("unchecked")
  public <X> StreamRecord<X> replace(X newValue, long newTimestamp) {
    this.value = (T) newValue;
    this.timestamp = newTimestamp;
    return (StreamRecord<X>) this;
  }

  @Override
  public String toString() {
    return "Record(" + value + (hasTimestamp() ? " @" + timestamp : "") + ")";
  }
}
