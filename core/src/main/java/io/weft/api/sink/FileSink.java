package io.weft.api.sink;

import io.weft.api.functions.SubtaskInfo;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
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
 *   <li>When the input ends, everything pending and the last file are committed, the last as
 *       {@code part-<subtask>-end}. If another subtask then fails, the restore deletes what was
 *       committed after the restored checkpoint and the replay writes it again, so a reader may
 *       see such files come and go (Weft has no checkpoints after tasks finish yet).</li>
 * </ol>
 * Only committed files are output; readers must skip names starting with a dot. Without
 * checkpoints everything is committed at the end of the input.
 */
public final class FileSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  private final String directory;

  public FileSink(String directory) {
    this.directory = directory;
  }

  @Override
  public SinkWriter<T> createWriter(SubtaskInfo context) throws IOException {
    return new Writer<>(new Path(directory), context.subtaskIndex(), context.attemptNumber());
  }

  /** A file closed for a checkpoint, waiting for it to complete; both paths absolute. */
  private record Pending(long checkpointId, Path inProgress, Path committed) {}

  /**
   * Marks the state format whose paths are absolute. The first format began with the subtask
   * (never negative) and held names relative to the sink's directory, so a job restored with the
   * sink pointed elsewhere looked for its pending files in the wrong place, on every restart.
   */
  private static final int ABSOLUTE_PATHS = -2;

  private static final class Writer<T> implements SinkWriter<T> {
    private final Path dir;
    private final int subtask;
    private final int attempt;
    private final FileSystem fs;
    private final List<Pending> pending = new ArrayList<>();
    private BufferedWriter out;
    private Path current;
    private int fileCount;

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

    /** Closes the in-progress file, durably (hsync-equivalent close), as pending under {@code name}. */
    private void closeCurrent(long checkpointId, String name) throws IOException {
      if (out == null) {
        return;
      }
      out.close();
      out = null;
      pending.add(new Pending(checkpointId, current, new Path(dir, name)));
      current = null;
    }

    @Override
    public byte[] snapshotState(long checkpointId) throws IOException {
      closeCurrent(checkpointId, "part-" + subtask + "-" + checkpointId);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream data = new DataOutputStream(bytes);
      data.writeInt(ABSOLUTE_PATHS);
      data.writeInt(subtask); // whose files: another subtask takes them over at another parallelism
      data.writeLong(checkpointId);
      data.writeUTF(dir.toString()); // where that subtask wrote: a restored job may write elsewhere
      data.writeInt(pending.size());
      for (Pending p : pending) {
        data.writeLong(p.checkpointId());
        data.writeUTF(p.inProgress().toString());
        data.writeUTF(p.committed().toString());
      }
      data.flush();
      return bytes.toByteArray();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws IOException {
      for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
        Pending p = it.next();
        if (p.checkpointId() <= checkpointId) {
          commit(p);
          it.remove();
        }
      }
    }

    private void commit(Pending p) throws IOException {
      Path from = p.inProgress();
      Path to = p.committed();
      FileSystem fs = from.getFileSystem(this.fs.getConf()); // a restored job may write to another one
      if (fs.exists(from)) {
        if (!fs.rename(from, to)) {
          throw new IOException("cannot commit " + from + " as " + to);
        }
      } else if (!fs.exists(to)) {
        throw new IOException("pending file " + from + " is gone and was never committed as " + to);
      }
    }

    @Override
    public void restoreState(byte[] state) throws IOException {
      if (state == null) {
        deleteAfter(dir, subtask, -1); // restarted from the beginning: everything is written again
      } else {
        restore(state);
      }
    }

    /**
     * Restored at another parallelism: finishes the files of each old subtask taken over as if it
     * were that subtask. Its own name's in-progress files, if no state covers them, are leftovers.
     */
    @Override
    public void restoreRescaled(List<byte[]> states) throws IOException {
      boolean ownCovered = false;
      for (byte[] state : states) {
        ownCovered |= restore(state) == subtask;
      }
      if (!ownCovered) {
        deleteInProgress(fs, dir, subtask);
      }
    }

    /** Commits the files pending in a restored state and retracts the rest of its subtask's; returns that subtask. */
    private int restore(byte[] state) throws IOException {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
      int first = in.readInt();
      boolean absolute = first == ABSOLUTE_PATHS;
      int owner = absolute ? in.readInt() : first;
      long restored = in.readLong();
      Path written = absolute ? new Path(in.readUTF()) : dir; // the first format knew only this directory
      int n = in.readInt();
      if (owner < 0 || n < 0 || n > 1_000_000) {
        throw new IOException("corrupt file sink state: subtask " + owner + ", " + n + " pending files");
      }
      for (int i = 0; i < n; i++) {
        long checkpoint = in.readLong();
        String from = in.readUTF();
        String to = in.readUTF();
        // The restored checkpoint completed: its files are committed where they were written.
        commit(absolute ? new Pending(checkpoint, new Path(from), new Path(to))
            : new Pending(checkpoint, new Path(dir, from), new Path(dir, to)));
      }
      deleteAfter(written, owner, restored);
      if (!written.equals(dir)) {
        deleteAfter(dir, owner, restored); // what an earlier attempt of this job left here
      }
      return owner;
    }

    /**
     * What is still in progress was written after the restored checkpoint. So were files committed
     * without a completed checkpoint after it: the end file of a subtask that finished before
     * another failed (finishing commits what is pending), or a checkpoint that completed while the
     * restart chose an older one. The sources replay all of it, so it goes. (Checkpoints after tasks
     * finish would avoid retracting committed files.)
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
        return true;
      }
      try {
        return Long.parseLong(suffix) > id;
      } catch (NumberFormatException e) {
        return false; // not one of ours
      }
    }

    @Override
    public void finish() throws IOException {
      closeCurrent(Long.MAX_VALUE, "part-" + subtask + "-end");
      notifyCheckpointComplete(Long.MAX_VALUE);
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
