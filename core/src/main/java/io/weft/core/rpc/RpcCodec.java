package io.weft.core.rpc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The binary form of {@link RpcMessage}s: one type byte, then the fields in declaration order.
 * int and long are big-endian, a string is an int byte length and that many bytes of UTF-8, a list is
 * an int element count and the elements, a {@link TaskState} is one byte (its code). Lengths and
 * counts are checked against {@link Wire} limits before anything is allocated.
 */
public final class RpcCodec {
  // The type bytes are the protocol: never renumber them, only add.
  static final int REGISTER_TASK_MANAGER = 1;
  static final int REGISTRATION_ACCEPTED = 2;
  static final int REGISTRATION_REJECTED = 3;
  static final int HEARTBEAT = 4;
  static final int DEPLOY_TASK = 5;
  static final int CANCEL_TASK = 6;
  static final int TASK_STATE_CHANGED = 7;
  static final int SHUTDOWN = 8;
  static final int ACK = 9;
  static final int ERROR_REPLY = 10;
  static final int TRIGGER_CHECKPOINT = 11;
  static final int ACKNOWLEDGE_CHECKPOINT = 12;
  static final int CHECKPOINT_COMPLETE = 13;
  static final int TRIGGER_SAVEPOINT = 20;
  static final int SAVEPOINT_COMPLETED = 21;
  static final int UPDATE_DELEGATION_TOKENS = 22;
  static final int TRIGGER_RESCALE = 23;
  static final int RESCALE_COMPLETED = 24;
  static final int TASK_INPUT_ENDED = 25;

  private RpcCodec() {}

  public static void write(RpcMessage message, DataOutput out) throws IOException {
    Objects.requireNonNull(message, "message");
    if (message instanceof RegisterTaskManager m) {
      out.writeByte(REGISTER_TASK_MANAGER);
      m.writeTo(out);
    } else if (message instanceof RegistrationAccepted m) {
      out.writeByte(REGISTRATION_ACCEPTED);
      m.writeTo(out);
    } else if (message instanceof RegistrationRejected m) {
      out.writeByte(REGISTRATION_REJECTED);
      m.writeTo(out);
    } else if (message instanceof Heartbeat m) {
      out.writeByte(HEARTBEAT);
      m.writeTo(out);
    } else if (message instanceof DeployTask m) {
      out.writeByte(DEPLOY_TASK);
      m.writeTo(out);
    } else if (message instanceof CancelTask m) {
      out.writeByte(CANCEL_TASK);
      m.writeTo(out);
    } else if (message instanceof TaskStateChanged m) {
      out.writeByte(TASK_STATE_CHANGED);
      m.writeTo(out);
    } else if (message instanceof Shutdown m) {
      out.writeByte(SHUTDOWN);
      m.writeTo(out);
    } else if (message instanceof Ack m) {
      out.writeByte(ACK);
      m.writeTo(out);
    } else if (message instanceof ErrorReply m) {
      out.writeByte(ERROR_REPLY);
      m.writeTo(out);
    } else if (message instanceof TriggerCheckpoint m) {
      out.writeByte(TRIGGER_CHECKPOINT);
      m.writeTo(out);
    } else if (message instanceof AcknowledgeCheckpoint m) {
      out.writeByte(ACKNOWLEDGE_CHECKPOINT);
      m.writeTo(out);
    } else if (message instanceof CheckpointComplete m) {
      out.writeByte(CHECKPOINT_COMPLETE);
      m.writeTo(out);
    } else if (message instanceof TriggerSavepoint m) {
      out.writeByte(TRIGGER_SAVEPOINT);
      m.writeTo(out);
    } else if (message instanceof SavepointCompleted m) {
      out.writeByte(SAVEPOINT_COMPLETED);
      m.writeTo(out);
    } else if (message instanceof UpdateDelegationTokens m) {
      out.writeByte(UPDATE_DELEGATION_TOKENS);
      m.writeTo(out);
    } else if (message instanceof TriggerRescale m) {
      out.writeByte(TRIGGER_RESCALE);
      m.writeTo(out);
    } else if (message instanceof RescaleCompleted m) {
      out.writeByte(RESCALE_COMPLETED);
      m.writeTo(out);
    } else if (message instanceof TaskInputEnded m) {
      out.writeByte(TASK_INPUT_ENDED);
      m.writeTo(out);
    } else {
      // Unreachable while RpcMessage is sealed; guards against a permit added without a codec.
      throw new IllegalArgumentException("no codec for " + message.getClass().getName());
    }
  }

