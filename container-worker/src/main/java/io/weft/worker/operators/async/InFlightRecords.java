package io.weft.worker.operators.async;

import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.core.types.TypeSerializer;
import io.weft.core.types.Types;
import io.weft.dataplane.element.StreamRecord;
import io.weft.state.operator.OperatorStateBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs an async operator has in flight, as an even-split operator state list: one entry per
 * record (its timestamp, then the value by the input's serializer). Even-split, so a savepoint
 * restored at another parallelism hands every record to exactly one new subtask. Watermarks in
 * flight are not kept: upstream sends newer ones after the restore, and an old subtask's watermark
 * issued by a new one could make that subtask's own input late.
 */
final class InFlightRecords<IN> {
  static final String STATE_NAME = "_async_wait_operator_state_";
  private static final ListStateDescriptor<byte[]> DESCRIPTOR = new ListStateDescriptor<>(STATE_NAME, Types.BYTES);

  private final String operatorName;
  private final TypeSerializer<IN> serializer;

  /** @param serializer the input's serializer; null when the type is unknown (then only an empty snapshot works) */
  InFlightRecords(String operatorName, TypeSerializer<IN> serializer) {
    this.operatorName = operatorName;
    this.serializer = serializer;
  }

  void snapshot(List<QueueEntry.RecordEntry<?, ?>> records, OperatorStateBackend backend) throws Exception {
    if (serializer == null && !records.isEmpty()) {
      throw new IllegalStateException("'" + operatorName + "' cannot checkpoint its " + records.size()
          + " in-flight record(s): the type of its input is unknown; declare it with .returns(...) on the operator"
          + " before it");
    }
    List<byte[]> entries = new ArrayList<>(records.size());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (QueueEntry.RecordEntry<?, ?> r : records) {
      bytes.reset();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeLong(r.timestamp);
      @SuppressWarnings("unchecked")
      IN value = (IN) r.value;
      serializer.serialize(value, out);
      out.flush();
      entries.add(bytes.toByteArray());
    }
    ListState<byte[]> state = backend.getListState(DESCRIPTOR);
    state.update(entries);
  }

  List<StreamRecord<IN>> restore(OperatorStateBackend backend) throws Exception {
    List<StreamRecord<IN>> records = new ArrayList<>();
    for (byte[] entry : backend.getListState(DESCRIPTOR).get()) {
      if (serializer == null) {
        throw new IllegalStateException("'" + operatorName + "' has in-flight records to restore, but the type of"
            + " its input is unknown; declare it with .returns(...) on the operator before it");
      }
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry))) {
        long timestamp = in.readLong();
        records.add(new StreamRecord<>(serializer.deserialize(in), timestamp));
      } catch (IOException e) {
        throw new IOException("cannot read an in-flight record of '" + operatorName + "': " + e.getMessage(), e);
      }
    }
    return records;
  }
}
