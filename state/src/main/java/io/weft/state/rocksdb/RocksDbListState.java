package io.weft.state.rocksdb;

import static io.weft.state.rocksdb.RocksDbKeyedStateBackend.deserialize;

import io.weft.api.state.ListState;
import io.weft.core.types.TypeSerializer;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;

/** A list per (key, namespace): one row holding the elements one after another; add() is a merge (append). */
final class RocksDbListState<E> extends RocksDbState implements ListState<E> {
  private final TypeSerializer<E> elements;

  RocksDbListState(RocksDbKeyedStateBackend<?> backend, RocksDbKeyedStateBackend.Column column,
      TypeSerializer<?> namespaces, TypeSerializer<E> elements) {
    super(backend, column, namespaces);
    this.elements = elements;
  }

  @Override
  public Iterable<E> get() {
    try {
      byte[] bytes = db().get(column.handle, read(), keyAndNamespace());
      if (bytes == null) {
        return List.of();
      }
      List<E> list = new ArrayList<>();
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      DataInputStream data = new DataInputStream(in);
      while (in.available() > 0) {
        list.add(elements.deserialize(data));
      }
      return list;
    } catch (RocksDBException e) {
      throw backend.stateFailed(column.name, e);
    } catch (IOException e) {
      throw new IllegalStateException("state '" + column.name + "': cannot read a stored list: " + e, e);
    }
  }

  @Override
  public void add(E value) {
    if (value == null) {
      throw new NullPointerException("ListState does not take null elements");
    }
    try {
      byte[] key = keyAndNamespace();
      backend.merge(column, key, backend.serialize(elements, value, column.name));
    } catch (RocksDBException e) {
      throw backend.stateFailed(column.name, e);
    }
  }

  private byte[] serializeAll(List<E> values) {
    KeyBytes.Buffer valueBuffer = backend.valueBuffer();
    try {
      for (E e : values) {
        if (e == null) {
          throw new NullPointerException("ListState does not take null elements");
        }
        elements.serialize(e, backend.valueOut());
      }
    } catch (IOException e) {
      throw new IllegalStateException("state '" + column.name + "': " + e.getMessage(), e);
    }
    return valueBuffer.toByteArray();
  }

  @Override
  public void addAll(List<E> values) {
    if (values == null || values.isEmpty()) {
      return;
    }
    try {
      byte[] key = keyAndNamespace();
      backend.merge(column, key, serializeAll(values));
    } catch (RocksDBException e) {
      throw backend.stateFailed(column.name, e);
    }
  }

  @Override
  public void update(List<E> values) {
    if (values == null || values.isEmpty()) {
      clear();
      return;
    }
    try {
      byte[] key = keyAndNamespace();
      backend.put(column, key, serializeAll(values));
    } catch (RocksDBException e) {
      throw backend.stateFailed(column.name, e);
    }
  }

  @Override
  public void clear() {
    try {
      backend.delete(column, keyAndNamespace());
    } catch (RocksDBException e) {
      throw backend.stateFailed(column.name, e);
    }
  }
}
