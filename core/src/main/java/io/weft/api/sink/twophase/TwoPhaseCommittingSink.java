package io.weft.api.sink.twophase;

import io.weft.api.functions.SubtaskInfo;
import io.weft.api.sink.Sink;
import io.weft.api.sink.SinkWriter;

/**
 * A sink whose output becomes visible exactly once, by a two-phase commit tied to checkpoints (the
 * semantics of Flink's {@code TwoPhaseCommittingSink}):
 * <ol>
 *   <li>Its {@link PrecommittingSinkWriter} writes elements where no reader sees them yet.</li>
 *   <li>At a checkpoint's barrier the writer prepares what it wrote ({@link
 *       PrecommittingSinkWriter#prepareCommit}): a <em>committable</em> per file, transaction or
 *       whatever unit the sink commits. The committables are part of the checkpoint.</li>
 *   <li>When the checkpoint completes, the {@link Committer} makes them visible.</li>
 *   <li>A restore commits the committables of the restored checkpoint again (it completed, but the
 *       failure may have overtaken the commit), so a commit must be idempotent; then the writer
 *       retracts what it wrote after that checkpoint, which the sources replay.</li>
 *   <li>The end of the input prepares and commits everything, under {@link #END_OF_INPUT}.</li>
 * </ol>
 * Implement the three factory methods; {@link #createWriter} wires them to the engine. {@code
 * FileSink}, the files connector's sinks and {@code KafkaSink} (EXACTLY_ONCE) are built on it.
 *
 * @param <T> the elements
 * @param <C> the committable: what the checkpoint keeps until the commit
 */
public interface TwoPhaseCommittingSink<T, C> extends Sink<T> {
  /** The checkpoint id under which the end of the input prepares its committables. */
  long END_OF_INPUT = Long.MAX_VALUE;

  PrecommittingSinkWriter<T, C> createPrecommittingWriter(SubtaskInfo context) throws Exception;

  Committer<C> createCommitter(SubtaskInfo context) throws Exception;

  /** Writes committables into checkpoints and reads them back after a restore. */
  CommittableSerializer<C> getCommittableSerializer();

  @Override
  default SinkWriter<T> createWriter(SubtaskInfo context) throws Exception {
    return new TwoPhaseCommitWriter<>(this, context);
  }
}
