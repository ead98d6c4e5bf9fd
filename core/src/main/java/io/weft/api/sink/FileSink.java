package io.weft.api.sink;

import io.weft.api.functions.SubtaskInfo;
import io.weft.api.sink.twophase.CommittableSerializer;
import io.weft.api.sink.twophase.Committer;
import io.weft.api.sink.twophase.PendingFile;
import io.weft.api.sink.twophase.PendingFileCommitter;
import io.weft.api.sink.twophase.PrecommittingSinkWriter;
import io.weft.api.sink.twophase.TwoPhaseCommittingSink;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes each element's {@code toString()} as a line, exactly once even across failures, on any
 * Hadoop FileSystem. A two-phase commit tied to checkpoints:
 * <ol>
 *   <li>Lines go to a hidden in-progress file, {@code .part-<subtask>-<attempt>-<n>.inprogress}.</li>
 *   <li>On a checkpoint's barrier the file is closed (pre-commit): it is pending for that checkpoint,
 *       and the list of pending files is the writer's checkpointed state.</li>
 *   <li>When the checkpoint completes, its pending files are renamed to {@code part-<subtask>-<checkpoint>}
 *       (commit). A rename already done is skipped, so replaying a commit is harmless.</li>
 *   <li>After a restart the writer commits the files pending in the restored checkpoint (it did
 *       complete) where they were written (the state holds absolute paths, so a job restored with the
 *       sink pointed at another directory commits them too) and deletes its other in-progress files: they hold lines written after that
 *       checkpoint, which the sources replay. Restored at another parallelism, a subtask does this
 *       for each old subtask whose state it takes over (old j goes to new j mod p).</li>
 *   <li>When the input ends, the last file is pending as {@code part-<subtask>-end}. With
 *       checkpoints (STREAMING) it is committed with the job's final checkpoint, taken after every
 *       input ended, and a restore of a checkpoint taken after the end keeps it. With
 *       {@code execution.checkpointing.checkpoints-after-tasks-finish.enabled=false} it is committed
 *       at once; if another subtask then fails, the restore deletes what was committed after the
 *       restored checkpoint and the replay writes it again, so a reader may see such files come and go.</li>
 * </ol>
 * Only committed files are output; readers must skip names starting with a dot. Without
 * checkpoints everything is committed at the end of the input.
 */
public final class FileSink<T> implements TwoPhaseCommittingSink<T, PendingFile> {
  private static final long serialVersionUID = 1L;
  private final String directory;

  public FileSink(String directory) {
    this.directory = directory;
  }

  @Override
  public PrecommittingSinkWriter<T, PendingFile> createPrecommittingWriter(SubtaskInfo context) throws IOException {
    return new Writer<>(new Path(directory), context.subtaskIndex(), context.attemptNumber());
  }

  @Override
  public Committer<PendingFile> createCommitter(SubtaskInfo context) {
    return new PendingFileCommitter(new org.apache.hadoop.conf.Configuration());
  }

  @Override
  public CommittableSerializer<PendingFile> getCommittableSerializer() {
    return PendingFile.SERIALIZER;
  }

  private static final class Writer<T> implements PrecommittingSinkWriter<T, PendingFile> {
    private final Path dir;
    private final int subtask;
    private final int attempt;
    private final FileSystem fs;
    private BufferedWriter out;
    private Path current;
    private int fileCount;
    /** Set once the input ended: a checkpoint after that covers everything this subtask writes. */
    private boolean ended;

    Writer(Path dir, int subtask, int attempt) throws IOException {
      this.subtask = subtask;
      this.attempt = attempt;
      this.fs = dir.getFileSystem(new org.apache.hadoop.conf.Configuration());
      this.dir = fs.makeQualified(dir);
      fs.setWriteChecksum(false); // no ".crc" companions next to the output on local disks
      fs.mkdirs(this.dir);
    }

    @Override
    public void write(T value, Long timestamp) throws IOException {
      if (out == null) {
        current = new Path(dir, ".part-" + subtask + "-" + attempt + "-" + fileCount++ + ".inprogress");
        out = new BufferedWriter(new OutputStreamWriter(fs.create(current, true), StandardCharsets.UTF_8), 64 * 1024);
      }
      out.write(String.valueOf(value));
      out.write('\n');
    }

