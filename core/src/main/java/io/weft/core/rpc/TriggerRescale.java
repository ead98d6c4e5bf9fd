package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A client ({@code weft rescale}) asks the JobManager to rescale the running job in place. Answered
 * with {@link RescaleCompleted} once every task runs at its new parallelism, or with an
 * {@link ErrorReply} saying why the job still runs at the old one.
 *
 * @param parallelism the new parallelism of every task, 0 to keep each task's
 * @param vertices task names (or vertex ids) to their new parallelism, over {@code parallelism}
 */
public record TriggerRescale(int parallelism, Map<String, Integer> vertices) implements RpcMessage {
  public TriggerRescale {
    Wire.nonNegative(parallelism, "parallelism");
    vertices = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(vertices, "vertices")));
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeInt(parallelism);
    out.writeInt(vertices.size());
    for (Map.Entry<String, Integer> e : vertices.entrySet()) {
      Wire.writeString(out, "vertex", e.getKey());
      out.writeInt(e.getValue());
    }
  }

  static TriggerRescale readFrom(WireInput in) throws IOException {
    int parallelism = in.readInt("parallelism");
    int n = in.readCount("vertices");
    Map<String, Integer> vertices = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      vertices.put(in.readString("vertex"), in.readInt("vertex parallelism"));
    }
    return new TriggerRescale(parallelism, vertices);
  }
}
