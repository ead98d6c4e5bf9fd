package io.weft.it;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the test classes without {@link SharedYarn} clusters first (those that start their own,
 * which would make a shared pair unusable, see {@link SharedYarn}), then the classes of each shared
 * shape together, so each shape's clusters start once. By name within a group, for a stable order.
 * Set in src/test/resources/junit-platform.properties.
 */
public final class SharedYarnOrder implements ClassOrderer {
  @Override
  public void orderClasses(ClassOrdererContext context) {
    context.getClassDescriptors().sort(Comparator.comparing(SharedYarnOrder::shape)
        .thenComparing(d -> d.getTestClass().getName()));
  }

  /** "" for a class without shared clusters, else its shape. */
  private static String shape(ClassDescriptor descriptor) {
    for (Field f : descriptor.getTestClass().getDeclaredFields()) {
      if (f.getType() == SharedYarn.class && Modifier.isStatic(f.getModifiers())) {
        try {
          f.setAccessible(true);
          return ((SharedYarn) f.get(null)).shape();
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("cannot read " + f, e);
        }
      }
    }
    return "";
  }
}