    /** Closes the in-progress file, durably (hsync-equivalent close), as pending under {@code part-<subtask>-<checkpoint>}. */
    @Override
    public Collection<PendingFile> prepareCommit(long checkpointId) throws IOException {
      ended |= checkpointId == END_OF_INPUT;
      if (out == null) {
        return List.of();
      }
      out.close();
      out = null;
      String name = "part-" + subtask + "-" + (checkpointId == END_OF_INPUT ? "end" : String.valueOf(checkpointId));
      PendingFile pending = new PendingFile(current.toString(), new Path(dir, name).toString());
      current = null;
      return List.of(pending);
    }

    /** Whose files (another subtask takes them over at another parallelism), at which checkpoint, where. */
    @Override
    public byte[] snapshotState(long checkpointId) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream data = new DataOutputStream(bytes);
      data.writeInt(subtask);
      // After the end of input (a final checkpoint) the state covers the end file too: no restore of it deletes that.
      data.writeLong(ended ? END_OF_INPUT : checkpointId);
      data.writeUTF(dir.toString()); // where that subtask wrote: a restored job may write elsewhere
      data.flush();
      return bytes.toByteArray();
    }

    /**
     * The restored checkpoints' pending files are committed already; what each subtask taken over
     * wrote after them goes. Its own name's in-progress files, if no state covers them, are
     * leftovers; restarted without a checkpoint, everything is written again.
     */
    @Override
    public void restore(List<byte[]> states, boolean rescaled) throws IOException {
      if (states.isEmpty() && !rescaled) {
        deleteAfter(dir, subtask, -1);
        return;
      }
      boolean ownCovered = false;
      for (byte[] state : states) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
        int owner = in.readInt();
        long restored = in.readLong();
        Path written = new Path(in.readUTF());
        if (owner < 0) {
          throw new IOException("corrupt file sink state: subtask " + owner);
        }
        deleteAfter(written, owner, restored);
        if (!written.equals(dir)) {
          deleteAfter(dir, owner, restored); // what an earlier attempt of this job left here
        }
        ownCovered |= owner == subtask;
      }
      if (!ownCovered) {
        deleteInProgress(fs, dir, subtask);
      }
    }

    /**
     * What is still in progress was written after the restored checkpoint. So were files committed
     * without a completed checkpoint after it: the end file of a subtask that finished before
     * another failed (without final checkpoints, finishing commits what is pending), or a checkpoint
     * that completed while the restart chose an older one. The sources replay all of it, so it goes.
     */
    private void deleteAfter(Path in, int owner, long restored) throws IOException {
      FileSystem fs = in.getFileSystem(this.fs.getConf());
      if (!fs.exists(in)) {
        return;
      }
      String committed = "part-" + owner + "-";
      deleteInProgress(fs, in, owner);
      for (FileStatus f : fs.listStatus(in)) {
        String name = f.getPath().getName();
        if (name.startsWith(committed) && isAfter(name.substring(committed.length()), restored)) {
          fs.delete(f.getPath(), false);
        }
      }
    }

    private void deleteInProgress(FileSystem fs, Path in, int owner) throws IOException {
      String inProgress = ".part-" + owner + "-";
      for (FileStatus f : fs.listStatus(in)) {
        String name = f.getPath().getName();
        if (name.startsWith(inProgress) && name.endsWith(".inprogress")) {
          fs.delete(f.getPath(), false);
        }
      }
    }

    /** Whether a committed file's suffix (a checkpoint id, or "end") comes after checkpoint {@code id}. */
    private static boolean isAfter(String suffix, long id) {
      if (suffix.equals("end")) {
        return id != END_OF_INPUT;
      }
      try {
        return Long.parseLong(suffix) > id;
      } catch (NumberFormatException e) {
        return false; // not one of ours
      }
    }

    @Override
    public void close() throws IOException {
      if (out != null) {
        out.close(); // failure or cancellation: the file stays in progress and is deleted on restore
        out = null;
      }
    }
  }
}
