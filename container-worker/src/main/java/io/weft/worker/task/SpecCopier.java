package io.weft.worker.task;

import io.weft.core.plan.OperatorSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Gives every subtask its own copy of the user's functions. The copy is made by serializing the
 * objects that the user's own main() built in this JVM and reading them straight back: the bytes
 * never leave memory and never come from the network, so this is not the deserialization hole
 * that DESIGN.md rules out for network input.
 */
public final class SpecCopier {
  private SpecCopier() {}

  public static OperatorSpec copy(OperatorSpec spec, String operatorName, ClassLoader classLoader) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(spec);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException("The function of operator '" + operatorName + "' cannot be copied to its"
          + " parallel instances: " + e.getMessage() + " is not serializable. Make the fields it captures"
          + " serializable, or transient and created in open()", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("The function of operator '" + operatorName + "' cannot be copied: " + e, e);
    }
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()), classLoader)) {
      return (OperatorSpec) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalArgumentException("The function of operator '" + operatorName + "' cannot be copied: " + e, e);
    }
  }

  /** Resolves classes through the user code's class loader. */
  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
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
