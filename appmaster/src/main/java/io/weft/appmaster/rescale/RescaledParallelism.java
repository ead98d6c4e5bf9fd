package io.weft.appmaster.rescale;

import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parallelism in-place rescales gave the job, kept for the next ApplicationMaster attempt:
 * {@value #NAME} in the application's staging directory (which every attempt shares and which goes
 * when the application ends). Without it, an attempt after {@code weft rescale -p 4} would deploy
 * the parallelism the job was submitted with.
 *
 * <p>Written when a rescale completed (every task RUNNING at its new parallelism), never before: an
 * attempt that dies during a rescale leaves the previous record, whose parallelism the checkpoint
 * being restored was taken at or can be redistributed to. Written to a temporary name and renamed
 * over the old record in one step ({@link FileContext#rename} with OVERWRITE, atomic on HDFS), so a
 * later attempt reads the old record or the new one, never neither. The format: the line
 * {@value #HEADER}, the line {@code plan <fingerprint>} of the staged plan, then one line
 * {@code <vertex id> <parallelism>} per task whose parallelism differs from the staged plan's (none:
 * the job runs as submitted).
 */
public final class RescaledParallelism {
  private static final Logger LOG = LoggerFactory.getLogger(RescaledParallelism.class);
  public static final String NAME = "rescaled-parallelism";
  static final String HEADER = "weft-rescaled-parallelism 1";
  /** A record is a few lines per task; anything larger is not one. */
  private static final int MAX_BYTES = 1 << 20;

  private final FileSystem fs;
  private final Path file;
  private final Path temp;

  public RescaledParallelism(FileSystem fs, Path stagingDir) {
    this.fs = fs;
    this.file = new Path(stagingDir, NAME);
    this.temp = new Path(stagingDir, "." + NAME + ".tmp");
  }

  /** Whether a top-level name in the staging directory is this record or its temporary: not a container file. */
  public static boolean isRuntimeFile(String name) {
    return name.equals(NAME) || name.startsWith("." + NAME + ".");
  }

  /** Records that the job runs {@code running}: the parallelism of each task that differs from {@code staged}'s. */
  public void save(JobGraph staged, JobGraph running) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n').append("plan ").append(staged.fingerprint())
        .append('\n');
    differences(staged, running).forEach((id, p) -> text.append(id).append(' ').append(p).append('\n'));
    try (FSDataOutputStream out = fs.create(temp, true)) {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(temp, file, Options.Rename.OVERWRITE);
  }

  /**
   * The recorded parallelism by vertex id (empty: none recorded, or the job runs as submitted).
   *
   * @throws IOException when the record cannot be read, is damaged, or belongs to another plan
   */
  public Map<Integer, Integer> read(JobGraph staged) throws IOException {
    byte[] bytes;
    try (InputStream in = fs.open(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (FileNotFoundException e) {
      return Map.of();
    }
    if (bytes.length > MAX_BYTES) {
      throw new IOException(file + " is larger than " + MAX_BYTES + " bytes: not a rescale record");
    }
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
    if (lines.length < 2 || !lines[0].equals(HEADER) || !lines[1].startsWith("plan ")) {
      throw new IOException(file + " is not a rescale record (no '" + HEADER + "' and plan lines)");
    }
    String plan = lines[1].substring("plan ".length());
    if (!plan.equals(staged.fingerprint())) {
      throw new IOException(file + " records a plan of fingerprint " + plan + ", not the staged one ("
          + staged.fingerprint() + ")");
    }
    Map<Integer, Integer> parallelism = new TreeMap<>();
    for (int i = 2; i < lines.length; i++) {
      String[] f = lines[i].split(" ");
      try {
        if (f.length != 2 || parallelism.put(Integer.parseInt(f[0]), Integer.parseInt(f[1])) != null) {
          throw new NumberFormatException("two fields, each vertex once");
        }
      } catch (NumberFormatException e) {
        throw new IOException(file + " is a damaged rescale record (line " + (i + 1) + ": '" + lines[i] + "')");
      }
    }
    return parallelism;
  }

  /**
   * The plan this ApplicationMaster attempt runs: {@code staged} at the parallelism an earlier attempt's
   * rescales recorded, or {@code staged} itself when none did. A record that cannot be read or used is
   * logged and the job runs as submitted: its latest checkpoint restores at any parallelism.
   */
  public JobGraph applyTo(JobGraph staged, ClassLoader loader, Object logId) {
    try {
      Map<Integer, Integer> recorded = read(staged);
      if (recorded.isEmpty()) {
        return staged;
      }
      JobGraph running = staged.rescaled(recorded, loader);
      LOG.info("[{}] Job '{}' was rescaled in place by an earlier attempt; it runs at {} (recorded in {})", logId,
          staged.jobName(), Rescaler.describe(running), file);
      return running;
    } catch (IOException | RuntimeException e) {
      LOG.warn("[{}] Cannot use the rescaled parallelism of job '{}' ({}); it runs at the parallelism it was"
          + " submitted with", logId, staged.jobName(), e.toString());
      return staged;
    }
  }

  /** Each task of {@code running} whose parallelism differs from {@code staged}'s, by vertex id. */
  public static Map<Integer, Integer> differences(JobGraph staged, JobGraph running) {
    Map<Integer, Integer> diff = new TreeMap<>();
    for (JobVertex v : running.vertices()) {
      if (staged.vertex(v.id()).parallelism() != v.parallelism()) {
        diff.put(v.id(), v.parallelism());
      }
    }
    return diff;
  }
}
