package io.weft.worker.task;

import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.PlanFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * Gives every subtask its own copy of the user's functions, by serializing the plan's objects (read
 * from the staged {@link PlanFile}, or copied through it in {@code -m local}) and reading them
 * straight back: the bytes never leave memory.
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
    try (ObjectInputStream in = new PlanFile.UserCodeObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()), classLoader)) {
      return (OperatorSpec) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalArgumentException("The function of operator '" + operatorName + "' cannot be copied: " + e, e);
    }
  }
}
