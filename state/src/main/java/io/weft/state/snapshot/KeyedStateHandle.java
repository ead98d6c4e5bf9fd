package io.weft.state.snapshot;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * What a subtask acknowledges for its keyed state in a checkpoint: the key groups it covers and
 * the files that hold them. Handles travel to the JobManager and are stored with the checkpoint's
 * metadata, always through {@link #writeTo} / {@link #read}, never Java serialization.
 *
 * <p>To restore at any parallelism, give each new subtask every handle whose {@link
 * #keyGroupRange()} overlaps the new subtask's range; the backend picks its key groups out of them.
 *
 * <p>File ownership, for the JobManager's clean-up: {@link #privateFiles()} belong to this handle
 * alone (delete them when its checkpoint is discarded); {@link #sharedFiles()} lie in the shared
 * directory and may be referenced by several checkpoints' handles (delete one when no retained
 * checkpoint references it any more).
 */
public sealed interface KeyedStateHandle permits KeyGroupsStateHandle, IncrementalKeyedStateHandle {
  byte TYPE_KEY_GROUPS = 1;
  byte TYPE_INCREMENTAL = 2;
  byte TYPE_INCREMENTAL_CHANGELOG = 3;

  KeyGroupRange keyGroupRange();

  /** Total bytes of the files this handle needs to restore, shared files included. */
  long stateSize();

  List<String> privateFiles();

  List<String> sharedFiles();

  /** Writes a type byte and the handle's fields. */
  void writeTo(DataOutput out) throws IOException;

  /** Reads a handle written by {@link #writeTo}; rejects malformed input with an IOException. */
  static KeyedStateHandle read(DataInput in) throws IOException {
    byte type = in.readByte();
    return switch (type) {
      case TYPE_KEY_GROUPS -> KeyGroupsStateHandle.readFields(in);
      case TYPE_INCREMENTAL -> IncrementalKeyedStateHandle.readFields(in, false);
      case TYPE_INCREMENTAL_CHANGELOG -> IncrementalKeyedStateHandle.readFields(in, true);
      default -> throw new IOException("corrupt input: unknown keyed state handle type " + type);
    };
  }
}
