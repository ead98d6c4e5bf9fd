package io.weft.appmaster;

import org.apache.hadoop.yarn.api.records.ContainerId;

/**
 * What {@link TaskManagerContainers} tells the job about its containers: the narrow way back from
 * YARN's callbacks into the JobManager (implemented by {@link TaskManagerRegistry}). Every method but
 * {@link #post} and {@link #progress} runs on the event thread.
 */
interface ContainerEvents {
  /** Runs {@code action} on the event thread (where the callbacks' work belongs). */
  void post(Runnable action);

  /** Whether the job is ending: a container allocated now is surplus, one that ends is no loss. */
  boolean stopping();

  /** The first position of the placement no TaskManager holds, or -1 when all are held. */
  int freePosition();

  /** A TaskManager is being launched in an allocated container: only such a container may register. */
  void launched(TaskManagerInfo tm);

  /**
   * A container ended (not one released as lost): a loss unless the job is stopping.
   *
   * @param cause how, in words ("its container ended with exit status 1", or a memory kill's words)
   */
  void containerEnded(ContainerId container, String cause);

  /**
   * A lost TaskManager's container ended; {@code record} says how, for the application's
   * diagnostics; {@code memoryKill} is the words of {@code MemoryKill} when YARN killed it for its
   * memory (they go to the job's failures too: the loss was recorded before the reason was known), else null.
   */
  void lostContainerEnded(String record, String memoryKill);

  /** The cluster cannot run the job's TaskManagers (a launch failed, the ResourceManager is gone). */
  void failed(String reason);

  /** The job's progress, for the ResourceManager; any thread. */
  float progress();
}
