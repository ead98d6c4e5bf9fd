package io.weft.appmaster;

import io.weft.appmaster.checkpoint.CheckpointCoordinator;
import io.weft.appmaster.checkpoint.SavepointLocation;
import io.weft.core.checkpoint.CheckpointMetadata;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.rpc.DeployTask;
import io.weft.core.rpc.PeerAddresses;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.StateAssignment;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a deployment of the job carries: the checkpoint it restores, for each subtask its
 * {@link DeployTask}, and once per TaskManager the table of TaskManager addresses
 * ({@link PeerAddresses}) from which it finds the peers it exchanges data with. The JobManager
 * decides when to deploy; this class what, so the two read apart. Event thread only.
 */
final class Deployments {
  /** The JobManager's logger, so these lines keep the category they always had in the ApplicationMaster's log. */
  private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);

  private final ApplicationAttemptId attemptId;
  private final String jobId;
  /** The plan as staged, and the one deployed now (they differ after an in-place rescale). */
  private final JobGraph staged;
  private JobGraph graph;
  private final Placement placement;
  private final Configuration conf;
  private final YarnConfiguration yarnConf;
  private final CheckpointCoordinator checkpoints;
  /** The registered TaskManager at a position of the placement, or null. */
  private final IntFunction<TaskManagerInfo> taskManagerAt;
  /** Whether this attempt took over the checkpoint directory (at its first deployment). */
  private boolean resumed;

  /** {@code graph}: the plan the job runs at first, {@code staged} rescaled by an earlier attempt or {@code staged}. */
  Deployments(ApplicationAttemptId attemptId, String jobId, JobGraph staged, JobGraph graph, Placement placement,
      Configuration conf, YarnConfiguration yarnConf, CheckpointCoordinator checkpoints,
      IntFunction<TaskManagerInfo> taskManagerAt) {
    this.attemptId = attemptId;
    this.jobId = jobId;
    this.staged = staged;
    this.graph = graph;
    this.placement = placement;
    this.conf = conf;
    this.yarnConf = yarnConf;
    this.checkpoints = checkpoints;
    this.taskManagerAt = taskManagerAt;
  }

  /**
   * Before any container is asked for: the savepoint or checkpoint -s names must be readable and
   * its state claimed by this job's operators (or -n given), so a wrong path or a changed job fails
   * at once with its reason instead of in every task on every restart. Checkpoint ids continue
   * after the restored one, so a transactional sink writing where the old job wrote (files named
   * by checkpoint) never reuses a name.
   */
  void checkInitialState() throws IOException {
    String metadataPath = initialCheckpoint();
    if (metadataPath.isEmpty()) {
      return;
    }
    Path path = new Path(metadataPath);
    CheckpointMetadata metadata;
    try (var in = path.getFileSystem(yarnConf).open(path)) {
      metadata = CheckpointMetadata.read(in, metadataPath);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("there is no savepoint or checkpoint at " + metadataPath
          + " (" + CheckpointOptions.SAVEPOINT_PATH.key() + ", -s)");
    }
    StateAssignment.of(metadata, graph, conf.get(CheckpointOptions.IGNORE_UNCLAIMED_STATE), metadataPath);
    checkpoints.continueAfter(metadata.checkpointId());
  }

  /**
   * What the next deployment restores: the latest readable checkpoint of this job (taken by this or
   * an earlier ApplicationMaster attempt; the job id is the application's, the same in every
   * attempt), else the checkpoint -s names, else nothing.
   */
  String restorePoint() {
    if (checkpoints.jobDirectory() != null) {
      try {
        FileSystem fs = checkpoints.fileSystem();
        if (!resumed) {
          // New ids after every directory there, so no checkpoint (nor a sink file named by it) is
          // written twice; what an earlier attempt left unfinished goes.
          checkpoints.resumeAfterExisting();
          resumed = true;
        }
        CheckpointStorage.Completed latest = CheckpointStorage.latestReadable(fs, checkpoints.jobDirectory());
        if (latest != null) {
          checkpoints.restoringFrom(latest.metadata().checkpointId());
          return latest.path().toString();
        }
      } catch (IOException e) {
        LOG.warn("[{}] Cannot list the checkpoints of job {}: {}; starting without them", attemptId, jobId,
            e.toString());
      }
    }
    return initialCheckpoint();
  }

  /** The checkpoint -s names, as its _metadata file; empty for a fresh start. */
  private String initialCheckpoint() {
    String path = conf.get(CheckpointOptions.SAVEPOINT_PATH);
    if (path == null || path.isBlank()) {
      return "";
    }
    String metadata = SavepointLocation.metadataFile(path);
    LOG.info("[{}] Job {} starts from checkpoint {}", attemptId, jobId, metadata);
    return metadata;
  }

  /** The job runs {@code rescaled} from the next deployment on (an in-place rescale). */
  void useGraph(JobGraph rescaled) {
    graph = rescaled;
  }

  /**
   * Every subtask's {@link DeployTask} for execution attempt {@code attempt}, restoring
   * {@code checkpoint} if not empty, in plan order (so each TaskManager gets its subtasks in plan
   * order). The first one for each TaskManager carries the attempt's address table
   * ({@link #addresses()}), the others {@link PeerAddresses#PREVIOUS}: with a table in every one,
   * or each subtask's peers listed, the deployment would grow with TaskManagers x subtasks.
   */
  List<DeployTask> all(int attempt, String fingerprint, String checkpoint) {
    Map<Integer, Integer> rescaled = io.weft.appmaster.rescale.RescaledParallelism.differences(staged, graph);
    PeerAddresses table = addresses();
    Set<Integer> sentTable = new HashSet<>();
    List<DeployTask> deploys = new ArrayList<>();
    for (JobVertex v : graph.vertices()) {
      for (int i = 0; i < v.parallelism(); i++) {
        PeerAddresses addresses = sentTable.add(placement.taskManagerOf(i)) ? table : PeerAddresses.PREVIOUS;
        deploys.add(new DeployTask(jobId, String.valueOf(v.id()), i, attempt, placement.slotOf(i), fingerprint,
            addresses, checkpoint, rescaled));
      }
    }
    return deploys;
  }

  /**
   * Where each TaskManager position of the attempt about to be deployed serves its data, and the
   * placement rule: one table for the whole deployment, sent once to each TaskManager, from which it
   * finds its subtasks' peers on the others (the plan says which subtasks are connected). Every
   * position must be registered.
   */
  private PeerAddresses addresses() {
    int n = placement.numTaskManagers();
    List<PeerAddresses.DataAddress> table = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      TaskManagerInfo tm = taskManagerAt.apply(k);
      if (tm == null) {
        throw new IllegalStateException("no TaskManager is registered at position " + k + " of " + n);
      }
      table.add(new PeerAddresses.DataAddress(tm.dataHost, tm.dataPort));
    }
    return new PeerAddresses(placement.spread(), placement.stride(), table);
  }
}
