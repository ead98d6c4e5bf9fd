package io.weft.api.windowing.windows;

import io.weft.core.types.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Writes a {@link TimeWindow} as start and end, 8 bytes each; the namespace serializer of time windows. */
public final class TimeWindowSerializer implements TypeSerializer<TimeWindow> {
  public static final TimeWindowSerializer INSTANCE = new TimeWindowSerializer();

  private TimeWindowSerializer() {}

  @Override
  public void serialize(TimeWindow value, DataOutput out) throws IOException {
    out.writeLong(value.getStart());
    out.writeLong(value.getEnd());
  }

  @Override
  public TimeWindow deserialize(DataInput in) throws IOException {
    long start = in.readLong();
    long end = in.readLong();
    if (end < start) {
      throw new IOException("corrupt input: a time window ending at " + end + " before its start " + start);
    }
    return new TimeWindow(start, end);
  }

  @Override
  public TimeWindow copy(TimeWindow value) {
    return value;
  }

  @Override
  public int fixedLength() {
    return 16;
  }
}
