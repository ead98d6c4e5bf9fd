package io.weft.api.source;

/**
 * A stand-in for Weft's interface of the same name, so that Weft's Nexmark generator (copied in
 * by run.sh) compiles unchanged against Flink: the same events in both engines.
 */
@FunctionalInterface
public interface GeneratorFunction<T> extends java.io.Serializable {
  T generate(long index) throws Exception;
}
