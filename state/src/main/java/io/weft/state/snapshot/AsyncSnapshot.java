package io.weft.state.snapshot;

import java.util.concurrent.Callable;

/**
 * The asynchronous part of a snapshot. A backend's {@code snapshot(...)} does the consistent copy
 * on the caller's (task) thread and returns this; {@link #upload()} then writes the files on any
 * other thread while the task goes on changing its state, and returns the handle to acknowledge.
 *
 * <p>Call exactly one of {@link #upload()} (once) or {@link #discard()}: both release what the
 * synchronous part holds (copies of tables, a native snapshot, a local checkpoint directory).
 * {@link #discard()} may also be called while or after {@link #upload()} runs, to cancel it: the
 * upload then stops early and throws, and deletes the files it wrote.
 *
 * @param <H> the handle type
 */
public interface AsyncSnapshot<H> extends Callable<H> {

  /** Writes the snapshot; returns its handle, or null when there was no state to write. */
  H upload() throws Exception;

  /** Releases the snapshot's resources without (or stops) uploading; idempotent. */
  void discard();

  @Override
  default H call() throws Exception {
    return upload();
  }

  /** A snapshot of nothing: {@link #upload()} returns null. */
  static <H> AsyncSnapshot<H> empty() {
    return new AsyncSnapshot<>() {
      @Override
      public H upload() {
        return null;
      }

      @Override
      public void discard() {}
    };
  }
}
