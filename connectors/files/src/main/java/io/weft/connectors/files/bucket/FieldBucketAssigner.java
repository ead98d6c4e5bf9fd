package io.weft.connectors.files.bucket;

import io.weft.api.functions.KeySelector;

/** Buckets by a field's value, Hive style: {@code <name>=<value>}. */
public final class FieldBucketAssigner<T> implements BucketAssigner<T> {
  private static final long serialVersionUID = 1L;
  private final String name;
  private final KeySelector<T, ?> field;

  private FieldBucketAssigner(String name, KeySelector<T, ?> field) {
    this.name = name;
    this.field = field;
  }

  public static <T> FieldBucketAssigner<T> of(String name, KeySelector<T, ?> field) {
    return new FieldBucketAssigner<>(name, field);
  }

  @Override
  public String getBucketId(T element, Context context) {
    Object value;
    try {
      value = field.getKey(element);
    } catch (Exception e) {
      throw new IllegalStateException("bucket field '" + name + "' could not be read from " + element, e);
    }
    // Hive's name for an empty or null value; a slash would open another directory level.
    String text = value == null || String.valueOf(value).isEmpty() ? "__HIVE_DEFAULT_PARTITION__"
        : String.valueOf(value).replace('/', '_');
    return name + "=" + text;
  }
}