  /**
   * Reads one message. Malformed input fails with an {@link RpcProtocolException} naming the message
   * type and the offset (from the type byte) of the field that could not be read.
   */
  public static RpcMessage read(DataInput input) throws IOException {
    WireInput in = new WireInput(input);
    int type;
    try {
      type = in.readUnsignedByte("type");
    } catch (IOException e) {
      if (WireInput.isTruncation(e)) {
        throw new RpcProtocolException("empty RPC message: no type byte at offset 0");
      }
      throw e;
    }
    String name = typeName(type);
    if (name == null) {
      throw new RpcProtocolException(String.format("unknown RPC message type %d (0x%02x) at offset 0", type, type));
    }
    try {
      return readBody(type, in);
    } catch (WireInput.MalformedField e) {
      throw new RpcProtocolException(
          "malformed " + name + " at offset " + in.fieldStart() + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      // The record's own validation rejected a value that was well-formed on the wire.
      throw new RpcProtocolException("invalid " + name + " (read up to offset " + in.position() + "): "
          + e.getMessage(), e);
    } catch (IOException e) {
      if (WireInput.isTruncation(e)) {
        throw new RpcProtocolException("truncated " + name + " at offset " + in.fieldStart()
            + ": the message ends inside field " + in.field(), e);
      }
      throw e;
    }
  }

  /** The whole of {@code bytes} must be one message: trailing bytes are an error. */
  public static RpcMessage decode(byte[] bytes) throws RpcProtocolException {
    ByteArrayInputStream stream = new ByteArrayInputStream(bytes);
    RpcMessage message;
    try {
      message = read(new DataInputStream(stream));
    } catch (RpcProtocolException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("reading from a byte array cannot fail", e);
    }
    int rest = stream.available();
    if (rest > 0) {
      int end = bytes.length - rest;
      throw new RpcProtocolException(rest + " unexpected bytes at offset " + end + " after the end of "
          + message.getClass().getSimpleName());
    }
    return message;
  }

  public static byte[] encode(RpcMessage message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      write(message, new DataOutputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a byte array cannot fail", e);
    }
    return bytes.toByteArray();
  }

  static TaskState readState(WireInput in) throws IOException {
    int code = in.readUnsignedByte("state");
    TaskState state = TaskState.ofCode(code);
    if (state == null) {
      throw new WireInput.MalformedField("unknown task state code " + code);
    }
    return state;
  }

  private static RpcMessage readBody(int type, WireInput in) throws IOException {
    switch (type) {
      case REGISTER_TASK_MANAGER: return RegisterTaskManager.readFrom(in);
      case REGISTRATION_ACCEPTED: return RegistrationAccepted.readFrom(in);
      case REGISTRATION_REJECTED: return RegistrationRejected.readFrom(in);
      case HEARTBEAT: return Heartbeat.readFrom(in);
      case DEPLOY_TASK: return DeployTask.readFrom(in);
      case CANCEL_TASK: return CancelTask.readFrom(in);
      case TASK_STATE_CHANGED: return TaskStateChanged.readFrom(in);
      case SHUTDOWN: return Shutdown.readFrom(in);
      case ACK: return Ack.readFrom(in);
      case ERROR_REPLY: return ErrorReply.readFrom(in);
      case TRIGGER_CHECKPOINT: return TriggerCheckpoint.readFrom(in);
      case ACKNOWLEDGE_CHECKPOINT: return AcknowledgeCheckpoint.readFrom(in);
      case CHECKPOINT_COMPLETE: return CheckpointComplete.readFrom(in);
      case TRIGGER_SAVEPOINT: return TriggerSavepoint.readFrom(in);
      case SAVEPOINT_COMPLETED: return SavepointCompleted.readFrom(in);
      case UPDATE_DELEGATION_TOKENS: return UpdateDelegationTokens.readFrom(in);
      case TRIGGER_RESCALE: return TriggerRescale.readFrom(in);
      case RESCALE_COMPLETED: return RescaleCompleted.readFrom(in);
      case TASK_INPUT_ENDED: return TaskInputEnded.readFrom(in);
      default: throw new IllegalStateException("typeName and readBody disagree on type " + type);
    }
  }

  private static String typeName(int type) {
    switch (type) {
      case REGISTER_TASK_MANAGER: return "RegisterTaskManager";
      case REGISTRATION_ACCEPTED: return "RegistrationAccepted";
      case REGISTRATION_REJECTED: return "RegistrationRejected";
      case HEARTBEAT: return "Heartbeat";
      case DEPLOY_TASK: return "DeployTask";
      case CANCEL_TASK: return "CancelTask";
      case TASK_STATE_CHANGED: return "TaskStateChanged";
      case SHUTDOWN: return "Shutdown";
      case ACK: return "Ack";
      case ERROR_REPLY: return "ErrorReply";
      case TRIGGER_CHECKPOINT: return "TriggerCheckpoint";
      case ACKNOWLEDGE_CHECKPOINT: return "AcknowledgeCheckpoint";
      case CHECKPOINT_COMPLETE: return "CheckpointComplete";
      case TRIGGER_SAVEPOINT: return "TriggerSavepoint";
      case SAVEPOINT_COMPLETED: return "SavepointCompleted";
      case UPDATE_DELEGATION_TOKENS: return "UpdateDelegationTokens";
      case TRIGGER_RESCALE: return "TriggerRescale";
      case RESCALE_COMPLETED: return "RescaleCompleted";
      case TASK_INPUT_ENDED: return "TaskInputEnded";
      default: return null;
    }
  }
}
