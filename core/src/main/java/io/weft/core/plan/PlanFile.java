package io.weft.core.plan;

import io.weft.core.rpc.RpcSecret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The job's plan with the user's function objects as {@code main()} built them in the client,
 * staged once per submission ({@value #NAME}) and read by every ApplicationMaster attempt and
 * TaskManager, so that every subtask sees the values the client computed and {@code main()} runs
 * once.
 *
 * <p>Format, version {@value #VERSION}: the magic {@code WEFTPLAN} (8 bytes), the version (int), the
 * payload's length (int), an HMAC-SHA256 over the magic, version, length and payload (32 bytes),
 * then the payload: the {@link JobGraph} in Java serialization.
 *
 * <p>Why Java serialization is acceptable here, when nothing received over the network may be read
 * with it: the file never crosses a Weft port. It sits in the application user's own 0700 staging
 * directory next to {@code job.jar}, which every container runs anyway, and the MAC (keyed from the
 * application secret, which only the launcher and the application's containers hold) is checked
 * before a single object is read, so a file that anyone else wrote or changed is refused unread.
 */
public final class PlanFile {
  /** The file's name in the staging directory and in every container's working directory. */
  public static final String NAME = "job.plan";
  static final int VERSION = 1;
  private static final byte[] MAGIC = "WEFTPLAN".getBytes(StandardCharsets.US_ASCII);
  private static final int MAC_LENGTH = 32;
  private static final int HEADER_LENGTH = MAGIC.length + 4 + 4 + MAC_LENGTH;
  private static final String HMAC = "HmacSHA256";

  private PlanFile() {}

  /** The key that signs plan files: derived from the secret, so no other protocol's proof counts here. */
  public static byte[] key(RpcSecret secret) {
    return secret.hmac("weft-plan-file-key".getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code graph} signed with {@code key}.
   *
   * @throws IllegalArgumentException naming the operator, if one of the user's objects cannot be serialized
   */
  public static void write(JobGraph graph, byte[] key, OutputStream out) throws IOException {
    byte[] payload = serialize(graph);
    ByteArrayOutputStream header = new ByteArrayOutputStream(HEADER_LENGTH);
    DataOutputStream h = new DataOutputStream(header);
    h.write(MAGIC);
    h.writeInt(VERSION);
    h.writeInt(payload.length);
    h.write(mac(key, MAGIC, VERSION, payload));
    header.writeTo(out);
    out.write(payload);
  }

  /** {@link #write} into a byte array. */
  public static byte[] toBytes(JobGraph graph, byte[] key) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(graph, key, out);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /**
   * Reads a plan written by {@link #write}, checking its MAC before anything is deserialized, with
   * the user's classes from {@code loader}.
   *
   * @param file the file's name or path as the messages should name it
   * @throws InvalidPlanFileException naming {@code file}: not a plan file, another version, a MAC
   *     that does not match, or a class that does not load
   */
  public static JobGraph read(InputStream in, String file, byte[] key, ClassLoader loader) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] magic = new byte[MAGIC.length];
    int version;
    int length;
    byte[] mac = new byte[MAC_LENGTH];
    byte[] payload;
    try {
      data.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new InvalidPlanFileException(file, "it is not a Weft plan file (bad magic)");
      }
      version = data.readInt();
      if (version != VERSION) {
        throw new InvalidPlanFileException(file, "it has format version " + version + ", but this Weft reads version "
            + VERSION + "; submit the job again with this version's weft command");
      }
      length = data.readInt();
      if (length < 0) {
        throw new InvalidPlanFileException(file, "its length field is negative (" + length + ")");
      }
      data.readFully(mac);
      payload = data.readNBytes(length);
    } catch (EOFException e) {
      throw new InvalidPlanFileException(file, "it ends inside its header");
    }
    if (payload.length != length) {
      throw new InvalidPlanFileException(file, "it is truncated: " + payload.length + " of " + length
          + " payload bytes");
    }
    if (data.read() >= 0) {
      throw new InvalidPlanFileException(file, "it has bytes after its " + length + "-byte payload");
    }
    if (!MessageDigest.isEqual(mac, mac(key, magic, version, payload))) {
      throw new InvalidPlanFileException(file, "its MAC does not match: the file was changed after the launcher"
          + " wrote it, or it was written for another application");
    }
    try {
      return deserialize(payload, loader);
    } catch (ClassNotFoundException e) {
      throw new InvalidPlanFileException(file, "class " + e.getMessage() + " does not load: is job.jar (and every"
          + " shipped jar) the one the job was submitted with?", e);
    } catch (InvalidClassException e) {
      throw new InvalidPlanFileException(file, "class " + e.classname + " differs from the one the job was"
          + " submitted with: " + e.getMessage(), e);
    }
  }

  /**
   * The plan as a process that read it from a staged file would see it: serialized and read back
   * with {@code loader}. {@code -m local} runs this, so a function that cannot be shipped fails
   * there exactly as on YARN, and captured values are copies, as in a container.
   */
  public static JobGraph copy(JobGraph graph, ClassLoader loader) {
    byte[] payload = serialize(graph);
    try {
      return deserialize(payload, loader);
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalArgumentException("The job's plan cannot be read back after serializing it: " + e, e);
    }
  }

  private static byte[] serialize(JobGraph graph) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(graph);
    } catch (NotSerializableException e) {
      throw notSerializable(graph, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("The job's plan cannot be serialized: " + e, e);
    }
    return bytes.toByteArray();
  }

  /** Names the first operator whose objects do not serialize on their own (the exception only names a class). */
  private static IllegalArgumentException notSerializable(JobGraph graph, NotSerializableException e) {
    for (StreamNode node : graph.streamGraph().nodes()) {
      try (ObjectOutputStream probe = new ObjectOutputStream(OutputStream.nullOutputStream())) {
        probe.writeObject(node.spec());
      } catch (IOException failed) {
        return new IllegalArgumentException("The function of operator '" + node.name() + "' cannot be shipped to"
            + " its tasks: " + failed.getMessage() + " is not serializable. Make the fields it captures"
            + " serializable, or transient and created in open()", e);
      }
    }
    return new IllegalArgumentException("The job's plan cannot be shipped to its tasks: " + e.getMessage()
        + " is not serializable", e);
  }

  private static JobGraph deserialize(byte[] payload, ClassLoader loader) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new UserCodeObjectInputStream(new ByteArrayInputStream(payload), loader)) {
      return (JobGraph) in.readObject();
    }
  }

  private static byte[] mac(byte[] key, byte[] magic, int version, byte[] payload) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      mac.update(magic);
      mac.update(new byte[] {(byte) (version >>> 24), (byte) (version >>> 16), (byte) (version >>> 8), (byte) version});
      int length = payload.length;
      mac.update(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** A plan file that cannot be used; the message names the file and why. */
  public static final class InvalidPlanFileException extends IOException {
    private static final long serialVersionUID = 1L;

    InvalidPlanFileException(String file, String reason) {
      super("The staged plan " + file + " cannot be used: " + reason);
    }

    InvalidPlanFileException(String file, String reason, Throwable cause) {
      super("The staged plan " + file + " cannot be used: " + reason, cause);
    }
  }

  /** Resolves classes through the user code's class loader first. */
  public static final class UserCodeObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    public UserCodeObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
